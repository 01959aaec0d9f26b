import {
  applyMacroInput,
  createMacroInput,
  listMacrosInput,
  macroIdInput,
  updateMacroInput,
} from "@quartet/core/desk/macros/macro.schema";
import {
  applyMacro,
  createMacro,
  deleteMacro,
  listMacros,
  updateMacro,
} from "@quartet/core/desk/macros/macro.service";
import { orgProcedure, router } from "../trpc.ts";

/** Macros: agents keep personal ones; shared ones are managed by admins (checked in core). */
export const deskMacrosRouter = router({
  list: orgProcedure("AGENT")
    .input(listMacrosInput)
    .query(({ ctx, input }) => listMacros(ctx.deps, ctx.actor, input)),
  create: orgProcedure("AGENT")
    .input(createMacroInput)
    .mutation(({ ctx, input }) => createMacro(ctx.deps, ctx.actor, input)),
  update: orgProcedure("AGENT")
    .input(updateMacroInput)
    .mutation(({ ctx, input }) => updateMacro(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("AGENT")
    .input(macroIdInput)
    .mutation(({ ctx, input }) => deleteMacro(ctx.deps, ctx.actor, input)),
  applyToTicket: orgProcedure("AGENT")
    .input(applyMacroInput)
    .mutation(({ ctx, input }) => applyMacro(ctx.deps, ctx.actor, input)),
});
