import { type InvitationStatus, MemberRole } from "@quartet/db/enums";
import { z } from "zod";
import { emailSchema } from "../identity/identity.schema.ts";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** An invitation's mail can be sent again at most this often. */
export const INVITATION_RESEND_INTERVAL_MS = 60 * 1000;

export const memberRoleSchema = z.enum(MemberRole, "Choose a role.");

export const inviteInput = z.object({ orgId: z.uuid(), email: emailSchema, role: memberRoleSchema });
export type InviteInput = z.infer<typeof inviteInput>;

export const invitationIdInput = z.object({ orgId: z.uuid(), invitationId: z.uuid() });
export type InvitationIdInput = z.infer<typeof invitationIdInput>;

export const invitationTokenInput = z.object({
  token: z
    .string()
    .trim()
    .min(16, "This invitation link is invalid.")
    .max(200, "This invitation link is invalid."),
});
export type InvitationTokenInput = z.infer<typeof invitationTokenInput>;

/** A pending (or expired, not yet accepted) invitation as the members screen lists it. */
export interface InvitationItem {
  id: string;
  email: string;
  role: MemberRole;
  status: InvitationStatus;
  expiresAt: Date;
  lastSentAt: Date;
  invitedByName: string | null;
}

/** What the public invitation page shows before the invitee accepts. */
export interface InvitationPreview {
  orgName: string;
  inviterName: string | null;
  email: string;
  role: MemberRole;
  status: InvitationStatus;
  expiresAt: Date;
}
