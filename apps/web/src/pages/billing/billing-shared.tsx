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
