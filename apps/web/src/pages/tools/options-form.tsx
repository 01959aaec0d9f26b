import { CheckboxField } from "@quartet/ui/checkbox";
import { FormField } from "@quartet/ui/form-field";
import { Input, PasswordInput } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";

// A tool's options as fields, drawn from the JSON Schema of the processor's zod options (so the
// names, limits and defaults are the processor's): a set of constants is a select, a number a
// number field with its bounds, a hex colour a colour picker, a string a text (or password)
// field, a boolean a checkbox, a nested object its own fields, and a union told apart by a
// constant (a QR code's kind) a choice followed by that kind's fields. Arrays are the page's own
// business (the page order of "organize") and are not drawn.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  title?: string;
  description?: string;
  format?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
}

export type OptionValues = Record<string, unknown>;
type Scalar = string | number | boolean;
type Translate = (key: string, vars?: Record<string, unknown>) => string;

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type);
const branchesOf = (s: JsonSchema) => s.oneOf ?? s.anyOf;

/** The constants a property may take (an enum, or a union of literals such as 90 | 180 | 270). */
function choicesOf(s: JsonSchema): Scalar[] | null {
  if (s.enum) return s.enum.filter((v): v is Scalar => v !== null);
  const branches = branchesOf(s);
  if (branches?.length && branches.every((b) => b.const !== undefined || b.enum?.length === 1))
    return branches.map((b) => (b.const ?? b.enum?.[0]) as Scalar);
  return null;
}

const constOf = (s: JsonSchema | undefined) => s?.const ?? s?.enum?.[0];

/** A union of objects and the property that tells them apart (the one with a constant in each). */
function unionOf(schema: JsonSchema): { key: string; branches: JsonSchema[] } | null {
  const branches = branchesOf(schema);
  if (!branches?.length || !branches.every((b) => b.properties)) return null;
  const key = Object.keys(branches[0]!.properties!).find((k) =>
    branches.every((b) => constOf(b.properties?.[k]) !== undefined),
  );
  return key ? { key, branches } : null;
}

/** The object schema in force for these values (a union's branch picked by its discriminator). */
function activeObject(schema: JsonSchema, values: OptionValues): JsonSchema {
  const union = unionOf(schema);
  if (!union) return schema;
  return (
    union.branches.find((b) => constOf(b.properties?.[union.key]) === values[union.key]) ?? union.branches[0]!
  );
}

const isObject = (s: JsonSchema) => Boolean(s.properties || unionOf(s));
const isColor = (s: JsonSchema) => s.pattern?.includes("[0-9a-fA-F]{6}") ?? false;

const asValues = (v: unknown): OptionValues =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as OptionValues) : {};

/** Defaults of every field (a union's first branch). */
export function defaultOptions(
  schema: JsonSchema | null | undefined,
  current: OptionValues = {},
): OptionValues {
  if (!schema) return {};
  const object = activeObject(schema, current);
  const required = new Set(object.required ?? []);
  const out: OptionValues = {};
  for (const [key, prop] of Object.entries(object.properties ?? {})) {
    if (isObject(prop)) out[key] = defaultOptions(prop, asValues(current[key]));
    else if (current[key] !== undefined) out[key] = current[key];
    else if (prop.default !== undefined) out[key] = prop.default;
    else if (prop.const !== undefined) out[key] = prop.const;
    // A required choice starts on its first value (a rotation of 90°), never on a blank.
    else if (required.has(key)) {
      const first = choicesOf(prop)?.[0];
      if (first !== undefined) out[key] = first;
    }
  }
  return out;
}

interface Field {
  key: string;
  path: string;
  prop: JsonSchema;
  required: boolean;
  /** This field picks a union's branch. */
  discriminator?: JsonSchema[];
}

function fieldsOf(schema: JsonSchema, values: OptionValues, prefix = ""): Field[] {
  const union = unionOf(schema);
  const object = activeObject(schema, values);
  const required = new Set(object.required ?? []);
  const out: Field[] = [];
  for (const [key, prop] of Object.entries(object.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (union && key === union.key) {
      out.push({ key, path, prop, required: true, discriminator: union.branches });
      continue;
    }
    if (isObject(prop)) {
      out.push(...fieldsOf(prop, asValues(values[key]), path));
      continue;
    }
    const type = typeOf(prop);
    if (choicesOf(prop) || type === "string" || type === "number" || type === "integer" || type === "boolean")
      out.push({ key, path, prop, required: required.has(key) });
  }
  return out;
}

const getAt = (values: OptionValues, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => asValues(v)[k], values);

function setAt(values: OptionValues, path: string, value: unknown): OptionValues {
  const [head, ...rest] = path.split(".");
  if (!head) return values;
  if (rest.length === 0) return { ...values, [head]: value };
  return { ...values, [head]: setAt(asValues(values[head]), rest.join("."), value) };
}

/** Client-side checks from the schema (the server checks again with the zod schema). */
export function validateOptions(
  schema: JsonSchema | null | undefined,
  values: OptionValues,
  t: Translate,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!schema) return errors;
  for (const { path, prop, required } of fieldsOf(schema, values)) {
    const value = getAt(values, path);
    const type = typeOf(prop);
    if (value === undefined || value === "" || value === null) {
      if (required && prop.default === undefined && type !== "boolean")
        errors[path] = t("tools.options.required");
      continue;
    }
    if (type === "number" || type === "integer") {
      const n = Number(value);
      if (!Number.isFinite(n)) errors[path] = t("tools.options.number");
      else if (type === "integer" && !Number.isInteger(n)) errors[path] = t("tools.options.integer");
      else if (prop.minimum !== undefined && n < prop.minimum)
        errors[path] = t("tools.options.min", { min: prop.minimum });
      else if (prop.exclusiveMinimum !== undefined && n <= prop.exclusiveMinimum)
        errors[path] = t("tools.options.min", { min: prop.exclusiveMinimum });
      else if (prop.maximum !== undefined && n > prop.maximum)
        errors[path] = t("tools.options.max", { max: prop.maximum });
    } else if (type === "string" && typeof value === "string") {
      if (prop.minLength !== undefined && value.trim().length < prop.minLength)
        errors[path] = t("tools.options.required");
      else if (prop.maxLength !== undefined && value.length > prop.maxLength)
        errors[path] = t("tools.options.tooLong", { max: prop.maxLength });
    }
  }
  return errors;
}

/** Values as the API wants them: numbers as numbers, empty optional fields left out. */
export function normalizeOptions(schema: JsonSchema | null | undefined, values: OptionValues): OptionValues {
  if (!schema) return {};
  const object = activeObject(schema, values);
  const out: OptionValues = {};
  for (const [key, prop] of Object.entries(object.properties ?? {})) {
    const value = values[key];
    if (isObject(prop)) {
      out[key] = normalizeOptions(prop, asValues(value));
      continue;
    }
    if (value === undefined || value === "") continue;
    const type = typeOf(prop);
    out[key] = (type === "number" || type === "integer") && typeof value === "string" ? Number(value) : value;
  }
  return out;
}

/** Whether the schema draws any field at all. */
export function hasFields(schema: JsonSchema | null | undefined): boolean {
  return Boolean(schema && fieldsOf(schema, {}).length > 0);
}

export function OptionsForm({
  schema,
  values,
  errors,
  onChange,
  disabled,
}: {
  schema: JsonSchema | null | undefined;
  values: OptionValues;
  errors: Record<string, string>;
  onChange: (values: OptionValues) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  if (!schema) return null;
  const fields = fieldsOf(schema, values);
  if (fields.length === 0) return null;

  const label = (key: string, prop: JsonSchema) =>
    t(`tools.options.fields.${key}`, { defaultValue: prop.title ?? humanize(key) });
  const valueLabel = (key: string, value: Scalar) => {
    if (key === "angle" || key === "rotation") return `${value}°`;
    if (typeof value !== "string") return String(value);
    return t(`tools.options.values.${value}`, { defaultValue: value });
  };
  const set = (field: Field, value: unknown) => {
    if (!field.discriminator) return onChange(setAt(values, field.path, value));
    // Another kind: that kind's defaults, keeping what the kinds share.
    const parent = field.path.split(".").slice(0, -1).join(".");
    const unionSchema = parent ? findSchema(schema, values, parent) : schema;
    const before = parent ? asValues(getAt(values, parent)) : values;
    const next = unionSchema ? defaultOptions(unionSchema, { ...before, [field.key]: value }) : before;
    onChange(parent ? setAt(values, parent, next) : next);
  };

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {fields.map((field) => {
        const { key, path, prop, required } = field;
        const type = typeOf(prop);
        const error = errors[path];
        const value = getAt(values, path);
        const optional = !required && prop.default === undefined;
        const hint = prop.description && prop.description !== prop.title ? prop.description : undefined;
        const choices = field.discriminator
          ? field.discriminator.map((b) => constOf(b.properties?.[key]) as Scalar)
          : choicesOf(prop);
        if (choices) {
          const kind = typeof choices[0];
          return (
            <FormField
              key={path}
              label={label(key, prop)}
              error={error}
              hint={hint}
              optional={optional}
              className={field.discriminator ? "sm:col-span-2" : undefined}
            >
              <NativeSelect
                name={path}
                value={value === undefined || value === null ? "" : String(value)}
                disabled={disabled}
                onChange={(e) => {
                  const raw = e.target.value;
                  set(
                    field,
                    raw === ""
                      ? undefined
                      : kind === "number"
                        ? Number(raw)
                        : kind === "boolean"
                          ? raw === "true"
                          : raw,
                  );
                }}
              >
                {optional || value === undefined ? <option value="">—</option> : null}
                {choices.map((v) => (
                  <option key={String(v)} value={String(v)}>
                    {valueLabel(key, v)}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          );
        }
        if (type === "boolean") {
          return (
            <div key={path} className="flex items-end pb-1 sm:col-span-2">
              <CheckboxField
                name={path}
                label={label(key, prop)}
                checked={value === true}
                disabled={disabled}
                onCheckedChange={(checked) => set(field, checked === true)}
              />
            </div>
          );
        }
        if (type === "number" || type === "integer") {
          return (
            <FormField key={path} label={label(key, prop)} error={error} hint={hint} optional={optional}>
              <Input
                name={path}
                type="number"
                inputMode={type === "integer" ? "numeric" : "decimal"}
                min={prop.minimum ?? prop.exclusiveMinimum}
                max={prop.maximum}
                step={type === "integer" ? 1 : "any"}
                value={value === undefined || value === null ? "" : String(value)}
                disabled={disabled}
                onChange={(e) => set(field, e.target.value === "" ? undefined : e.target.value)}
              />
            </FormField>
          );
        }
        const text =
          typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
        if (isColor(prop)) {
          return (
            <FormField key={path} label={label(key, prop)} error={error} optional={optional}>
              <Input
                name={path}
                type="color"
                value={text || "#000000"}
                disabled={disabled}
                className="h-9 w-20 cursor-pointer p-1"
                onChange={(e) => set(field, e.target.value)}
              />
            </FormField>
          );
        }
        const wide = key === "text" || key === "url" || key === "ranges" || key === "pages";
        if (prop.format === "password" || /password/i.test(key)) {
          return (
            <FormField key={path} label={label(key, prop)} error={error} hint={hint} optional={optional}>
              <PasswordInput
                name={path}
                value={text}
                maxLength={prop.maxLength}
                autoComplete="new-password"
                disabled={disabled}
                onChange={(e) => set(field, e.target.value)}
              />
            </FormField>
          );
        }
        return (
          <FormField
            key={path}
            label={label(key, prop)}
            error={error}
            hint={hint ?? (key === "ranges" || key === "pages" ? t("tools.options.rangesHint") : undefined)}
            optional={optional}
            className={cn(wide && "sm:col-span-2")}
          >
            <Input
              name={path}
              value={text}
              maxLength={prop.maxLength}
              autoComplete="off"
              dir={prop.format === "uri" || prop.format === "email" ? "ltr" : "auto"}
              type={prop.format === "uri" ? "url" : prop.format === "email" ? "email" : "text"}
              disabled={disabled}
              onChange={(e) => set(field, e.target.value)}
            />
          </FormField>
        );
      })}
    </div>
  );
}

/** The schema of the (possibly union) object at `path`. */
function findSchema(schema: JsonSchema, values: OptionValues, path: string): JsonSchema | null {
  let current: JsonSchema | undefined = schema;
  let currentValues = values;
  for (const key of path.split(".")) {
    if (!current) return null;
    current = activeObject(current, currentValues).properties?.[key];
    currentValues = asValues(currentValues[key]);
  }
  return current ?? null;
}

function humanize(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
