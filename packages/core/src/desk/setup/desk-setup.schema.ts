import { z } from "zod";

export const deskSetupInput = z.object({ orgId: z.uuid() });
export type DeskSetupInput = z.infer<typeof deskSetupInput>;

/** The Desk steps of "Getting started" on the workspace home, in the order they are shown. */
export const DESK_SETUP_STEPS = ["helpCenter", "inboundEmail", "slaPolicy", "inviteAgent"] as const;
export type DeskSetupStepKey = (typeof DESK_SETUP_STEPS)[number];

export interface DeskSetupStep {
  key: DeskSetupStepKey;
  done: boolean;
}

export interface DeskSetupDto {
  steps: DeskSetupStep[];
  /** Public help center (and its contact form), absolute; null while the help center is off. */
  helpCenterUrl: string | null;
  contactFormUrl: string | null;
  /** Mail sent here becomes a ticket. */
  inboundAddress: string;
  /** The caller may do the admin steps (SLA policy, invitations, help center settings). */
  canManage: boolean;
}
