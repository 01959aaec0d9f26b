import { z } from "zod";
import { ticketPrioritySchema, ticketTagsSchema } from "../tickets/ticket.schema.ts";
import { unknownPlaceholders } from "./macro-template.ts";

const nameSchema = z.string().trim().min(1, "Give the macro a name.").max(100, "Use at most 100 characters.");

const bodySchema = z
  .string()
  .max(20_000, "This is too long.")
  .superRefine((body, ctx) => {
    const unknown = unknownPlaceholders(body);
    if (unknown.length > 0)
      ctx.addIssue({
        code: "custom",
        message: `Unknown placeholder: ${unknown.map((n) => `{{${n}}}`).join(", ")}.`,
      });
  });

/** What applying the macro changes on the ticket; absent fields stay as they are. */
export const macroActionsSchema = z.object({
  status: z.enum(["OPEN", "PENDING", "RESOLVED", "CLOSED"]).optional(),
  priority: ticketPrioritySchema.optional(),
  addTags: ticketTagsSchema.optional(),
  removeTags: ticketTagsSchema.optional(),
  /** An agent's id, or null to unassign. */
  assigneeId: z.uuid().nullable().optional(),
});
export type MacroActions = z.output<typeof macroActionsSchema>;

const withContent = <T extends { body?: string; actions?: MacroActions }>(value: T, ctx: z.RefinementCtx) => {
  if (value.body !== undefined && value.actions !== undefined) {
    const a = value.actions;
    const empty =
      value.body.trim() === "" &&
      a.status === undefined &&
      a.priority === undefined &&
      !a.addTags?.length &&
      !a.removeTags?.length &&
      a.assigneeId === undefined;
    if (empty)
      ctx.addIssue({ code: "custom", path: ["body"], message: "Write a reply or choose an action." });
  }
};

export const listMacrosInput = z.object({ orgId: z.uuid() });

export const createMacroInput = z
  .object({
    orgId: z.uuid(),
    name: nameSchema,
    body: bodySchema.default(""),
    actions: macroActionsSchema.default({}),
    /** Shared macros are visible to every agent; only admins create, change or delete them. */
    isShared: z.boolean().default(false),
  })
  .superRefine(withContent);
export type CreateMacroInput = z.input<typeof createMacroInput>;

export const updateMacroInput = z.object({
  orgId: z.uuid(),
  macroId: z.uuid(),
  name: nameSchema.optional(),
  body: bodySchema.optional(),
  actions: macroActionsSchema.optional(),
  isShared: z.boolean().optional(),
});
export type UpdateMacroInput = z.input<typeof updateMacroInput>;

export const macroIdInput = z.object({ orgId: z.uuid(), macroId: z.uuid() });
export type MacroIdInput = z.input<typeof macroIdInput>;

export const applyMacroInput = z.object({ orgId: z.uuid(), macroId: z.uuid(), ticketId: z.uuid() });
export type ApplyMacroInput = z.input<typeof applyMacroInput>;
