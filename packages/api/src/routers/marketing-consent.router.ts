import {
  getMarketingConsent,
  setMarketingConsent,
  setMarketingConsentInput,
} from "@quartet/core/identity/marketing-consent.service";
import { authedProcedure, router } from "../trpc.ts";

export const marketingConsentRouter = router({
  get: authedProcedure.query(({ ctx }) => getMarketingConsent(ctx.deps, ctx.actor)),
  set: authedProcedure
    .input(setMarketingConsentInput)
    .mutation(({ ctx, input }) => setMarketingConsent(ctx.deps, ctx.actor, input)),
});
