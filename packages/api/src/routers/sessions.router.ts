import { revokeSessionInput } from "@quartet/core/identity/identity.schema";
import { listSessions, revokeOtherSessions, revokeSession } from "@quartet/core/identity/sessions.service";
import { authedProcedure, router } from "../trpc.ts";

export const sessionsRouter = router({
  list: authedProcedure.query(({ ctx }) => listSessions(ctx.deps, ctx.actor)),
  revoke: authedProcedure
    .input(revokeSessionInput)
    .mutation(({ ctx, input }) => revokeSession(ctx.deps, ctx.actor, input)),
  revokeOthers: authedProcedure.mutation(({ ctx }) => revokeOtherSessions(ctx.deps, ctx.actor)),
});
