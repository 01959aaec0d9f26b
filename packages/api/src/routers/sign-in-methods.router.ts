import { listSignInMethods, unlinkIdentity } from "@quartet/core/identity/oauth.service";
import { z } from "zod";
import { authedProcedure, router } from "../trpc.ts";

/** Account → Security: the password and the linked Google / GitHub / OIDC identities. */
export const signInMethodsRouter = router({
  list: authedProcedure.query(({ ctx }) => listSignInMethods(ctx.deps, ctx.actor)),
  /** Refused (LAST_SIGN_IN_METHOD) when it would leave the account without a way to sign in. */
  unlink: authedProcedure
    .input(z.object({ identityId: z.uuid() }))
    .mutation(({ ctx, input }) => unlinkIdentity(ctx.deps, ctx.actor, input)),
});
