import { z } from "zod";
import { cursorSchema, limitSchema, searchSchema } from "./pagination.schema.ts";

export const outboxListInput = z.object({ q: searchSchema, cursor: cursorSchema, limit: limitSchema });
export type OutboxListInput = z.input<typeof outboxListInput>;

export const outboxIdInput = z.object({ id: z.uuid({ message: "Unknown message." }) });
