import { z } from "zod";
import { cursorSchema, limitSchema, searchSchema } from "./pagination.schema.ts";

export const orgListInput = z.object({ q: searchSchema, cursor: cursorSchema, limit: limitSchema });
export type OrgListInput = z.input<typeof orgListInput>;

export const orgIdInput = z.object({ orgId: z.uuid({ message: "Unknown workspace." }) });
