import type { Tx } from "@quartet/db/client";
import type { Deps } from "../../deps.ts";
import { mailUser } from "../../email/email.queue.ts";
import { createNotification } from "../../notifications/notification.service.ts";
import type { NotificationPreferenceType } from "../../notifications/notification-preference.schema.ts";
import { channelsFor } from "../../notifications/notification-preference.service.ts";
import type { TicketEvent, TicketEventDeps } from "../tickets/ticket-events.ts";
import * as repo from "./desk-notify.repository.ts";

export interface NotifyAgentInput {
  orgId: string;
  userId: string;
  type: NotificationPreferenceType;
  title: string;
  message: string;
  /** In-app path, e.g. /w/acme/desk/<ticket id>; the mail links to the same page on the web origin. */
  link: string;
}

/**
 * Tells one member about a desk event the way they asked for it (NotificationPreference; no row =
 * in-app and email): an in-app Notification and/or a NOTIFICATION mail, both in the caller's
 * transaction so they exist only if the change that caused them commits.
 */
export async function notifyAgent(
  tx: Tx,
  deps: Pick<Deps, "boss" | "config">,
  input: NotifyAgentInput,
): Promise<{ inApp: boolean; email: boolean }> {
  const channels = await channelsFor(tx, input.userId, input.type);
  if (channels.inApp) {
    await createNotification(tx, {
      userId: input.userId,
      organizationId: input.orgId,
      type: input.type,
      title: input.title,
      message: input.message,
      link: input.link,
    });
  }
  let emailed = false;
  if (channels.email) {
    const user = await repo.findRecipient(tx, input.userId);
    if (user) {
      await mailUser(tx, deps.boss, user, "NOTIFICATION", {
        title: input.title.slice(0, 300),
        message: input.message.slice(0, 5000),
        link: `${deps.config.webUrl}${input.link}`,
      });
      emailed = true;
    }
  }
  return { inApp: channels.inApp, email: emailed };
}

// The web app's ticket page.
const ticketLink = (t: Pick<repo.NotifyTicket, "id" | "organization">) =>
  `/w/${t.organization.slug}/desk/${t.id}`;
const ref = (t: Pick<repo.NotifyTicket, "number" | "subject">) => `#${t.number} “${t.subject}”`;
const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 280 ? `${flat.slice(0, 279)}…` : flat;
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Members `@mentioned` in a note, by full name or email, case-insensitively. Where two names start
 * at the same `@` ("@Al" and "@Al Smith"), the longest one wins.
 */
export function findMentions(text: string, members: { id: string; name: string | null; email: string }[]) {
  const best = new Map<number, { length: number; ids: Set<string> }>();
  for (const m of members) {
    for (const term of [m.name?.trim(), m.email].filter((t): t is string => !!t)) {
      // Not part of a longer word or address on either side (an email's "x@y" is not a mention of "y").
      const re = new RegExp(`(?<![\\p{L}\\p{N}._%+-])@${escapeRegExp(term)}(?![\\p{L}\\p{N}_@-])`, "giu");
      for (const match of text.matchAll(re)) {
        const at = match.index ?? 0;
        const current = best.get(at);
        if (!current || term.length > current.length)
          best.set(at, { length: term.length, ids: new Set([m.id]) });
        else if (term.length === current.length) current.ids.add(m.id);
      }
    }
  }
  return [...new Set([...best.values()].flatMap((b) => [...b.ids]))];
}

/** The assignee; else the team's leads/supervisors; else the workspace's owners and admins. */
async function slaRecipients(tx: Tx, orgId: string, t: repo.NotifyTicket): Promise<string[]> {
  if (t.assigneeId) {
    const [assignee] = await repo.filterActiveMembers(tx, orgId, [t.assigneeId]);
    if (assignee) return [assignee];
  }
  if (t.teamId) {
    const leads = await repo.findTeamMemberIds(tx, orgId, t.teamId, ["LEAD", "SUPERVISOR"]);
    if (leads.length > 0) return leads;
  }
  return repo.findWorkspaceManagerIds(tx, orgId);
}

/** The assignee; else, for an unassigned ticket, everyone in its team. */
async function replyRecipients(tx: Tx, orgId: string, t: repo.NotifyTicket): Promise<string[]> {
  if (t.assigneeId) return repo.filterActiveMembers(tx, orgId, [t.assigneeId]);
  if (t.teamId) return repo.findTeamMemberIds(tx, orgId, t.teamId);
  return [];
}

interface Notice {
  type: NotificationPreferenceType;
  title: string;
  message: string;
  userIds: string[];
}

const statusWord: Record<string, string> = {
  OPEN: "open",
  PENDING: "pending",
  RESOLVED: "resolved",
  CLOSED: "closed",
};

/** The name an agent goes by in a notice. */
async function agentName(tx: Tx, userId: string | null): Promise<string> {
  if (!userId) return "An agent";
  const user = await repo.findRecipient(tx, userId);
  return user?.name ?? user?.email ?? "An agent";
}

/**
 * What an event tells whom, most specific first: a member named by two notices (mentioned in a note
 * on a ticket they follow) gets only the first.
 */
async function noticesFor(tx: Tx, event: TicketEvent, t: repo.NotifyTicket): Promise<Notice[]> {
  const assignedTo = (userId: string | null): Notice[] =>
    // Nobody needs to hear that they assigned a ticket to themselves.
    userId && userId !== event.actorUserId
      ? [
          {
            type: "desk.assigned",
            title: `Ticket #${t.number} assigned to you`,
            message: `You are now the assignee of ${ref(t)}.`,
            userIds: [userId],
          },
        ]
      : [];
  const followers = () => repo.findFollowerIds(tx, event.orgId, t.id);

  switch (event.type) {
    case "ticket.created":
      return assignedTo(t.assigneeId);
    case "ticket.updated": {
      const notices: Notice[] = [];
      const assignee = event.changes.find((c) => c.field === "assigneeId");
      if (assignee) notices.push(...assignedTo(typeof assignee.to === "string" ? assignee.to : null));
      const status = event.changes.find((c) => c.field === "status");
      // A customer's reply reopening the ticket is told as the reply itself (below), not twice.
      if (status && !event.bulk && event.source !== "customer" && event.source !== "email") {
        const to = statusWord[String(status.to)] ?? String(status.to).toLowerCase();
        const who = event.actorUserId ? await agentName(tx, event.actorUserId) : "An automation";
        notices.push({
          type: "desk.following",
          title: `#${t.number} is now ${to}`,
          message: `${who} changed the status of ${ref(t)} to ${to}.`,
          userIds: await followers(),
        });
      }
      return notices;
    }
    case "ticket.message_added": {
      const message = await repo.findMessageForNotify(tx, t.id, event.messageId);
      if (!message) return [];
      if (event.author === "customer") {
        if (event.isInternal) return [];
        return [
          {
            type: "desk.customer_replied",
            title: `New reply on #${t.number}`,
            message: `The customer replied to ${ref(t)}: ${excerpt(message.message)}`,
            userIds: [...(await replyRecipients(tx, event.orgId, t)), ...(await followers())],
          },
        ];
      }
      const notices: Notice[] = [];
      let author: string;
      if (event.isInternal) {
        const members = await repo.findMentionableMembers(tx, event.orgId);
        const mentioned = findMentions(message.message, members).filter((id) => id !== message.authorUserId);
        const who = members.find((m) => m.id === message.authorUserId);
        author = who?.name ?? who?.email ?? "An agent";
        notices.push({
          type: "desk.mentioned",
          title: `${author} mentioned you on #${t.number}`,
          message: `In an internal note on ${ref(t)}: ${excerpt(message.message)}`,
          userIds: mentioned,
        });
      } else {
        author = await agentName(tx, message.authorUserId);
      }
      notices.push({
        type: "desk.following",
        title: event.isInternal ? `Internal note on #${t.number}` : `${author} replied on #${t.number}`,
        message: event.isInternal
          ? `${author} added an internal note on ${ref(t)}: ${excerpt(message.message)}`
          : `${author} replied to the customer on ${ref(t)}: ${excerpt(message.message)}`,
        userIds: await followers(),
      });
      return notices;
    }
    case "ticket.sla_warning":
    case "ticket.sla_breached": {
      const what = t.firstResponseAt === null ? "first response" : "resolution";
      const userIds = await slaRecipients(tx, event.orgId, t);
      if (event.type === "ticket.sla_breached") {
        return [
          {
            type: "desk.sla_breached",
            title: `SLA breached on #${t.number}`,
            message: `The ${what} deadline of ${ref(t)} has passed.`,
            userIds,
          },
        ];
      }
      const minutesLeft = t.slaDueAt
        ? Math.max(1, Math.round((t.slaDueAt.getTime() - event.at.getTime()) / 60_000))
        : null;
      return [
        {
          type: "desk.sla_warning",
          title: `SLA deadline soon on #${t.number}`,
          message:
            minutesLeft === null
              ? `The ${what} of ${ref(t)} is due soon.`
              : `The ${what} of ${ref(t)} is due in ${minutesLeft} min.`,
          userIds,
        },
      ];
    }
    default:
      return [];
  }
}

/** Cheap pre-check without queries: most events (field edits) notify nobody. */
function mayConcernAgents(event: TicketEvent): boolean {
  switch (event.type) {
    case "ticket.updated":
      // A bulk assignment is announced once for the whole batch (notifyBulkAssignment); a bulk
      // status change doesn't reach followers ticket by ticket.
      return (
        !event.bulk && event.changes.some((c) => (c.field === "assigneeId" && c.to) || c.field === "status")
      );
    case "ticket.message_added":
      // Customer messages are public; an agent's reply or note reaches followers (and mentions).
      return event.author === "agent" || !event.isInternal;
    case "ticket.merged":
      return false;
    default:
      return true;
  }
}

/**
 * Ticket-event subscriber: tells agents what concerns them — a ticket assigned to them, an
 * `@mention` in an internal note, a customer reply on their (or their team's unassigned) ticket,
 * an SLA warning or breach, and anything that happens on a ticket they follow — in the app and/or
 * by mail according to their preferences. Whoever acted is never told about it.
 */
export async function notifyOnTicketEvent(tx: Tx, deps: TicketEventDeps, event: TicketEvent): Promise<void> {
  if (!mayConcernAgents(event)) return;
  const ticket = await repo.findTicketForNotify(tx, event.orgId, event.ticketId);
  if (!ticket) return;
  const told = new Set<string>(event.actorUserId ? [event.actorUserId] : []);
  for (const notice of await noticesFor(tx, event, ticket)) {
    for (const userId of notice.userIds) {
      if (told.has(userId)) continue;
      told.add(userId);
      await notifyAgent(tx, deps, {
        orgId: event.orgId,
        userId,
        type: notice.type,
        title: notice.title,
        message: notice.message,
        link: ticketLink(ticket),
      });
    }
  }
}

/** How many tickets a digest names before "and N more". */
const DIGEST_LISTED = 20;

/**
 * One notice for a bulk assignment instead of one per ticket: the assignee gets a single in-app
 * notification and at most one mail (per their preferences) naming the tickets, linked to their
 * ticket list. One ticket reads like a single assignment. Nobody is told about assigning themselves.
 */
export async function notifyBulkAssignment(
  tx: Tx,
  deps: Pick<Deps, "boss" | "config">,
  input: { orgId: string; actorUserId: string; assigneeId: string; ticketIds: string[] },
): Promise<void> {
  if (input.assigneeId === input.actorUserId || input.ticketIds.length === 0) return;
  const [recipient] = await repo.filterActiveMembers(tx, input.orgId, [input.assigneeId]);
  if (!recipient) return;
  const rows = await repo.findTicketsForDigest(tx, input.orgId, input.ticketIds);
  const [first] = rows;
  if (!first) return;
  if (rows.length === 1) {
    await notifyAgent(tx, deps, {
      orgId: input.orgId,
      userId: recipient,
      type: "desk.assigned",
      title: `Ticket #${first.number} assigned to you`,
      message: `You are now the assignee of ${ref(first)}.`,
      link: ticketLink(first),
    });
    return;
  }
  // One line (the in-app list shows it as text): "#12 “A”, #13 “B” and 4 more."
  const listed = rows.slice(0, DIGEST_LISTED).map(ref).join(", ");
  const more = rows.length > DIGEST_LISTED ? ` and ${rows.length - DIGEST_LISTED} more` : "";
  await notifyAgent(tx, deps, {
    orgId: input.orgId,
    userId: recipient,
    type: "desk.assigned",
    title: `${rows.length} tickets assigned to you`,
    message: `You are now the assignee of ${rows.length} tickets: ${listed}${more}.`,
    link: `/w/${first.organization.slug}/desk?assignee=${encodeURIComponent(recipient)}`,
  });
}
