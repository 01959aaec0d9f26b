import type { MemberRole, Plan } from "@quartet/db/enums";
import { z } from "zod";
import { timezoneSchema } from "../identity/identity.schema.ts";
import { isReservedSlug, SLUG_MAX, SLUG_MIN, SLUG_PATTERN } from "./org-slug.ts";

export const orgNameSchema = z
  .string()
  .trim()
  .min(1, "Give the workspace a name.")
  .max(100, "Use at most 100 characters.");

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(SLUG_MIN, `Use at least ${SLUG_MIN} characters.`)
  .max(SLUG_MAX, `Use at most ${SLUG_MAX} characters.`)
  .regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens (not at the start or end).")
  .refine((slug) => !isReservedSlug(slug), "This address is reserved. Choose another one.");

export const orgIdInput = z.object({ orgId: z.uuid() });
export type OrgIdInput = z.infer<typeof orgIdInput>;

export const createOrgInput = z.object({ name: orgNameSchema, slug: orgSlugSchema.optional() });
export type CreateOrgInput = z.infer<typeof createOrgInput>;

export const updateOrgInput = z.object({
  orgId: z.uuid(),
  name: orgNameSchema.optional(),
  slug: orgSlugSchema.optional(),
  timezone: timezoneSchema.optional(),
});
export type UpdateOrgInput = z.infer<typeof updateOrgInput>;

export const deleteOrgInput = z.object({ orgId: z.uuid(), confirmSlug: z.string().trim().max(100) });
export type DeleteOrgInput = z.infer<typeof deleteOrgInput>;

export const transferOwnershipInput = z.object({ orgId: z.uuid(), userId: z.uuid() });
export type TransferOwnershipInput = z.infer<typeof transferOwnershipInput>;

/** One row of "my workspaces". */
export interface OrgSummary {
  id: string;
  name: string;
  slug: string;
  role: MemberRole;
  isPersonal: boolean;
  memberCount: number;
}

export interface OrgDetail extends OrgSummary {
  timezone: string;
  plan: Plan;
  ownerId: string;
  createdAt: Date;
}
