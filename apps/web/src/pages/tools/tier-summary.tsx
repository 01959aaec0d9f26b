import { Badge } from "@quartet/ui/badge";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { UsageMeter } from "@quartet/ui/usage-meter";
import { Link } from "react-router";
import { trpc } from "../../lib/trpc.ts";

/** The person's tier (guest, free, premium), today's operations against the limit, and the file cap. */
export function TierSummary({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const access = trpc.toolsAccess.me.useQuery(undefined, { staleTime: 5_000 });
  if (access.isPending) return <Skeleton className="h-10 max-w-md" />;
  if (!access.data) return null;
  const { tier, limits, usedToday, dayPassEndsAt } = access.data;
  const limit = limits.operationsPerDay;
  const usage =
    limit === null
      ? t("tools.tier.unlimited")
      : t("tools.tier.usage", {
          used: usedToday.toLocaleString(language),
          limit: limit.toLocaleString(language),
        });
  return (
    <div className="grid max-w-md gap-2 text-sm" data-testid="tools-tier">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <Badge variant={tier === "PREMIUM" ? "primary" : "neutral"}>{t(`tools.tier.${tier}`)}</Badge>
        <span className="min-w-0 flex-1">
          {usage}
          <span className="text-muted-foreground">
            {" · "}
            {t("tools.tier.maxFile", { size: limits.maxFileSizeMb })}
            {dayPassEndsAt
              ? ` · ${t("tools.tier.dayPassUntil", {
                  time: new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(
                    new Date(dayPassEndsAt),
                  ),
                })}`
              : null}
          </span>
        </span>
      </p>
      {limit !== null && !compact ? (
        <UsageMeter current={usedToday} limit={limit} label={t("tools.tier.meter")} />
      ) : null}
      {tier === "GUEST" && !compact ? (
        <p className="text-muted-foreground">
          <Link
            to="/sign-up"
            className="rounded-sm font-medium text-primary underline-offset-4 hover:underline"
          >
            {t("tools.signUp")}
          </Link>{" "}
          — {t("tools.tier.guestHint")}
        </p>
      ) : null}
    </div>
  );
}
