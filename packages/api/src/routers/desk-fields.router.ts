import {
  createCustomFieldInput,
  customFieldIdInput,
  listCustomFieldsInput,
  updateCustomFieldInput,
} from "@quartet/core/desk/fields/custom-field.schema";
import {
  createCustomField,
  deleteCustomField,
  listCustomFields,
  updateCustomField,
} from "@quartet/core/desk/fields/custom-field.service";
import { orgProcedure, router } from "../trpc.ts";

/** Ticket custom field definitions: members read them (to show tickets), admins manage them. */
export const deskFieldsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listCustomFieldsInput)
    .query(({ ctx, input }) => listCustomFields(ctx.deps, ctx.actor, input)),
  create: orgProcedure("ADMIN")
    .input(createCustomFieldInput)
    .mutation(({ ctx, input }) => createCustomField(ctx.deps, ctx.actor, input)),
  update: orgProcedure("ADMIN")
    .input(updateCustomFieldInput)
    .mutation(({ ctx, input }) => updateCustomField(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("ADMIN")
    .input(customFieldIdInput)
    .mutation(({ ctx, input }) => deleteCustomField(ctx.deps, ctx.actor, input)),
});
