import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { isStoredMedia } from "./contact-files.ts";

// Reads and deletes everything a workspace holds about one contact, across Desk and Inbox, for
// the privacy requests (GDPR export and erase). Every query is scoped by organizationId.

const userName = { select: { id: true, name: true } } as const;
const fileSelect = { id: true, fileName: true, mimeType: true, sizeBytes: true, createdAt: true } as const;

/** The contact with every field and address (null: not in this workspace). */
export function findContactForExport(db: DbOrTx, orgId: string, contactId: string) {
  return db.contact.findFirst({
    where: { id: contactId, organizationId: orgId, deletedAt: null },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      company: true,
      notes: true,
      avatarUrl: true,
      metadata: true,
      createdAt: true,
      updatedAt: true,
      identities: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { channel: true, value: true, createdAt: true },
      },
    },
  });
}

const ticketMessageSelect = {
  id: true,
  authorContactId: true,
  authorUser: userName,
  message: true,
  isInternal: true,
  createdAt: true,
  attachments: { select: fileSelect, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.TicketMessageSelect;

/** The tickets the contact requested (deleted and merged ones too), whole: thread, notes, survey, files. */
export function findTicketsForExport(db: DbOrTx, orgId: string, contactId: string) {
  return db.ticket.findMany({
    where: { organizationId: orgId, contactId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      number: true,
      subject: true,
      description: true,
      status: true,
      priority: true,
      channel: true,
      tags: true,
      customFields: true,
      createdAt: true,
      updatedAt: true,
      resolvedAt: true,
      closedAt: true,
      deletedAt: true,
      mergedInto: { select: { number: true } },
      messages: { orderBy: { seq: "asc" }, select: ticketMessageSelect },
      notes: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { message: true, createdAt: true, editedAt: true, agent: userName },
      },
      csatResponse: { select: { rating: true, comment: true, sentAt: true, respondedAt: true } },
      ccs: { orderBy: { createdAt: "asc" }, select: { email: true, name: true } },
      // Files of the description (no message).
      attachments: { where: { messageId: null }, select: fileSelect, orderBy: { createdAt: "asc" } },
    },
  });
}

/** What the contact wrote on tickets someone else requested (e.g. copied on a thread). */
export function findMessagesOnOtherTickets(db: DbOrTx, orgId: string, contactId: string) {
  return db.ticketMessage.findMany({
    where: { organizationId: orgId, authorContactId: contactId, ticket: { contactId: { not: contactId } } },
    orderBy: { seq: "asc" },
    select: { ...ticketMessageSelect, ticket: { select: { number: true, subject: true } } },
  });
}

/** Surveys the contact answered on tickets someone else requested. */
export function findSurveysOnOtherTickets(db: DbOrTx, orgId: string, contactId: string) {
  return db.csatResponse.findMany({
    where: { organizationId: orgId, contactId, ticket: { contactId: { not: contactId } } },
    orderBy: { sentAt: "asc" },
    select: {
      rating: true,
      comment: true,
      sentAt: true,
      respondedAt: true,
      ticket: { select: { number: true } },
    },
  });
}

/** The contact's Inbox conversations, whole: channel, messages with media, notes, labels. */
export function findConversationsForExport(db: DbOrTx, orgId: string, contactId: string) {
  return db.conversation.findMany({
    where: { organizationId: orgId, contactId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      platform: true,
      platformConnection: { select: { platformDisplayName: true, platformUsername: true } },
      contactExternalId: true,
      contactName: true,
      contactUsername: true,
      contactAvatarUrl: true,
      status: true,
      createdAt: true,
      lastMessageAt: true,
      ticket: { select: { number: true } },
      labels: { select: { label: { select: { name: true } } } },
      messages: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          direction: true,
          content: true,
          contentType: true,
          mediaUrl: true,
          mediaType: true,
          mediaThumbnail: true,
          mediaFileName: true,
          mediaSize: true,
          attributes: true,
          reactions: true,
          status: true,
          sentByUser: userName,
          platformTimestamp: true,
          createdAt: true,
        },
      },
      notes: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { content: true, createdAt: true, updatedAt: true, author: userName },
      },
    },
  });
}

/** Writes the workspace's record of a privacy request (in the request's transaction). */
export function insertPrivacyLog(
  db: DbOrTx,
  data: {
    orgId: string;
    action: "export" | "erase";
    contactId: string;
    actorUserId: string;
    summary: Record<string, number>;
    now: Date;
  },
) {
  return db.contactPrivacyLog.create({
    data: {
      organizationId: data.orgId,
      action: data.action,
      contactId: data.contactId,
      actorUserId: data.actorUserId,
      summary: data.summary,
      createdAt: data.now,
    },
    select: { id: true },
  });
}

// ── Erase ──────────────────────────────────────────────────────────────────────────────────

/** The rows an erasure removes (ids), and the stored files whose keys go after the commit. */
export interface ErasureTargets {
  ticketIds: string[];
  ticketNumbers: Map<string, number>;
  /** Messages the contact wrote on tickets they didn't request. */
  otherMessageIds: string[];
  conversationIds: string[];
  inboxMessageCount: number;
  /** Each conversation's account on the platform and the contact's id there (raw webhook log). */
  threads: { platform: string; accountId: string; externalId: string }[];
  emails: string[];
  storageKeys: string[];
}

/** Everything the contact's erasure touches, read inside the erasing transaction. */
export async function findErasureTargets(
  tx: DbOrTx,
  orgId: string,
  contact: { id: string; email: string | null },
): Promise<ErasureTargets> {
  const contactId = contact.id;
  const tickets = await tx.ticket.findMany({
    where: { organizationId: orgId, contactId },
    select: { id: true, number: true },
  });
  const ticketIds = tickets.map((t) => t.id);
  const otherMessages = await tx.ticketMessage.findMany({
    where: { organizationId: orgId, authorContactId: contactId, ticketId: { notIn: ticketIds } },
    select: { id: true },
  });
  const otherMessageIds = otherMessages.map((m) => m.id);
  const deskFiles = await tx.deskAttachment.findMany({
    where: {
      organizationId: orgId,
      OR: [
        { ticketId: { in: ticketIds } },
        { messageId: { in: otherMessageIds } },
        { uploadedByContactId: contactId },
      ],
    },
    select: { storageKey: true },
  });
  const conversations = await tx.conversation.findMany({
    where: { organizationId: orgId, contactId },
    select: {
      id: true,
      platform: true,
      contactExternalId: true,
      platformConnection: { select: { platformUserId: true } },
    },
  });
  const conversationIds = conversations.map((c) => c.id);
  const media = await tx.message.findMany({
    where: { organizationId: orgId, conversationId: { in: conversationIds } },
    select: { id: true, mediaUrl: true, mediaThumbnail: true },
  });
  const uploads = await tx.inboxUpload.findMany({
    where: { organizationId: orgId, messageId: { in: media.map((m) => m.id) } },
    select: { storageKey: true },
  });
  const identityEmails = await tx.contactIdentity.findMany({
    where: { organizationId: orgId, contactId, channel: "EMAIL" },
    select: { value: true },
  });
  const storageKeys = [
    ...deskFiles.map((f) => f.storageKey),
    ...media.flatMap((m) => [m.mediaUrl, m.mediaThumbnail].filter(isStoredMedia)),
    ...uploads.map((u) => u.storageKey),
  ];
  return {
    ticketIds,
    ticketNumbers: new Map(tickets.map((t) => [t.id, t.number])),
    otherMessageIds,
    conversationIds,
    inboxMessageCount: media.length,
    threads: conversations.map((c) => ({
      platform: c.platform,
      accountId: c.platformConnection.platformUserId,
      externalId: c.contactExternalId,
    })),
    emails: [
      ...new Set([contact.email, ...identityEmails.map((i) => i.value)].filter((e): e is string => !!e)),
    ],
    storageKeys: [...new Set(storageKeys)],
  };
}

/**
 * Deletes every row about the contact, children before parents, then the contact (its identities
 * go with it). Returns the rows removed per kind.
 */
export async function eraseContactRows(
  tx: DbOrTx,
  orgId: string,
  contactId: string,
  t: ErasureTargets,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const count = async (name: string, p: Promise<{ count: number } | number>) => {
    const r = await p;
    counts[name] = typeof r === "number" ? r : r.count;
  };
  const ids = [...t.ticketIds, ...t.conversationIds];

  // Mail sent about their tickets (Message-IDs `<t<ticketId>.<part>@…>`) and its offline copies.
  const mailPatterns = t.ticketIds.map((id) => `<t${id}.%`);
  if (mailPatterns.length) {
    await count(
      "capturedMails",
      tx.$executeRaw`DELETE FROM captured_mails WHERE email_log_id IN (
        SELECT id FROM email_logs WHERE message_id LIKE ANY(${mailPatterns}::text[]))`,
    );
    await count(
      "emailLogs",
      tx.$executeRaw`DELETE FROM email_logs WHERE message_id LIKE ANY(${mailPatterns}::text[])`,
    );
  }
  // Agents' notifications that link to their tickets or conversations (titles quote them).
  if (ids.length) {
    await count(
      "notifications",
      tx.$executeRaw`DELETE FROM notifications WHERE organization_id = ${orgId}::uuid AND link IS NOT NULL
        AND link LIKE ANY(${ids.map((id) => `%${id}%`)}::text[])`,
    );
  }
  // The raw webhook log: deliveries already processed that carry one of their threads.
  let webhookEvents = 0;
  for (const th of t.threads) {
    if (th.externalId.length < 5) continue;
    webhookEvents += await tx.$executeRaw`
      DELETE FROM inbox_webhook_events
      WHERE platform = ${th.platform}::platform AND status IN ('PROCESSED', 'IGNORED')
        AND strpos(body, ${th.accountId}) > 0 AND strpos(body, ${th.externalId}) > 0`;
  }
  counts.webhookEvents = webhookEvents;

  await count(
    "deskAttachments",
    tx.deskAttachment.deleteMany({
      where: {
        organizationId: orgId,
        OR: [
          { ticketId: { in: t.ticketIds } },
          { messageId: { in: t.otherMessageIds } },
          { uploadedByContactId: contactId },
        ],
      },
    }),
  );
  await count(
    "messagesOnOtherTickets",
    tx.ticketMessage.deleteMany({ where: { organizationId: orgId, id: { in: t.otherMessageIds } } }),
  );
  await count("csatResponses", tx.csatResponse.deleteMany({ where: { organizationId: orgId, contactId } }));
  await count(
    "ticketCcs",
    tx.ticketCc.deleteMany({ where: { organizationId: orgId, email: { in: t.emails } } }),
  );
  // Messages, notes, activities, followers… of their tickets cascade.
  await count("tickets", tx.ticket.deleteMany({ where: { organizationId: orgId, id: { in: t.ticketIds } } }));
  // Messages (and their upload rows), notes and labels of their conversations cascade.
  await count(
    "conversations",
    tx.conversation.deleteMany({ where: { organizationId: orgId, id: { in: t.conversationIds } } }),
  );
  await count("identities", tx.contactIdentity.deleteMany({ where: { organizationId: orgId, contactId } }));
  await count("contacts", tx.contact.deleteMany({ where: { id: contactId, organizationId: orgId } }));
  return counts;
}

// ── Overview ───────────────────────────────────────────────────────────────────────────────

/** The contact panel: the person, their addresses, recent tickets and conversations, and counts. */
export async function findContactOverview(db: DbOrTx, orgId: string, contactId: string, limit: number) {
  const contact = await db.contact.findFirst({
    where: { id: contactId, organizationId: orgId, deletedAt: null },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      company: true,
      avatarUrl: true,
      identities: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { channel: true, value: true } },
      _count: {
        select: { tickets: { where: { deletedAt: null } }, conversations: true },
      },
    },
  });
  if (!contact) return null;
  const tickets = await db.ticket.findMany({
    where: { organizationId: orgId, contactId, deletedAt: null },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, number: true, subject: true, status: true, updatedAt: true },
  });
  const conversations = await db.conversation.findMany({
    where: { organizationId: orgId, contactId },
    orderBy: [{ lastMessageAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      platform: true,
      status: true,
      lastMessagePreview: true,
      lastMessageAt: true,
      unreadCount: true,
      platformConnection: { select: { platformDisplayName: true, platformUsername: true } },
    },
  });
  return { contact, tickets, conversations };
}
