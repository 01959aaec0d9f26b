import { z } from "zod";
import { configCategories } from "./config-registry.ts";

export const configListInput = z.object({
  category: z.enum(configCategories).optional(),
});
export type ConfigListInput = z.input<typeof configListInput>;

export const configUpdateInput = z.object({
  key: z.string().trim().min(1).max(100),
  /** Checked against the key's own schema in the service (a number for a number key…). */
  value: z.unknown(),
  reason: z
    .string({ message: "Say why you're changing it." })
    .trim()
    .min(3, "Say why you're changing it (3 characters or more).")
    .max(500),
});
export type ConfigUpdateInput = z.input<typeof configUpdateInput>;

export const configAuditInput = z.object({
  key: z.string().trim().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ConfigAuditInput = z.input<typeof configAuditInput>;
