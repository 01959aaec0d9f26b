import {
  assignInput,
  conversationIdInput,
  countsInput,
  listConversationsInput,
  setLabelsInput,
  setStatusInput,
  snoozeInput,
} from "@quartet/core/inbox/conversations/conversation.schema";
import {
  assign,
  conversationCounts,
  getConversation,
  listConversations,
  markRead,
  markUnread,
  setLabels,
  setStatus,
  snooze,
  unsnooze,
} from "@quartet/core/inbox/conversations/conversation.service";
import { createTicketFromConversation } from "@quartet/core/inbox/ticket-bridge/ticket-bridge.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * The inbox's conversations: members read them (and opening one reads it), agents work them —
 * status, snooze, assignment, labels, and making a Desk ticket of one.
 */
export const inboxConversationsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.deps, ctx.actor, input)),
  counts: orgProcedure("MEMBER")
    .input(countsInput)
    .query(({ ctx, input }) => conversationCounts(ctx.deps, ctx.actor, input)),
  get: orgProcedure("MEMBER")
    .input(conversationIdInput)
    .query(({ ctx, input }) => getConversation(ctx.deps, ctx.actor, input)),
  markRead: orgProcedure("MEMBER")
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => markRead(ctx.deps, ctx.actor, input)),
  markUnread: orgProcedure("MEMBER")
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => markUnread(ctx.deps, ctx.actor, input)),
  setStatus: orgProcedure("AGENT")
    .input(setStatusInput)
    .mutation(({ ctx, input }) => setStatus(ctx.deps, ctx.actor, input)),
  snooze: orgProcedure("AGENT")
    .input(snoozeInput)
    .mutation(({ ctx, input }) => snooze(ctx.deps, ctx.actor, input)),
  unsnooze: orgProcedure("AGENT")
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => unsnooze(ctx.deps, ctx.actor, input)),
  assign: orgProcedure("AGENT")
    .input(assignInput)
    .mutation(({ ctx, input }) => assign(ctx.deps, ctx.actor, input)),
  setLabels: orgProcedure("AGENT")
    .input(setLabelsInput)
    .mutation(({ ctx, input }) => setLabels(ctx.deps, ctx.actor, input)),
  /** The conversation as a Desk ticket (the same ticket when asked again). */
  createTicket: orgProcedure("AGENT")
    .input(conversationIdInput)
    .mutation(({ ctx, input }) => createTicketFromConversation(ctx.deps, ctx.actor, input)),
});
