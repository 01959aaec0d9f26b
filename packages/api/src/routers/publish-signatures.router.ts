import {
  createSignatureInput,
  signatureIdInput,
  updateSignatureInput,
} from "@quartet/core/publish/signatures/signature.schema";
import {
  createSignature,
  deleteSignature,
  listSignatures,
  updateSignature,
} from "@quartet/core/publish/signatures/signature.service";
import { z } from "zod";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → Signatures: text appended to posts; at most one added automatically. */
export const publishSignaturesRouter = router({
  list: orgProcedure("MEMBER")
    .input(z.object({ orgId: z.uuid() }))
    .query(({ ctx, input }) => listSignatures(ctx.deps, ctx.actor, input)),
  create: orgProcedure("MEMBER")
    .input(createSignatureInput)
    .mutation(({ ctx, input }) => createSignature(ctx.deps, ctx.actor, input)),
  update: orgProcedure("MEMBER")
    .input(updateSignatureInput)
    .mutation(({ ctx, input }) => updateSignature(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("MEMBER")
    .input(signatureIdInput)
    .mutation(({ ctx, input }) => deleteSignature(ctx.deps, ctx.actor, input)),
});
