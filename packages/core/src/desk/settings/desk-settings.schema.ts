import { z } from "zod";

/** Values a workspace has before anyone saves desk settings (no row yet). */
export const DESK_SETTINGS_DEFAULTS = {
  autoCloseDays: 7,
  csatEnabled: true,
  helpCenterEnabled: true,
  helpCenterTitle: null,
  emailSenderName: null,
} as const;

export const AUTO_CLOSE_MAX_DAYS = 90;

/** Languages Desk content can be written in: ticket search stems words in this language. */
export const DESK_LANGUAGES = ["en", "fr", "ar"] as const;
export type DeskLanguage = (typeof DESK_LANGUAGES)[number];

/** Optional text: trimmed, and an empty field clears it (null) rather than storing "". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

export const deskSettingsInput = z.object({ orgId: z.uuid() });
export type DeskSettingsInput = z.infer<typeof deskSettingsInput>;

export const updateDeskSettingsInput = z.object({
  orgId: z.uuid(),
  /** Days a resolved ticket waits for the customer before closing; 0 = never. */
  autoCloseDays: z
    .number({ message: "Enter a number of days." })
    .int("Use whole days.")
    .min(0, "Use 0 (never) or more days.")
    .max(AUTO_CLOSE_MAX_DAYS, `Use at most ${AUTO_CLOSE_MAX_DAYS} days.`)
    .optional(),
  csatEnabled: z.boolean().optional(),
  helpCenterEnabled: z.boolean().optional(),
  helpCenterTitle: optionalText(120),
  emailSenderName: optionalText(120),
  /** The language tickets are written in (search matches plurals and word forms of it). */
  language: z.enum(DESK_LANGUAGES, { message: "Choose English, French or Arabic." }).optional(),
});
export type UpdateDeskSettingsInput = z.input<typeof updateDeskSettingsInput>;

export interface DeskSettingsValues {
  autoCloseDays: number;
  csatEnabled: boolean;
  helpCenterEnabled: boolean;
  helpCenterTitle: string | null;
  emailSenderName: string | null;
}

export interface DeskSettingsDto extends DeskSettingsValues {
  /** The caller may change them (ADMIN or OWNER); the UI shows a read-only form otherwise. */
  canEdit: boolean;
  /** Mail sent to this address becomes a ticket (or a reply on its thread). */
  inboundAddress: string;
  /** Language of Desk content: the saved choice, else the owner's locale (en by default). */
  language: DeskLanguage;
}
