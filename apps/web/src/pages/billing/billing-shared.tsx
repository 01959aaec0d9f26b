import { cn } from "@quartet/ui/lib/cn";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useCallback } from "react";

// Formatting shared by the pricing page, Settings → Billing and the upgrade dialog.

export type Plan = "FREE" | "PRO" | "BUSINESS";
export const PLAN_RANK: Record<Plan, number> = { FREE: 0, PRO: 1, BUSINESS: 2 };

/** Entitlement keys grouped by module, in the order the pages list them. */
export const LIMIT_GROUPS = [
  { module: "workspace", keys: ["seats"] },
  {
    module: "desk",
    keys: [
      "desk.agents",
      "desk.automationRules",
      "desk.slaPolicies",
      "desk.apiAccess",
      "desk.apiRequestsPerMinute",
      "desk.helpCenterCustomDomain",
    ],
  },
  { module: "inbox", keys: ["inbox.channels", "inbox.historyDays"] },
  {
    module: "publish",
    keys: ["publish.channels", "publish.scheduledPostsPerMonth", "publish.aiCreditsPerMonth"],
  },
  {
    module: "tools",
    keys: [
      "tools.operationsPerDay",
      "tools.maxFileSizeMb",
      "tools.batchSize",
      "tools.maxPages",
      "tools.fileRetentionHours",
    ],
  },
] as const;

/** The i18n key of an entitlement's label ("desk.agents" → "billing.limits.desk_agents"). */
export const limitLabelKey = (key: string) => `billing.limits.${key.replace(/\./g, "_")}`;

export function useMoney() {
  const { language } = useLanguage();
  return useCallback(
    (amount: number | string, currency = "USD") =>
      new Intl.NumberFormat(language, {
        style: "currency",
        currency,
        minimumFractionDigits: Number(amount) % 1 === 0 ? 0 : 2,
        maximumFractionDigits: 2,
      }).format(Number(amount)),
    [language],
  );
}

export function useNumber() {
  const { language } = useLanguage();
  return useCallback((n: number) => new Intl.NumberFormat(language).format(n), [language]);
}

/** A limit's value as a person reads it: a number, "Unlimited", "Included" / "Not included". */
export function useLimitValue() {
  const { t } = useTranslation();
  const number = useNumber();
  return useCallback(
    (value: number | boolean | null) => {
      if (value === null) return t("billing.unlimited");
      if (typeof value === "boolean") return value ? t("billing.included") : t("billing.notIncluded");
      return number(value);
    },
    [t, number],
  );
}

export function useDate() {
  const { language } = useLanguage();
  return useCallback(
    (d: Date | string | null | undefined) =>
      d ? new Intl.DateTimeFormat(language, { dateStyle: "long" }).format(new Date(d)) : "",
    [language],
  );
}

/** A usage bar: share of the limit in use, amber from 80 %, red at or over the limit. */
export function Meter({ current, limit, label }: { current: number; limit: number | null; label: string }) {
  const ratio = limit === null ? 0 : limit === 0 ? (current > 0 ? 1 : 0) : current / limit;
  const percent = Math.min(100, Math.round(ratio * 100));
  const tone =
    limit !== null && current >= limit ? "bg-destructive" : ratio >= 0.8 ? "bg-warning" : "bg-primary";
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={limit ?? current}
      aria-valuenow={current}
      className="h-2 w-full overflow-hidden rounded-full bg-muted"
    >
      <div
        className={cn("h-full rounded-full transition-[width]", limit === null ? "bg-primary/40" : tone)}
        style={{ width: `${limit === null ? Math.min(100, current > 0 ? 8 : 0) : percent}%` }}
      />
    </div>
  );
}
