import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import type { Deps, UserActor } from "../deps.ts";
import { AppError } from "../errors.ts";
import { emailSchema } from "../identity/identity.schema.ts";
import { isUniqueViolation } from "../identity/identity.shared.ts";
import { decodeCursor, encodeCursor } from "../keyset-cursor.ts";
import { requireMembership } from "../orgs/org-access.service.ts";
import * as repo from "./contact.repository.ts";
import {
  type ContactDetail,
  type ContactIdentityChannel,
  type ContactIdInput,
  type ContactItem,
  type CreateContactInput,
  createContactInput,
  type ListContactsInput,
  listContactsInput,
  type MergeContactsInput,
  mergeContactsInput,
  type UpdateContactInput,
  updateContactInput,
} from "./contact.schema.ts";
import { publishContactEvent } from "./contact-events.ts";

const contactNotFound = () => new AppError("NOT_FOUND", "Contact not found.");
const emailTaken = () =>
  new AppError("CONFLICT", "A contact with this email already exists in this workspace.", {
    email: "This email already belongs to another contact.",
  });

/**
 * The workspace's contact with this email (trimmed, lower-cased), created if missing; returns its id.
 * For other modules (Inbox, inbound email) inside their own transaction: ticket creation uses the same
 * repository function, so there is one find-or-create, safe under concurrent creation. An address
 * kept from a merge finds the contact it was merged into.
 */
export async function findOrCreateContactByEmail(
  tx: DbOrTx,
  orgId: string,
  email: string,
  name?: string | null,
  now: Date = new Date(),
): Promise<string> {
  const normalized = emailSchema.parse(email);
  return repo.findOrCreateContactIdByEmail(tx, { orgId, email: normalized, name: name?.trim() || null, now });
}

/** A page of contacts, newest first, optionally matching `q` (keyset cursor). */
export async function listContacts(
  deps: Deps,
  actor: UserActor,
  rawInput: ListContactsInput,
): Promise<{ items: ContactItem[]; nextCursor: string | null }> {
  const input = listContactsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await repo.listContactRows(
    deps.db,
    input.orgId,
    { q: input.q || undefined, excludeId: input.excludeId },
    after,
    input.limit + 1,
  );
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}

/** A contact with their notes and other addresses (their tickets: `listTickets({ contactId })`). */
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

/** Refuses an email that is already some other contact's, primary or not. */
async function assertEmailFree(db: DbOrTx, orgId: string, email: string, contactId: string | null) {
  const owner = await repo.findContactIdByEmail(db, orgId, email);
  if (owner && owner !== contactId) throw emailTaken();
}

/** AGENT+ adds a contact; the email is stored lower-cased and unique per workspace. */
export async function createContact(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateContactInput,
): Promise<ContactDetail> {
  const input = createContactInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "AGENT");
  await assertEmailFree(deps.db, input.orgId, input.email, null);
  const created = await repo
    .insertContact(deps.db, {
      orgId: input.orgId,
      email: input.email,
      name: input.name ?? null,
      phone: input.phone ?? null,
      company: input.company ?? null,
      notes: input.notes ?? null,
      now: deps.clock.now(),
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? emailTaken() : err;
    });
  return getContact(deps, actor, { orgId: input.orgId, contactId: created.id });
}

/**
 * AGENT+ edits a contact: omitted fields stay, null clears one. A new email must not belong to
 * another contact; when it was one of this contact's other addresses, it simply becomes the primary.
 */
export async function updateContact(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateContactInput,
): Promise<ContactDetail> {
  const input = updateContactInput.parse(rawInput);
  const { orgId, contactId, email, name, phone, company, notes } = input;
  await deps.db
    .$transaction(async (tx) => {
      await requireMembership(tx, orgId, actor.userId, "AGENT");
      if (email !== undefined) {
        await assertEmailFree(tx, orgId, email, contactId);
        await repo.deleteIdentity(tx, orgId, contactId, "EMAIL", email);
      }
      const found = await repo.updateContactRow(tx, orgId, contactId, {
        email,
        name,
        phone,
        company,
        notes,
        now: deps.clock.now(),
      });
      if (!found) throw contactNotFound();
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? emailTaken() : err;
    });
  return getContact(deps, actor, { orgId, contactId });
}

const isObject = (v: Prisma.JsonValue): v is Prisma.JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Two free texts kept both (the target's first), or whichever exists. */
function joinNotes(target: string | null, source: string | null): string | null {
  if (!source) return target;
  if (!target) return source;
  return `${target}\n\n${source}`.slice(0, 5000);
}

/**
 * AGENT+ merges a duplicate contact (source) into the one that stays (target), in one transaction:
 * every row pointing at the source moves to the target (tickets, message authors, surveys,
 * attachments, other addresses and platform identities, Inbox conversations — whatever references a
 * contact), the source's email and phone
 * become other addresses of the target (or its primary ones when it has none), empty fields of the
 * target are filled from the source, notes are kept both, and the source is deleted. Subscribers of
 * `contact.merged` log it (Desk: an activity on each moved ticket). A contact of another workspace
 * is NOT_FOUND. Returns the target.
 */
export async function mergeContacts(
  deps: Deps,
  actor: UserActor,
  rawInput: MergeContactsInput,
): Promise<ContactDetail> {
  const input = mergeContactsInput.parse(rawInput);
  const { orgId } = input;
  await deps.db.$transaction(
    async (tx) => {
      await requireMembership(tx, orgId, actor.userId, "AGENT");
      const locked = await repo.lockContacts(tx, orgId, [input.sourceId, input.targetId]);
      const source = locked.get(input.sourceId);
      const target = locked.get(input.targetId);
      if (!source) throw contactNotFound();
      if (!target)
        throw new AppError("NOT_FOUND", "The contact to merge into was not found.", {
          targetId: "Choose a contact of this workspace.",
        });
      const now = deps.clock.now();
      const snapshot = (c: repo.LockedContact) => ({ id: c.id, name: c.name, email: c.email });
      await publishContactEvent(tx, deps, {
        type: "contact.merged",
        orgId,
        source: snapshot(source),
        target: snapshot(target),
        actorUserId: actor.userId,
        at: now,
      });
      const moved = await repo.moveContactReferences(tx, source.id, target.id);
      await repo.deleteContactRow(tx, orgId, source.id);

      const patch: repo.ContactPatch = {
        name: target.name ?? source.name,
        company: target.company ?? source.company,
        notes: joinNotes(target.notes, source.notes),
        // The target's values win; the source's fill what the target lacks (e.g. its locale).
        metadata: {
          ...(isObject(source.metadata) ? source.metadata : {}),
          ...(isObject(target.metadata) ? target.metadata : {}),
        } as Prisma.InputJsonObject,
      };
      const identities: { channel: ContactIdentityChannel; value: string }[] = [];
      if (source.email) {
        if (target.email) identities.push({ channel: "EMAIL", value: source.email });
        else patch.email = source.email;
      }
      if (source.phone) {
        if (!target.phone) patch.phone = source.phone;
        else if (source.phone !== target.phone) identities.push({ channel: "PHONE", value: source.phone });
      }
      await repo.updateContactRow(tx, orgId, target.id, { ...patch, now });
      // The target's primary addresses are not also kept as other addresses of itself.
      if (patch.email) await repo.deleteIdentity(tx, orgId, target.id, "EMAIL", patch.email);
      if (patch.phone) await repo.deleteIdentity(tx, orgId, target.id, "PHONE", patch.phone);
      await repo.insertIdentities(tx, orgId, target.id, identities, now);
      deps.log.info(
        { orgId, sourceId: source.id, targetId: target.id, actorUserId: actor.userId, moved },
        "contacts merged",
      );
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
  return getContact(deps, actor, { orgId, contactId: input.targetId });
}
