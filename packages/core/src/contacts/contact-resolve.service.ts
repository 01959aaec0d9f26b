import type { Tx } from "@quartet/db/client";
import * as repo from "./contact.repository.ts";
import { type ResolveContactInput, resolveContactInput } from "./contact.schema.ts";

/** Digits long enough to name one person's phone (a 3-digit short code matches nobody). */
const MIN_PHONE_DIGITS = 6;

/**
 * The workspace's contact behind an address on a channel, for every module that hears from people
 * (Inbox ingest, the chat widget, the sandbox): the contact owning that identity; else the contact
 * with the given email (primary or another address) or phone (a WhatsApp number is the phone's
 * digits); else a new contact. The address is recorded as an identity of the contact found, and
 * the profile fills the contact's empty name, phone and avatar (an agent's edit stays).
 *
 * Call it inside the caller's transaction (`tx` must be one): the address is locked until that
 * transaction ends, so twenty first messages of one person arriving at once make one contact.
 * EMAIL and PHONE addresses are the contact's primary email / phone, not extra identities.
 */
export async function resolveContactForIdentity(
  tx: Tx,
  organizationId: string,
  rawInput: ResolveContactInput,
  now: Date = new Date(),
): Promise<string> {
  const input = resolveContactInput.parse(rawInput);
  const { channel, value } = input;
  const phone = input.phone ?? (channel === "WHATSAPP" ? `+${value}` : null);
  const profile = { name: input.name, phone, avatarUrl: input.avatarUrl, now };

  await repo.lockIdentityKey(tx, organizationId, channel, value);
  const owner =
    channel === "EMAIL" || channel === "PHONE"
      ? null
      : await repo.findContactIdByIdentity(tx, organizationId, channel, value);
  if (owner) {
    await repo.fillContactBlanks(tx, organizationId, owner, profile);
    return owner;
  }

  const digits = phone?.replace(/\D/g, "") ?? "";
  let contactId =
    (input.email ? await repo.findContactIdByEmail(tx, organizationId, input.email) : null) ??
    (digits.length >= MIN_PHONE_DIGITS
      ? await repo.findContactIdByPhoneDigits(tx, organizationId, digits)
      : null);

  if (contactId) {
    await repo.fillContactBlanks(tx, organizationId, contactId, profile);
    if (input.email) await repo.fillContactEmail(tx, organizationId, contactId, input.email, now);
  } else if (input.email) {
    // Another address of the same person may be creating it right now: skip on the email's key.
    contactId = await repo.findOrCreateContactIdByEmail(tx, {
      orgId: organizationId,
      email: input.email,
      name: input.name,
      phone,
      avatarUrl: input.avatarUrl,
      now,
    });
  } else {
    contactId = await repo.insertBareContact(tx, {
      orgId: organizationId,
      name: input.name,
      phone,
      avatarUrl: input.avatarUrl,
      now,
    });
  }

  if (channel !== "EMAIL" && channel !== "PHONE") {
    await repo.insertIdentities(tx, organizationId, contactId, [{ channel, value }], now);
  }
  return contactId;
}
