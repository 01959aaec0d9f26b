import type { Tx } from "@quartet/db/client";
import { PLATFORM_LIMITS } from "@quartet/integrations/social/limits";
import { inboxReadReceiptJob, inboxSnoozeWakeJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps, UserActor } from "../../deps.ts";
import { notifyAgent } from "../../desk/notifications/desk-notify.service.ts";
import { AppError } from "../../errors.ts";
import { decodeCursor, encodeCursor } from "../../keyset-cursor.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { type InboxConversationKind, publishInboxEvent } from "../inbox-realtime.ts";
import { newestInboundMessage } from "../messages/message.repository.ts";
import * as repo from "./conversation.repository.ts";
import {
  type AssignInput,
  assignInput,
  type ConversationDetail,
  type ConversationIdInput,
  type ConversationListItem,
  type CountsInput,
  conversationIdInput,
  countsInput,
  type InboxCounts,
  type ListConversationsInput,
  listConversationsInput,
  type SetLabelsInput,
  type SetStatusInput,
  type SnoozeInput,
  setLabelsInput,
  setStatusInput,
  snoozeInput,
} from "./conversation.schema.ts";
import { conversationWindow } from "./inbox-window.ts";

export const conversationNotFound = () => new AppError("NOT_FOUND", "Conversation not found.");

/** The web app's page of a conversation (notifications link to it). */
export const conversationPath = (orgSlug: string, conversationId: string) =>
  `/w/${orgSlug}/inbox/${conversationId}`;

const MAX_SNOOZE_MS = 366 * 86_400_000;

/** A page of the inbox: a view, optional filters and search, newest activity first. */
export async function listConversations(
  deps: Deps,
  actor: UserActor,
  rawInput: ListConversationsInput,
): Promise<{ items: ConversationListItem[]; nextCursor: string | null }> {
  const input = listConversationsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await repo.listConversationRows(
    deps.db,
    input.orgId,
    {
      view: input.view,
      userId: actor.userId,
      now: deps.clock.now(),
      platform: input.platform,
      labelId: input.labelId,
      assigneeId: input.assigneeId,
      q: input.q,
    },
    after,
    input.limit + 1,
  );
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last?.lastMessageAt
      ? encodeCursor({ at: last.lastMessageAt, id: last.id })
      : null;
  return { items, nextCursor };
}

/** The numbers beside the views: open, mine, unassigned, snoozed, and the unread total. */
export async function conversationCounts(
  deps: Deps,
  actor: UserActor,
  input: CountsInput,
): Promise<InboxCounts> {
  const { orgId } = countsInput.parse(input);
  await requireMembership(deps.db, orgId, actor, "MEMBER");
  return repo.countConversations(deps.db, orgId, actor.userId, deps.clock.now());
}

/** One conversation: its list row, connection, reply window, internal notes and contact. */
export async function getConversation(
  deps: Deps,
  actor: UserActor,
  rawInput: ConversationIdInput,
): Promise<ConversationDetail> {
  const input = conversationIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const found = await repo.findConversationDetail(deps.db, input.orgId, input.conversationId);
  if (!found) throw conversationNotFound();
  const now = deps.clock.now();
  const sent =
    found.lastInboundAt && PLATFORM_LIMITS[found.item.platform].maxMessagesPerWindow !== null
      ? await repo.countOutboundSince(deps.db, found.item.id, found.lastInboundAt)
      : 0;
  const notes = await repo.findNotes(deps.db, found.item.id);
  return {
    ...found.item,
    connection: found.connection,
    window: conversationWindow(found.item.platform, found.lastInboundAt, now, sent),
    notes: notes.map((n) => ({
      id: n.id,
      content: n.content,
      author: n.author ? { id: n.author.id, name: n.author.name ?? n.author.email } : null,
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
    })),
    contact: found.contact,
    contactExternalId: found.contactExternalId,
    contactUsername: found.contactUsername,
    lastInboundAt: found.lastInboundAt,
    createdAt: found.createdAt,
  };
}

/**
 * Runs `change` on the locked conversation inside one transaction (membership checked first) and
 * publishes `inbox.conversation` with `kind` when it reports a change.
 */
async function changeConversation(
  deps: Deps,
  actor: UserActor,
  input: ConversationIdInput,
  minRole: "MEMBER" | "AGENT",
  kind: InboxConversationKind,
  change: (tx: Tx, current: repo.ConversationState, now: Date) => Promise<boolean>,
): Promise<{ ok: true }> {
  await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, minRole);
    const current = await repo.lockConversation(tx, input.orgId, input.conversationId);
    if (!current) throw conversationNotFound();
    const changed = await change(tx, current, deps.clock.now());
    if (changed) {
      await publishInboxEvent(tx, {
        topic: "inbox.conversation",
        organizationId: input.orgId,
        conversationId: current.id,
        kind,
      });
    }
  });
  return { ok: true };
}

/**
 * Opening a conversation reads it: the unread count goes back to 0 and the contact's messages are
 * recorded as READ (they stay DELIVERED while nobody has looked).
 */
export function markRead(deps: Deps, actor: UserActor, rawInput: ConversationIdInput) {
  const input = conversationIdInput.parse(rawInput);
  return changeConversation(deps, actor, input, "MEMBER", "read", async (tx, current, now) => {
    const read = await tx.message.updateMany({
      where: { conversationId: current.id, direction: "INBOUND", status: "DELIVERED" },
      data: { status: "READ", readAt: now },
    });
    if (current.unreadCount === 0 && read.count === 0) return false;
    await repo.updateConversationRow(tx, current.id, { unreadCount: 0 });
    // The platform shows the contact their messages were read, where it can.
    if (read.count > 0 && deps.social?.get(current.platform)?.capabilities.markRead) {
      const newest = await newestInboundMessage(tx, current.id);
      if (newest) await enqueue(deps.boss, tx, inboxReadReceiptJob, { messageId: newest.id });
    }
    return true;
  });
}

/** "Mark as unread": the conversation shows at least one unread message again. */
export function markUnread(deps: Deps, actor: UserActor, rawInput: ConversationIdInput) {
  const input = conversationIdInput.parse(rawInput);
  return changeConversation(deps, actor, input, "MEMBER", "read", async (tx, current) => {
    if (current.unreadCount >= 1) return false;
    await repo.updateConversationRow(tx, current.id, { unreadCount: 1 });
    return true;
  });
}

/** Open, closed or archived; any change of status ends a snooze. */
export function setStatus(deps: Deps, actor: UserActor, rawInput: SetStatusInput) {
  const input = setStatusInput.parse(rawInput);
  return changeConversation(deps, actor, input, "AGENT", "status", async (tx, current) => {
    if (current.status === input.status && current.snoozedUntil === null) return false;
    await repo.updateConversationRow(tx, current.id, { status: input.status, snoozedUntil: null });
    return true;
  });
}

/**
 * Hides the conversation from the open views until `until` (then it is open again without any
 * job: the views compare with the clock). A new message from the contact wakes it earlier.
 */
export function snooze(deps: Deps, actor: UserActor, rawInput: SnoozeInput) {
  const input = snoozeInput.parse(rawInput);
  return changeConversation(deps, actor, input, "AGENT", "snoozed", async (tx, current, now) => {
    if (input.until.getTime() <= now.getTime()) {
      throw new AppError("BAD_REQUEST", "Choose a time in the future.", {
        until: "Choose a time in the future.",
      });
    }
    if (input.until.getTime() - now.getTime() > MAX_SNOOZE_MS) {
      throw new AppError("BAD_REQUEST", "Snooze for at most a year.", {
        until: "Snooze for at most a year.",
      });
    }
    await repo.updateConversationRow(tx, current.id, { status: "OPEN", snoozedUntil: input.until });
    await enqueue(
      deps.boss,
      tx,
      inboxSnoozeWakeJob,
      { conversationId: current.id, until: input.until.toISOString() },
      { startAfter: input.until },
    );
    return true;
  });
}

/**
 * `inbox.snooze-wake`: the snooze's time came. Clears it (unless it was changed or ended since,
 * which their own events told) and tells open screens, so the conversation is back in the open
 * views without a reload. A repeat finds nothing to do.
 */
export async function wakeSnoozed(
  deps: Pick<Deps, "db" | "clock">,
  payload: { conversationId: string; until: string },
): Promise<{ woke: boolean }> {
  return deps.db.$transaction(async (tx) => {
    const woke = await repo.clearSnooze(
      tx,
      payload.conversationId,
      new Date(payload.until),
      deps.clock.now(),
    );
    if (woke) {
      await publishInboxEvent(tx, {
        topic: "inbox.conversation",
        organizationId: woke.organizationId,
        conversationId: payload.conversationId,
        kind: "snoozed",
      });
    }
    return { woke: woke !== null };
  });
}

export function unsnooze(deps: Deps, actor: UserActor, rawInput: ConversationIdInput) {
  const input = conversationIdInput.parse(rawInput);
  return changeConversation(deps, actor, input, "AGENT", "snoozed", async (tx, current) => {
    if (current.snoozedUntil === null) return false;
    await repo.updateConversationRow(tx, current.id, { snoozedUntil: null });
    return true;
  });
}

/**
 * Gives the conversation to a member who can answer it (or to nobody). The new assignee hears of
 * it the way they asked to hear of assignments (in the app and/or by mail), unless they did it.
 */
export function assign(deps: Deps, actor: UserActor, rawInput: AssignInput) {
  const input = assignInput.parse(rawInput);
  return changeConversation(deps, actor, input, "AGENT", "assigned", async (tx, current) => {
    if (current.assignedToId === input.userId) return false;
    if (input.userId) {
      const member = await repo.findAssignableMember(tx, input.orgId, input.userId);
      if (!member) {
        throw new AppError("BAD_REQUEST", "Conversations can only be assigned to agents of this workspace.", {
          userId: "Choose an agent of this workspace.",
        });
      }
    }
    await repo.updateConversationRow(tx, current.id, { assignedToId: input.userId });
    if (input.userId && input.userId !== actor.userId) {
      const org = await repo.findOrgSlug(tx, input.orgId);
      const who = current.contactName ?? "a customer";
      await notifyAgent(tx, deps, {
        orgId: input.orgId,
        userId: input.userId,
        type: "desk.assigned",
        title: `Conversation with ${who} assigned to you`,
        message: `You are now the assignee of the ${current.platform.toLowerCase()} conversation with ${who}.`,
        link: conversationPath(org?.slug ?? "", current.id),
      });
    }
    return true;
  });
}

/** Sets exactly these labels (the workspace's own) on the conversation. */
export function setLabels(deps: Deps, actor: UserActor, rawInput: SetLabelsInput) {
  const input = setLabelsInput.parse(rawInput);
  return changeConversation(deps, actor, input, "AGENT", "labels", async (tx, current) => {
    if (input.labelIds.length > 0) {
      const found = await repo.countLabelsInOrg(tx, input.orgId, input.labelIds);
      if (found !== input.labelIds.length) {
        throw new AppError("BAD_REQUEST", "One of these labels doesn't exist in this workspace.", {
          labelIds: "Choose labels of this workspace.",
        });
      }
    }
    await repo.replaceLabels(tx, input.orgId, current.id, input.labelIds);
    return true;
  });
}
