import { sessionCookie } from "@quartet/auth/session";
import {
  changePassword,
  deleteAccount,
  getProfile,
  regenerateRecoveryCodes,
  twoFactorDisable,
  twoFactorEnable,
  twoFactorSetup,
  updateProfile,
} from "@quartet/core/identity/account.service";
import {
  changePasswordInput,
  passwordConfirmInput,
  twoFactorCodeInput,
  updateProfileInput,
} from "@quartet/core/identity/identity.schema";
import { authedProcedure, router } from "../trpc.ts";

export const meRouter = router({
  get: authedProcedure.query(({ ctx }) => getProfile(ctx.deps, ctx.actor)),
  update: authedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.deps, ctx.actor, input)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.actor, input)),
  twoFactorSetup: authedProcedure.mutation(({ ctx }) => twoFactorSetup(ctx.deps, ctx.actor)),
  twoFactorEnable: authedProcedure
    .input(twoFactorCodeInput)
    .mutation(({ ctx, input }) => twoFactorEnable(ctx.deps, ctx.actor, input)),
  twoFactorDisable: authedProcedure
    .input(passwordConfirmInput)
    .mutation(({ ctx, input }) => twoFactorDisable(ctx.deps, ctx.actor, input)),
  regenerateRecoveryCodes: authedProcedure
    .input(passwordConfirmInput)
    .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx.deps, ctx.actor, input)),
  deleteAccount: authedProcedure.input(passwordConfirmInput).mutation(async ({ ctx, input }) => {
    const result = await deleteAccount(ctx.deps, ctx.actor, input);
    // The session is gone with the account; drop the cookie too.
    const cookie = sessionCookie(ctx.kind, ctx.deps.config.production);
    ctx.cookies.clear(cookie.name, cookie.options);
    return result;
  }),
});
