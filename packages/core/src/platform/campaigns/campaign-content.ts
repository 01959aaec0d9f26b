import type { CampaignMailData } from "../../email/campaign-mail.ts";
import { resolveEmailLocale } from "../../email/email.templates.ts";
import { campaignTranslationsSchema } from "./campaign.schema.ts";

export interface CampaignWords {
  subject: string;
  content: string | null;
  linkUrl: string | null;
  linkLabel: string | null;
  translations: unknown;
}

/** The campaign's words in a locale: the French or Arabic version where written, else English. */
export function wordsFor(
  campaign: CampaignWords,
  locale: string,
): Pick<CampaignMailData, "subject" | "body" | "linkUrl" | "linkLabel"> {
  const loc = resolveEmailLocale(locale);
  const translations = campaignTranslationsSchema.safeParse(campaign.translations ?? {});
  const t = loc === "en" || !translations.success ? undefined : translations.data[loc];
  return {
    subject: t?.subject || campaign.subject,
    body: t?.content || campaign.content || campaign.subject,
    linkUrl: campaign.linkUrl,
    linkLabel: campaign.linkUrl ? t?.linkLabel || campaign.linkLabel : null,
  };
}
