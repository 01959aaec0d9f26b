import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import { systemOverview } from "@quartet/core/platform/system/system.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminSystemRouter = router({
  overview: adminProcedure.query(({ ctx }) => systemOverview(ctx.deps, adminActorOf(ctx))),
});
