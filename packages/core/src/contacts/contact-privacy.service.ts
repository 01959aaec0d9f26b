import type { Deps, UserActor } from "../deps.ts";
import { AppError } from "../errors.ts";
import { publishInboxEvents } from "../inbox/inbox-realtime.ts";
import { requireMembership } from "../orgs/org-access.service.ts";
import { publishRealtime } from "../realtime/publish-realtime.ts";
import { lockContacts } from "./contact.repository.ts";
import { deskFilePath, inboxMediaPath, isStoredMedia } from "./contact-files.ts";
import * as repo from "./contact-privacy.repository.ts";
import {
  type ContactExport,
  type ContactOverview,
  type ContactOverviewInput,
  confirmsErasure,
  contactOverviewInput,
  type EraseContactInput,
  type ErasureSummary,
  type ExportContactInput,
  type ExportedFile,
  type ExportedTicketMessage,
  eraseContactInput,
  erasureConfirmation,
  exportContactInput,
  OVERVIEW_LIMIT,
} from "./contact-privacy.schema.ts";

const contactNotFound = () => new AppError("NOT_FOUND", "Contact not found.");

/**
 * One person across Desk and Inbox, for the Inbox contact panel and the Desk contact page: their
 * addresses, recent tickets (number, subject, status) and conversations (channel, last message).
 */
export async function getContactOverview(
  deps: Deps,
  actor: UserActor,
  rawInput: ContactOverviewInput,
): Promise<ContactOverview> {
  const { orgId, contactId } = contactOverviewInput.parse(rawInput);
  await requireMembership(deps.db, orgId, actor, "MEMBER");
  const found = await repo.findContactOverview(deps.db, orgId, contactId, OVERVIEW_LIMIT);
  if (!found) throw contactNotFound();
  const { contact, tickets, conversations } = found;
  const { identities, _count, ...person } = contact;
  return {
    contact: person,
    identities,
    tickets,
    ticketCount: _count.tickets,
    conversations: conversations.map(({ platformConnection, ...c }) => ({
      ...c,
      connectionName: platformConnection.platformDisplayName ?? platformConnection.platformUsername,
    })),
    conversationCount: _count.conversations,
    erasureConfirmation: erasureConfirmation(person),
  };
}

type ExportRows = {
  tickets: Awaited<ReturnType<typeof repo.findTicketsForExport>>;
  otherMessages: Awaited<ReturnType<typeof repo.findMessagesOnOtherTickets>>;
};

function exportMessage(
  contactId: string,
  m: ExportRows["tickets"][number]["messages"][number],
): ExportedTicketMessage {
  const from = m.authorContactId === contactId ? "contact" : m.authorUser ? "agent" : "other contact";
  return {
    from,
    authorName: m.authorUser?.name ?? null,
    message: m.message,
    internal: m.isInternal,
    createdAt: m.createdAt,
    attachments: m.attachments.map(exportDeskFile),
  };
}

function exportDeskFile(f: {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}): ExportedFile {
  return {
    fileName: f.fileName,
    mimeType: f.mimeType,
    sizeBytes: f.sizeBytes,
    downloadPath: deskFilePath(f.id),
  };
}

/**
 * ADMIN+ exports everything the workspace holds about a contact, across Desk and Inbox, as one
 * JSON document: the contact and their addresses; the tickets they requested with the whole thread
 * (internal notes too: the workspace holds them), side notes, survey and files; what they wrote
 * on other tickets; their conversations with every message, media and note. Files are listed with
 * the path a member downloads them from. The export is recorded in the privacy log.
 */
export async function exportContact(
  deps: Deps,
  actor: UserActor,
  rawInput: ExportContactInput,
): Promise<ContactExport> {
  const { orgId, contactId } = exportContactInput.parse(rawInput);
  return deps.db.$transaction(
    async (tx) => {
      await requireMembership(tx, orgId, actor, "ADMIN");
      const contact = await repo.findContactForExport(tx, orgId, contactId);
      if (!contact) throw contactNotFound();
      const workspace = await tx.organization.findUniqueOrThrow({
        where: { id: orgId },
        select: { id: true, name: true },
      });
      const tickets = await repo.findTicketsForExport(tx, orgId, contactId);
      const otherMessages = await repo.findMessagesOnOtherTickets(tx, orgId, contactId);
      const otherSurveys = await repo.findSurveysOnOtherTickets(tx, orgId, contactId);
      const conversations = await repo.findConversationsForExport(tx, orgId, contactId);
      const now = deps.clock.now();
      const { identities, ...person } = contact;

      const doc: ContactExport = {
        format: "quartet.contact-export",
        version: 1,
        exportedAt: now,
        workspace,
        contact: person,
        identities,
        desk: {
          tickets: tickets.map((t) => ({
            number: t.number,
            subject: t.subject,
            description: t.description,
            status: t.status,
            priority: t.priority,
            channel: t.channel,
            tags: t.tags,
            customFields: t.customFields,
            createdAt: t.createdAt,
            updatedAt: t.updatedAt,
            resolvedAt: t.resolvedAt,
            closedAt: t.closedAt,
            deletedAt: t.deletedAt,
            mergedIntoNumber: t.mergedInto?.number ?? null,
            attachments: t.attachments.map(exportDeskFile),
            messages: t.messages.map((m) => exportMessage(contactId, m)),
            notes: t.notes.map((n) => ({
              author: n.agent?.name ?? null,
              message: n.message,
              createdAt: n.createdAt,
              editedAt: n.editedAt,
            })),
            satisfaction: t.csatResponse,
            copied: t.ccs,
          })),
          messagesOnOtherTickets: otherMessages.map((m) => ({
            ...exportMessage(contactId, m),
            ticketNumber: m.ticket.number,
            ticketSubject: m.ticket.subject,
          })),
          surveysOnOtherTickets: otherSurveys.map(({ ticket, ...s }) => ({
            ...s,
            ticketNumber: ticket.number,
          })),
        },
        inbox: {
          conversations: conversations.map((c) => ({
            platform: c.platform,
            channel: c.platformConnection.platformDisplayName ?? c.platformConnection.platformUsername,
            externalId: c.contactExternalId,
            profile: { name: c.contactName, username: c.contactUsername, avatarUrl: c.contactAvatarUrl },
            status: c.status,
            labels: c.labels.map((l) => l.label.name),
            ticketNumber: c.ticket?.number ?? null,
            createdAt: c.createdAt,
            lastMessageAt: c.lastMessageAt,
            messages: c.messages.map((m) => ({
              direction: m.direction,
              from: m.direction === "INBOUND" ? "contact" : (m.sentByUser?.name ?? "agent"),
              content: m.content,
              contentType: m.contentType,
              media:
                m.mediaUrl || m.mediaFileName
                  ? {
                      fileName: m.mediaFileName,
                      mimeType: m.mediaType,
                      sizeBytes: m.mediaSize,
                      downloadPath: isStoredMedia(m.mediaUrl) ? inboxMediaPath(m.id, "media") : null,
                      thumbnailPath: isStoredMedia(m.mediaThumbnail)
                        ? inboxMediaPath(m.id, "thumbnail")
                        : null,
                    }
                  : null,
              attributes: m.attributes,
              reactions: m.reactions,
              status: m.status,
              platformTimestamp: m.platformTimestamp,
              createdAt: m.createdAt,
            })),
            notes: c.notes.map((n) => ({
              author: n.author?.name ?? null,
              content: n.content,
              createdAt: n.createdAt,
              updatedAt: n.updatedAt,
            })),
          })),
        },
      };
      await repo.insertPrivacyLog(tx, {
        orgId,
        action: "export",
        contactId,
        actorUserId: actor.userId,
        summary: {
          tickets: tickets.length,
          messagesOnOtherTickets: otherMessages.length,
          conversations: conversations.length,
          inboxMessages: conversations.reduce((n, c) => n + c.messages.length, 0),
        },
        now,
      });
      return doc;
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}

/**
 * ADMIN+ erases a contact and everything about them across Desk and Inbox, after the contact's
 * email (else name, else ERASE) is typed back: the tickets they requested (threads, notes,
 * surveys, files), what they wrote on other tickets, the mail sent about their tickets, their
 * conversations (messages, notes, media), processed webhook deliveries of their threads, agents'
 * notifications pointing there, their addresses, and the contact. Rows go in one transaction with
 * the privacy log's record; stored files are removed after it commits (a failed removal is logged,
 * the rows are gone either way). Open browsers hear that the tickets and conversations are gone.
 */
export async function eraseContact(
  deps: Deps,
  actor: UserActor,
  rawInput: EraseContactInput,
): Promise<{ summary: ErasureSummary }> {
  const input = eraseContactInput.parse(rawInput);
  const { orgId, contactId } = input;
  const { summary, storageKeys } = await deps.db.$transaction(
    async (tx) => {
      await requireMembership(tx, orgId, actor, "ADMIN");
      // Locked: a message arriving meanwhile waits, then finds the contact gone.
      const contact = (await lockContacts(tx, orgId, [contactId])).get(contactId);
      if (!contact) throw contactNotFound();
      if (!confirmsErasure(contact, input.confirmation)) {
        const expected = erasureConfirmation(contact);
        throw new AppError("BAD_REQUEST", `Type ${expected} to confirm the erasure.`, {
          confirmation: `Type ${expected} exactly to confirm.`,
        });
      }
      const targets = await repo.findErasureTargets(tx, orgId, contact);
      const counts = await repo.eraseContactRows(tx, orgId, contactId, targets);
      const summary: ErasureSummary = {
        ...counts,
        inboxMessages: targets.inboxMessageCount,
        files: targets.storageKeys.length,
      };
      await publishInboxEvents(
        tx,
        targets.conversationIds.map((conversationId) => ({
          topic: "inbox.conversation" as const,
          organizationId: orgId,
          conversationId,
          kind: "deleted" as const,
        })),
      );
      for (const [ticketId, number] of targets.ticketNumbers) {
        await publishRealtime(tx, {
          organizationId: orgId,
          topic: "desk.ticket",
          payload: { ticketId, number, kind: "deleted" },
        });
      }
      await repo.insertPrivacyLog(tx, {
        orgId,
        action: "erase",
        contactId,
        actorUserId: actor.userId,
        summary,
        now: deps.clock.now(),
      });
      return { summary, storageKeys: targets.storageKeys };
    },
    { maxWait: 15_000, timeout: 120_000 },
  );
  await removeStoredFiles(deps, storageKeys);
  deps.log.info({ orgId, contactId, actorUserId: actor.userId, summary }, "contact erased");
  return { summary };
}

/** Removes files after the rows are gone, a few at a time; a failure is logged, not thrown. */
async function removeStoredFiles(deps: Pick<Deps, "storage" | "log">, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 10) {
    const batch = keys.slice(i, i + 10);
    const results = await Promise.allSettled(batch.map((key) => deps.storage.delete(key)));
    results.forEach((r, j) => {
      if (r.status === "rejected") deps.log.warn({ key: batch[j], err: r.reason }, "erased file not removed");
    });
  }
}
