import { z } from "zod";

/** Admin lists page by keyset: the cursor is the id of the last row seen, ordered (createdAt desc, id desc). */
export const cursorSchema = z.uuid({ message: "Invalid cursor." }).optional();
export const limitSchema = z.number().int().min(1).max(100).default(25);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Prisma's cursor pagination compares against the cursor row inside the database, so ties on
 * createdAt and microsecond timestamps page correctly. Fetches one extra row to know if more exist.
 */
export function keysetArgs(cursor: string | undefined, limit: number) {
  return {
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  };
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** Trimmed search text, or undefined when blank. */
export const searchSchema = z
  .string()
  .max(200)
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
