import {
  ticketPresenceBeatInput,
  ticketPresenceInput,
  ticketPresenceSchema,
} from "@quartet/core/desk/tickets/ticket-presence.schema";
import {
  beatTicketPresence,
  leaveTicketPresence,
  listTicketPresence,
} from "@quartet/core/desk/tickets/ticket-presence.service";
import { z } from "zod";
import { orgProcedure, router } from "../trpc.ts";

/**
 * Collision detection on tickets: an open ticket page beats every few seconds (viewing or typing)
 * and gets back who else is on it and the newest message; `leave` when the page closes.
 */
export const deskPresenceRouter = router({
  beat: orgProcedure("MEMBER")
    .input(ticketPresenceBeatInput)
    .output(ticketPresenceSchema)
    .mutation(({ ctx, input }) => beatTicketPresence(ctx.deps, ctx.actor, input)),
  list: orgProcedure("MEMBER")
    .input(ticketPresenceInput)
    .output(ticketPresenceSchema)
    .query(({ ctx, input }) => listTicketPresence(ctx.deps, ctx.actor, input)),
  leave: orgProcedure("MEMBER")
    .input(ticketPresenceInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => leaveTicketPresence(ctx.deps, ctx.actor, input)),
});
