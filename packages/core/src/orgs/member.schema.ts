import type { MemberRole } from "@quartet/db/enums";
import { z } from "zod";
import { type InvitationItem, memberRoleSchema } from "./invitation.schema.ts";

export const changeRoleInput = z.object({ orgId: z.uuid(), userId: z.uuid(), role: memberRoleSchema });
export type ChangeRoleInput = z.infer<typeof changeRoleInput>;

export const memberUserInput = z.object({ orgId: z.uuid(), userId: z.uuid() });
export type MemberUserInput = z.infer<typeof memberUserInput>;

export interface MemberItem {
  userId: string;
  name: string | null;
  email: string;
  avatarUrl: string | null;
  role: MemberRole;
  joinedAt: Date;
  disabled: boolean;
}

export interface MemberList {
  members: MemberItem[];
  /** Open invitations; empty for callers below ADMIN (invitees' addresses are not theirs to see). */
  invitations: InvitationItem[];
}
