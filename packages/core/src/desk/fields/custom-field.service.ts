import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./custom-field.repository.ts";
import {
  type CreateCustomFieldInput,
  type CustomFieldIdInput,
  type CustomFieldType,
  type CustomFieldValue,
  createCustomFieldInput,
  customFieldIdInput,
  listCustomFieldsInput,
  type UpdateCustomFieldInput,
  updateCustomFieldInput,
} from "./custom-field.schema.ts";

export interface CustomFieldDto {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  position: number;
  createdAt: Date;
}

type Row = Awaited<ReturnType<typeof repo.listCustomFields>>[number];

const toDto = (row: Row): CustomFieldDto => ({
  ...row,
  type: row.type as CustomFieldType,
  options: Array.isArray(row.options) ? (row.options as string[]) : [],
});

const fieldNotFound = () => new AppError("NOT_FOUND", "Custom field not found.");

/** The workspace's ticket fields in display order (every member sees them on tickets). */
export async function listCustomFields(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<CustomFieldDto[]> {
  const input = listCustomFieldsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  return (await repo.listCustomFields(deps.db, input.orgId)).map(toDto);
}

export async function createCustomField(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateCustomFieldInput,
): Promise<CustomFieldDto> {
  const input = createCustomFieldInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    const row = await repo.insertCustomField(tx, {
      orgId: input.orgId,
      key: input.key,
      label: input.label,
      type: input.type,
      options: input.type === "SELECT" ? input.options : [],
      required: input.required,
      position: input.position ?? (await repo.nextPosition(tx, input.orgId)),
    });
    if (!row)
      throw new AppError("CONFLICT", "A field with this key already exists.", {
        key: "This key is already used by another field.",
      });
    return toDto(row);
  });
}

export async function updateCustomField(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateCustomFieldInput,
): Promise<CustomFieldDto> {
  const { orgId, fieldId, ...patch } = updateCustomFieldInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, orgId, actor.userId, "ADMIN");
    const current = await repo.findCustomField(tx, orgId, fieldId);
    if (!current) throw fieldNotFound();
    if (patch.options !== undefined && current.type === "SELECT" && patch.options.length === 0)
      throw new AppError("BAD_REQUEST", "A choice field needs options.", {
        options: "Add at least one option.",
      });
    const data: Prisma.DeskCustomFieldUpdateInput = {
      ...(patch.label !== undefined ? { label: patch.label } : {}),
      ...(patch.options !== undefined && current.type === "SELECT" ? { options: patch.options } : {}),
      ...(patch.required !== undefined ? { required: patch.required } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
      updatedAt: deps.clock.now(),
    };
    return toDto(await repo.updateCustomField(tx, current.id, data));
  });
}

/** Removes the definition; values already stored on tickets stay in their JSON (history). */
export async function deleteCustomField(
  deps: Deps,
  actor: UserActor,
  rawInput: CustomFieldIdInput,
): Promise<{ id: string }> {
  const input = customFieldIdInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor.userId, "ADMIN");
    const { count } = await repo.deleteCustomField(tx, input.orgId, input.fieldId);
    if (count === 0) throw fieldNotFound();
    return { id: input.fieldId };
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One value coerced to the field's type, or an error message for the person filling the form. */
function coerce(field: CustomFieldDto, raw: unknown): { value: CustomFieldValue } | { error: string } {
  switch (field.type) {
    case "TEXT": {
      const text = typeof raw === "number" || typeof raw === "boolean" ? String(raw) : raw;
      if (typeof text !== "string") return { error: "Enter text." };
      if (text.length > 2000) return { error: "Use at most 2000 characters." };
      return { value: text.trim() };
    }
    case "NUMBER": {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw.trim()) : raw;
      if (typeof n !== "number" || !Number.isFinite(n)) return { error: "Enter a number." };
      return { value: n };
    }
    case "CHECKBOX": {
      if (typeof raw === "boolean") return { value: raw };
      if (raw === "true" || raw === "false") return { value: raw === "true" };
      return { error: "Choose yes or no." };
    }
    case "SELECT": {
      if (typeof raw !== "string" || !field.options.includes(raw))
        return { error: `Choose one of: ${field.options.join(", ")}.` };
      return { value: raw };
    }
    case "DATE": {
      if (typeof raw !== "string" || !ISO_DATE.test(raw)) return { error: "Enter a date as YYYY-MM-DD." };
      const d = new Date(`${raw}T00:00:00Z`);
      // Refuses 2026-02-30 and the like: the parsed date must print back as the input.
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw)
        return { error: "Enter a real date as YYYY-MM-DD." };
      return { value: raw };
    }
  }
}

const isEmpty = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

/**
 * Checks ticket custom field values against the workspace's definitions and coerces them
 * ("42" → 42 for NUMBER, "true" → true for CHECKBOX). Unknown keys and wrong values are refused
 * with one field error per key (`customFields.<key>`). On create the result is the whole object
 * and required fields must be there; on update `values` is a patch over `current` (null or ""
 * clears a field, which a required field refuses). Returns the object to store.
 */
export async function validateCustomFieldValues(
  db: DbOrTx,
  orgId: string,
  values: Record<string, unknown>,
  mode: { kind: "create" } | { kind: "update"; current: Record<string, unknown> },
): Promise<Record<string, CustomFieldValue>> {
  const fields = (await repo.listCustomFields(db, orgId)).map(toDto);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const errors: Record<string, string> = {};
  const result: Record<string, CustomFieldValue> = {};
  if (mode.kind === "update") {
    for (const [key, value] of Object.entries(mode.current)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        result[key] = value;
    }
  }
  for (const [key, raw] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field) {
      errors[`customFields.${key}`] = "This field doesn't exist in this workspace.";
      continue;
    }
    if (isEmpty(raw)) {
      if (field.required) errors[`customFields.${key}`] = `${field.label} is required.`;
      delete result[key];
      continue;
    }
    const coerced = coerce(field, raw);
    if ("error" in coerced) errors[`customFields.${key}`] = coerced.error;
    else result[key] = coerced.value;
  }
  if (mode.kind === "create") {
    for (const field of fields) {
      if (field.required && result[field.key] === undefined && !errors[`customFields.${field.key}`])
        errors[`customFields.${field.key}`] = `${field.label} is required.`;
    }
  }
  const keys = Object.keys(errors);
  if (keys.length > 0) {
    const first = errors[keys[0] as string];
    throw new AppError(
      "BAD_REQUEST",
      keys.length === 1 ? (first as string) : "Some fields need attention.",
      errors,
    );
  }
  return result;
}
