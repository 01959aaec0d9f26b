import type { DbOrTx } from "@quartet/db/client";
import type { AccessLevel } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import { type ProcessorId, processorDefinitions } from "../processors.ts";

// The public catalogue (toolsCatalog.list / get): active tools in the caller's locale, with what
// each accepts (from the processor registry) so the drop zone can filter files before uploading.

export const catalogListInput = z.object({ locale: z.string().trim().min(2).max(35).optional() }).default({});
export const catalogGetInput = z.object({
  slug: z.string().trim().min(1).max(80),
  locale: z.string().trim().min(2).max(35).optional(),
});

export interface ToolCardDto {
  slug: string;
  category: string;
  accessLevel: AccessLevel;
  name: string;
  description: string;
  processor: string;
  accept: string[];
  minFiles: number;
  maxFiles: number;
  countsAsOperation: boolean;
}

export interface ToolDetailDto extends ToolCardDto {
  metaTitle: string;
  metaDescription: string;
}

const toolSelect = {
  slug: true,
  category: true,
  accessLevel: true,
  name: true,
  description: true,
  processor: true,
  countsAsOperation: true,
  nameLocalized: true,
  descriptionLocalized: true,
  metaTitle: true,
  metaDescription: true,
  metaTitleLocalized: true,
  metaDescriptionLocalized: true,
} as const;
type ToolRow = Prisma.ToolGetPayload<{ select: typeof toolSelect }>;

/** `fr-CA` → `fr`; the English column when the locale has no translation. */
export function localizedText(value: unknown, fallback: string, locale: string | undefined | null): string {
  const base = (locale ?? "en").toLowerCase().split(/[-_]/)[0] ?? "en";
  if (base === "en" || !value || typeof value !== "object") return fallback;
  const text = (value as Record<string, unknown>)[base];
  return typeof text === "string" && text.length > 0 ? text : fallback;
}

function inputsOf(processor: string) {
  const def = processorDefinitions[processor as ProcessorId];
  return def ? def.inputs : { accept: [], min: 0, max: 0 };
}

function toCard(row: ToolRow, locale: string | undefined): ToolCardDto {
  const inputs = inputsOf(row.processor);
  return {
    slug: row.slug,
    category: row.category,
    accessLevel: row.accessLevel,
    name: localizedText(row.nameLocalized, row.name, locale),
    description: localizedText(row.descriptionLocalized, row.description ?? "", locale),
    processor: row.processor,
    accept: [...inputs.accept],
    minFiles: inputs.min,
    maxFiles: inputs.max,
    countsAsOperation: row.countsAsOperation,
  };
}

export async function listTools(
  deps: { db: DbOrTx },
  input: z.input<typeof catalogListInput>,
): Promise<{ tools: ToolCardDto[] }> {
  const { locale } = catalogListInput.parse(input);
  const rows = await deps.db.tool.findMany({
    where: { isActive: true },
    select: toolSelect,
    orderBy: [{ sortOrder: "asc" }, { slug: "asc" }],
  });
  return { tools: rows.map((row) => toCard(row, locale)) };
}

export async function getTool(
  deps: { db: DbOrTx },
  input: z.input<typeof catalogGetInput>,
): Promise<ToolDetailDto> {
  const { slug, locale } = catalogGetInput.parse(input);
  const row = await deps.db.tool.findFirst({ where: { slug, isActive: true }, select: toolSelect });
  if (!row) throw notFound("This tool doesn't exist.");
  return {
    ...toCard(row, locale),
    metaTitle: localizedText(row.metaTitleLocalized, row.metaTitle ?? row.name, locale),
    metaDescription: localizedText(row.metaDescriptionLocalized, row.metaDescription ?? "", locale),
  };
}
