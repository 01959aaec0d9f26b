import type { AdminRouter } from "@quartet/api/admin-router";
import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { Ban, CircleCheck, Clock, FilePen, Send } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { timeZoneOffset } from "@quartet/ui/lib/time";

type OutputOf<P> = P extends { _def: { $types: { output: infer O } } } ? O : never;
export type Campaign = OutputOf<AdminRouter["campaigns"]["get"]>;
export type CampaignStatus = Campaign["status"];
export type CampaignType = "PROMO_UPGRADE" | "FEATURE_ANNOUNCEMENT" | "ADMIN_CUSTOM";
export type CampaignProgress = OutputOf<AdminRouter["campaigns"]["progress"]>;
export type SeoRow = OutputOf<AdminRouter["seo"]["list"]>["items"][number];

export const CAMPAIGN_STATUSES = ["DRAFT", "SCHEDULED", "SENDING", "COMPLETED", "CANCELLED"] as const;
export const CAMPAIGN_TYPES = ["PROMO_UPGRADE", "FEATURE_ANNOUNCEMENT", "ADMIN_CUSTOM"] as const;
export const LOCALES = ["en", "fr", "ar"] as const;
export type Locale = (typeof LOCALES)[number];

const statusStyle: Record<CampaignStatus, { variant: BadgeVariant; icon: typeof Clock }> = {
  DRAFT: { variant: "neutral", icon: FilePen },
  SCHEDULED: { variant: "warning", icon: Clock },
  SENDING: { variant: "primary", icon: Send },
  COMPLETED: { variant: "success", icon: CircleCheck },
  CANCELLED: { variant: "outline", icon: Ban },
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation("admin");
  const s = statusStyle[status];
  const Icon = s.icon;
  return (
    <Badge variant={s.variant}>
      <Icon aria-hidden />
      {t(`campaigns.status.${status}`)}
    </Badge>
  );
}

/** Whether the campaign's words and audience may still change (the server says the same). */
export const isEditable = (status: CampaignStatus) => status === "DRAFT" || status === "SCHEDULED";

function offsetMinutes(offset: string): number {
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
  if (!m) return 0;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -v : v;
}

/**
 * The instant a wall-clock time ("2026-12-24T09:30", from a datetime-local input) means in the IANA
 * zone `tz`. Two passes so a time next to a DST change lands on the zone's offset at that time.
 */
export function zonedWallTimeToDate(wall: string, tz: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wall);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let at = asUtc - offsetMinutes(timeZoneOffset(tz, new Date(asUtc))) * 60_000;
  at = asUtc - offsetMinutes(timeZoneOffset(tz, new Date(at))) * 60_000;
  return new Date(at);
}

/** The datetime-local value ("YYYY-MM-DDTHH:mm") of an instant in the zone `tz`. */
export function dateToZonedWallTime(date: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}
