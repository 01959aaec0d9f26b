import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import { outboxIdInput, outboxListInput } from "@quartet/core/platform/admin-outbox.schema";
import { getCapturedMail, listCapturedMail } from "@quartet/core/platform/admin-outbox.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminOutboxRouter = router({
  list: adminProcedure
    .input(outboxListInput)
    .query(({ ctx, input }) => listCapturedMail(ctx.deps, adminActorOf(ctx), input)),
  get: adminProcedure
    .input(outboxIdInput)
    .query(({ ctx, input }) => getCapturedMail(ctx.deps, adminActorOf(ctx), input)),
});
