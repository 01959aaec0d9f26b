import {
  listMessagesInput,
  messageIdInput,
  searchMessagesInput,
  sendMessageInput,
  templatesInput,
} from "@quartet/core/inbox/messages/message.schema";
import {
  listMessages,
  listTemplates,
  retryMessage,
  searchMessages,
  sendMessage,
} from "@quartet/core/inbox/messages/message.service";
import { orgProcedure, router } from "../trpc.ts";

/** A conversation's thread: members read and search, agents send (through the worker) and retry. */
export const inboxMessagesRouter = router({
  list: orgProcedure("MEMBER")
    .input(listMessagesInput)
    .query(({ ctx, input }) => listMessages(ctx.deps, ctx.actor, input)),
  /** Queued as PENDING; the `inbox.send-message` job sends it (SENT or FAILED with the reason). */
  send: orgProcedure("AGENT")
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => sendMessage(ctx.deps, ctx.actor, input)),
  retry: orgProcedure("AGENT")
    .input(messageIdInput)
    .mutation(({ ctx, input }) => retryMessage(ctx.deps, ctx.actor, input)),
  search: orgProcedure("MEMBER")
    .input(searchMessagesInput)
    .query(({ ctx, input }) => searchMessages(ctx.deps, ctx.actor, input)),
  /** WhatsApp: the approved templates (what can be sent once the 24-hour window is closed). */
  templates: orgProcedure("AGENT")
    .input(templatesInput)
    .query(({ ctx, input }) => listTemplates(ctx.deps, ctx.actor, input)),
});
