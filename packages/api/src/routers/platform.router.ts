import { publicConfig } from "@quartet/core/platform/settings/app-config.service";
import { publicProcedure, router } from "../trpc.ts";

/** What both SPAs read at boot: the public runtime config (maintenance banner, sign-ups open…). */
export const platformRouter = router({
  publicConfig: publicProcedure.query(({ ctx }) => publicConfig(ctx.deps)),
});
