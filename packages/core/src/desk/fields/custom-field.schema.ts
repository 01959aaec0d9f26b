import { z } from "zod";

export const CUSTOM_FIELD_TYPES = ["TEXT", "NUMBER", "SELECT", "CHECKBOX", "DATE"] as const;
export const customFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

/** The key under which values live in tickets.custom_fields: immutable once created. */
export const customFieldKeySchema = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_]{0,49}$/,
    "Start with a lowercase letter; use lowercase letters, digits and _ (at most 50).",
  );

const labelSchema = z
  .string()
  .trim()
  .min(1, "Give the field a label.")
  .max(100, "Use at most 100 characters.");

const optionsSchema = z
  .array(z.string().trim().min(1, "Options can't be empty.").max(100, "Use at most 100 characters."))
  .max(50, "Use at most 50 options.")
  .refine((o) => new Set(o).size === o.length, "Each option must be different.");

export const listCustomFieldsInput = z.object({ orgId: z.uuid() });

export const createCustomFieldInput = z
  .object({
    orgId: z.uuid(),
    key: customFieldKeySchema,
    label: labelSchema,
    type: customFieldTypeSchema,
    options: optionsSchema.default([]),
    required: z.boolean().default(false),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === "SELECT" && v.options.length === 0)
      ctx.addIssue({ code: "custom", path: ["options"], message: "Add at least one option." });
  });
export type CreateCustomFieldInput = z.input<typeof createCustomFieldInput>;

/** Key and type can't change: stored ticket values would stop matching them. */
export const updateCustomFieldInput = z.object({
  orgId: z.uuid(),
  fieldId: z.uuid(),
  label: labelSchema.optional(),
  options: optionsSchema.optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type UpdateCustomFieldInput = z.input<typeof updateCustomFieldInput>;

export const customFieldIdInput = z.object({ orgId: z.uuid(), fieldId: z.uuid() });
export type CustomFieldIdInput = z.input<typeof customFieldIdInput>;

/** A stored value after validation: absent keys are unset. */
export type CustomFieldValue = string | number | boolean;
