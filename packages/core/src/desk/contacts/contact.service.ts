import type { DbOrTx } from "@quartet/db/client";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { emailSchema } from "../../identity/identity.schema.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { decodeCursor, encodeCursor } from "../../keyset-cursor.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { findOrCreateContactByEmail as findOrCreateContactRow } from "../tickets/ticket.repository.ts";
import * as repo from "./contact.repository.ts";
import {
  type ContactDetail,
  type ContactIdInput,
  type ContactItem,
  type CreateContactInput,
  createContactInput,
  type ListContactsInput,
  listContactsInput,
  type UpdateContactInput,
  updateContactInput,
} from "./contact.schema.ts";

const contactNotFound = () => new AppError("NOT_FOUND", "Contact not found.");
const emailTaken = () =>
  new AppError("CONFLICT", "A contact with this email already exists in this workspace.", {
    email: "This email already belongs to a contact.",
  });

/**
 * The workspace's contact with this email (trimmed, lower-cased), created if missing; returns its id.
 * For other modules (Inbox, inbound email) inside their own transaction: ticket creation uses the same
 * repository function, so there is one find-or-create, safe under concurrent creation.
 */
export async function findOrCreateContactByEmail(
  tx: DbOrTx,
  orgId: string,
  email: string,
  name?: string | null,
  now: Date = new Date(),
): Promise<string> {
  const normalized = emailSchema.parse(email);
  return findOrCreateContactRow(tx, { orgId, email: normalized, name: name?.trim() || null, now });
}

/** A page of contacts, newest first, optionally matching `q` in name or email (keyset cursor). */
export async function listContacts(
  deps: Deps,
  actor: UserActor,
  rawInput: ListContactsInput,
): Promise<{ items: ContactItem[]; nextCursor: string | null }> {
  const input = listContactsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await repo.listContactRows(deps.db, input.orgId, input.q || undefined, after, input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}

/** A contact with their tickets in this workspace (the customer panel). */
export async function getContact(
  deps: Deps,
  actor: UserActor,
  input: ContactIdInput,
): Promise<ContactDetail> {
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const contact = await repo.findContactDetail(deps.db, input.orgId, input.contactId);
  if (!contact) throw contactNotFound();
  return contact;
}

/** AGENT+ adds a contact; the email is stored lower-cased and unique per workspace. */
export async function createContact(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateContactInput,
): Promise<ContactDetail> {
  const input = createContactInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  if (await repo.findContactByEmail(deps.db, input.orgId, input.email)) throw emailTaken();
  const created = await repo
    .insertContact(deps.db, {
      orgId: input.orgId,
      email: input.email,
      name: input.name ?? null,
      phone: input.phone ?? null,
      now: deps.clock.now(),
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? emailTaken() : err;
    });
  return getContact(deps, actor, { orgId: input.orgId, contactId: created.id });
}

/** AGENT+ changes a contact's name and/or phone (null clears it). */
export async function updateContact(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateContactInput,
): Promise<ContactDetail> {
  const input = updateContactInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  const found = await repo.updateContactRow(deps.db, input.orgId, input.contactId, {
    name: input.name,
    phone: input.phone,
    now: deps.clock.now(),
  });
  if (!found) throw contactNotFound();
  return getContact(deps, actor, { orgId: input.orgId, contactId: input.contactId });
}
