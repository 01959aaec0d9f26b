import {
  addMessageInput,
  createTicketInput,
  listTicketsInput,
  searchTicketsInput,
  ticketIdInput,
  updateTicketInput,
} from "@quartet/core/desk/tickets/ticket.schema";
import {
  addMessage,
  createTicket,
  getTicket,
  listTickets,
  updateTicket,
} from "@quartet/core/desk/tickets/ticket.service";
import { listTicketTagsInput, ticketByNumberInput } from "@quartet/core/desk/tickets/ticket-agent.schema";
import {
  getTicketByNumber,
  listTicketTags,
  searchTicketsOrNumber,
} from "@quartet/core/desk/tickets/ticket-agent.service";
import { bulkUpdateTicketsInput } from "@quartet/core/desk/tickets/ticket-bulk.schema";
import { bulkUpdateTickets } from "@quartet/core/desk/tickets/ticket-bulk.service";
import { mergeTicketsInput } from "@quartet/core/desk/tickets/ticket-merge.schema";
import { mergeTickets } from "@quartet/core/desk/tickets/ticket-merge.service";
import { orgProcedure, router } from "../trpc.ts";

/** Desk tickets for the agent workspace: members read, agents (and above) work the tickets. */
export const deskTicketsRouter = router({
  create: orgProcedure("AGENT")
    .input(createTicketInput)
    .mutation(({ ctx, input }) => createTicket(ctx.deps, ctx.actor, input)),
  list: orgProcedure("MEMBER")
    .input(listTicketsInput)
    .query(({ ctx, input }) => listTickets(ctx.deps, ctx.actor, input)),
  get: orgProcedure("MEMBER")
    .input(ticketIdInput)
    .query(({ ctx, input }) => getTicket(ctx.deps, ctx.actor, input)),
  /** `/w/<slug>/desk/1042`: the ticket by its number in the workspace. */
  getByNumber: orgProcedure("MEMBER")
    .input(ticketByNumberInput)
    .query(({ ctx, input }) => getTicketByNumber(ctx.deps, ctx.actor, input)),
  /** The workspace's tags with their ticket counts (tag autocomplete and filter). */
  tags: orgProcedure("MEMBER")
    .input(listTicketTagsInput)
    .query(({ ctx, input }) => listTicketTags(ctx.deps, ctx.actor, input)),
  update: orgProcedure("AGENT")
    .input(updateTicketInput)
    .mutation(({ ctx, input }) => updateTicket(ctx.deps, ctx.actor, input)),
  addMessage: orgProcedure("AGENT")
    .input(addMessageInput)
    .mutation(({ ctx, input }) => addMessage(ctx.deps, ctx.actor, input)),
  merge: orgProcedure("AGENT")
    .input(mergeTicketsInput)
    .mutation(({ ctx, input }) => mergeTickets(ctx.deps, ctx.actor, input)),
  bulkUpdate: orgProcedure("AGENT")
    .input(bulkUpdateTicketsInput)
    .mutation(({ ctx, input }) => bulkUpdateTickets(ctx.deps, ctx.actor, input)),
  search: orgProcedure("MEMBER")
    .input(searchTicketsInput)
    .query(({ ctx, input }) => searchTicketsOrNumber(ctx.deps, ctx.actor, input)),
});
