import { z } from "zod";
import { CAMPAIGN_EMAIL_TYPES } from "../../email/campaign-mail.ts";
import { cursorSchema, limitSchema } from "../pagination.schema.ts";

const dateOnly = z.iso.date();

/**
 * Who a campaign goes to. Every list is "any of" (empty = everyone); the lists combine with AND.
 * Consent and suppression are not options: only people who opted in and whose address never
 * bounced or complained are ever counted.
 */
export const campaignSegmentSchema = z
  .object({
    tiers: z
      .array(z.enum(["FREE", "PREMIUM"]))
      .max(2)
      .default([]),
    plans: z
      .array(z.enum(["FREE", "PRO", "BUSINESS"]))
      .max(3)
      .default([]),
    /** Sign-up date range, inclusive, in UTC days (YYYY-MM-DD). */
    signedUpFrom: dateOnly.nullish(),
    signedUpTo: dateOnly.nullish(),
    locales: z
      .array(z.enum(["en", "fr", "ar"]))
      .max(3)
      .default([]),
    /** Account statuses; default active accounts only. */
    statuses: z
      .array(z.enum(["ACTIVE", "PENDING", "LOCKED", "DISABLED"]))
      .max(4)
      .default(["ACTIVE"]),
  })
  .refine((s) => !s.signedUpFrom || !s.signedUpTo || s.signedUpFrom <= s.signedUpTo, {
    message: "The start of the sign-up range must come before its end.",
    path: ["signedUpTo"],
  });
export type CampaignSegment = z.output<typeof campaignSegmentSchema>;
export type CampaignSegmentInput = z.input<typeof campaignSegmentSchema>;

const subject = z.string().trim().min(1, "Write a subject.").max(300);
const body = z.string().trim().min(1, "Write the message.").max(20_000);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

/** One locale's version of the words (French and Arabic; English is the campaign's own fields). */
const translationSchema = z.object({
  subject: optionalText(300),
  content: optionalText(20_000),
  linkLabel: optionalText(100),
});
export const campaignTranslationsSchema = z
  .object({ fr: translationSchema.optional(), ar: translationSchema.optional() })
  .default({});
export type CampaignTranslations = z.output<typeof campaignTranslationsSchema>;

const linkUrl = z
  .string()
  .trim()
  .max(2000)
  .nullish()
  .transform((v) => v || null)
  .refine((v) => !v || /^https?:\/\/[^\s]+$/i.test(v), "Use a full http(s) link.");

export const campaignContentInput = z.object({
  name: z.string().trim().min(1, "Name the campaign.").max(200),
  emailType: z.enum(CAMPAIGN_EMAIL_TYPES).default("ADMIN_CUSTOM"),
  subject,
  content: body,
  linkUrl,
  linkLabel: optionalText(100),
  translations: campaignTranslationsSchema,
  segment: campaignSegmentSchema,
});

export const createCampaignInput = campaignContentInput;
export type CreateCampaignInput = z.input<typeof createCampaignInput>;
export const updateCampaignInput = campaignContentInput.extend({ id: z.uuid() });
export type UpdateCampaignInput = z.input<typeof updateCampaignInput>;

export const campaignIdInput = z.object({ id: z.uuid() });
export const campaignListInput = z.object({
  status: z.enum(["DRAFT", "SCHEDULED", "SENDING", "COMPLETED", "CANCELLED"]).optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type CampaignListInput = z.input<typeof campaignListInput>;

export const countRecipientsInput = z.object({ segment: campaignSegmentSchema });
export const previewCampaignInput = z.object({ id: z.uuid(), locale: z.enum(["en", "fr", "ar"]) });
export const testSendInput = z.object({ id: z.uuid(), locale: z.enum(["en", "fr", "ar"]) });
export const scheduleCampaignInput = z.object({
  id: z.uuid(),
  /** The instant to start (ISO with offset); the admin's timezone is kept to show it back. */
  scheduledAt: z.iso.datetime({ offset: true }),
  timezone: z.string().trim().min(1).max(64),
});
