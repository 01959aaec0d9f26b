import { followTicketInput, ticketFollowersInput } from "@quartet/core/desk/followers/ticket-follower.schema";
import {
  followTicket,
  listTicketFollowers,
  unfollowTicket,
} from "@quartet/core/desk/followers/ticket-follower.service";
import { listTicketCcsInput, setTicketCcsInput } from "@quartet/core/desk/mail/ticket-cc.schema";
import { listTicketCcs, setTicketCcs } from "@quartet/core/desk/mail/ticket-cc.service";
import { orgProcedure, router } from "../trpc.ts";

/** Who else hears about a ticket: agents following it, and customer addresses copied on its mail. */
export const deskFollowersRouter = router({
  list: orgProcedure("MEMBER")
    .input(ticketFollowersInput)
    .query(({ ctx, input }) => listTicketFollowers(ctx.deps, ctx.actor, input)),
  /** The caller follows, or adds another agent (`userId`). */
  follow: orgProcedure("AGENT")
    .input(followTicketInput)
    .mutation(({ ctx, input }) => followTicket(ctx.deps, ctx.actor, input)),
  unfollow: orgProcedure("AGENT")
    .input(followTicketInput)
    .mutation(({ ctx, input }) => unfollowTicket(ctx.deps, ctx.actor, input)),
  ccs: orgProcedure("MEMBER")
    .input(listTicketCcsInput)
    .query(({ ctx, input }) => listTicketCcs(ctx.deps, ctx.actor, input)),
  setCcs: orgProcedure("AGENT")
    .input(setTicketCcsInput)
    .mutation(({ ctx, input }) => setTicketCcs(ctx.deps, ctx.actor, input)),
});
