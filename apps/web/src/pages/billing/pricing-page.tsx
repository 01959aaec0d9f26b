import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { ErrorState } from "@quartet/ui/error-state";
import { Check, Minus, Ticket } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { Skeleton } from "@quartet/ui/skeleton";
import { useState } from "react";
import { Link } from "react-router";
import { BrandMark } from "../../components/brand.tsx";
import { PreferencesMenu } from "../../components/preferences-menu.tsx";
import { lastWorkspace } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";
import type { Interval, PaidPlan } from "./billing-api.ts";
import {
  LIMIT_GROUPS,
  limitLabelKey,
  PLAN_RANK,
  type Plan,
  useLimitValue,
  useMoney,
} from "./billing-shared.tsx";
import { DayPassButton } from "./day-pass-button.tsx";

/** /pricing — public: the three workspace plans, monthly or yearly, their limits, and the Day Pass. */
export function PricingPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("billing.pricing.title"));
  const [interval, setInterval] = useState<Interval>("YEARLY");
  const catalogue = trpc.billingOverview.plans.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const session = trpc.auth.session.useQuery();
  const signedIn = Boolean(session.data?.user && !session.data.twoFactorPending);
  const orgs = trpc.orgs.list.useQuery(undefined, { enabled: signedIn });
  const workspace = orgs.data?.find((o) => o.slug === lastWorkspace.get()) ?? orgs.data?.[0];
  const overview = trpc.billingOverview.overview.useQuery(
    { orgId: workspace?.id ?? "" },
    { enabled: Boolean(workspace) },
  );
  const money = useMoney();
  const limitValue = useLimitValue();
  const currentPlan = overview.data?.plan;

  return (
    <div className="min-h-dvh bg-subtle">
      <header className="flex items-center justify-between px-4 py-3 sm:px-6">
        <Link to="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
          <BrandMark />
          <span>Quartet</span>
        </Link>
        <div className="flex items-center gap-2">
          {signedIn ? (
            <Button asChild variant="ghost" size="sm">
              <Link to={workspace ? `/w/${workspace.slug}` : "/"}>{t("billing.pricing.backToApp")}</Link>
            </Button>
          ) : (
            <Button asChild variant="ghost" size="sm">
              <Link to="/sign-in?next=%2Fpricing">{t("billing.pricing.signIn")}</Link>
            </Button>
          )}
          <PreferencesMenu />
        </div>
      </header>
      <main id="main" className="mx-auto grid max-w-6xl gap-10 px-4 pt-6 pb-16 sm:px-6">
        <div className="grid justify-items-center gap-3 text-center">
          <h1 className="text-3xl font-semibold tracking-tight">{t("billing.pricing.title")}</h1>
          <p className="max-w-2xl text-base text-muted-foreground">{t("billing.pricing.description")}</p>
          <IntervalToggle
            value={interval}
            onChange={setInterval}
            saving={catalogue.data?.plans.find((p) => p.plan === "PRO")?.yearlySavingPercent ?? 0}
          />
        </div>
        {catalogue.isPending ? (
          <div className="grid gap-4 md:grid-cols-3">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-80 rounded-xl" />
            ))}
          </div>
        ) : catalogue.isError ? (
          <ErrorState
            title={t("billing.pricing.loadFailed")}
            error={catalogue.error}
            onRetry={() => catalogue.refetch()}
          />
        ) : (
          <>
            <div className="grid gap-4 md:grid-cols-3">
              {catalogue.data.plans.map((p) => {
                const price = p.prices?.[interval];
                const isCurrent = currentPlan === p.plan;
                const highlighted = p.plan === "PRO";
                return (
                  <section
                    key={p.plan}
                    aria-labelledby={`plan-${p.plan}`}
                    data-testid={`plan-${p.plan}`}
                    className={cn(
                      "flex flex-col gap-4 rounded-xl border bg-card p-6 shadow-sm",
                      highlighted && "border-primary ring-1 ring-primary",
                    )}
                  >
                    <div className="flex items-center justify-between gap-2">
                      <h2 id={`plan-${p.plan}`} className="text-lg font-semibold">
                        {t(`billing.plans.${p.plan}`)}
                      </h2>
                      {isCurrent ? <Badge variant="primary">{t("billing.pricing.current")}</Badge> : null}
                    </div>
                    <p className="min-h-10 text-sm text-muted-foreground">{t(`billing.blurbs.${p.plan}`)}</p>
                    <div className="grid gap-1">
                      <p className="text-3xl font-semibold tabular-nums">
                        {price ? money(price.amount, price.currency) : money(0)}
                        <span className="ms-1 text-base font-normal text-muted-foreground">
                          {interval === "YEARLY" ? t("billing.perYear") : t("billing.perMonth")}
                        </span>
                      </p>
                      <p className="min-h-5 text-sm text-muted-foreground">
                        {price && interval === "YEARLY"
                          ? t("billing.perMonthBilledYearly", {
                              price: money(Math.round((price.amount / 12) * 100) / 100),
                            })
                          : p.trialDays
                            ? t("billing.trialDays", { count: p.trialDays })
                            : ""}
                      </p>
                    </div>
                    <PlanCta
                      plan={p.plan}
                      interval={interval}
                      signedIn={signedIn}
                      workspace={workspace}
                      currentPlan={currentPlan}
                      trialDays={p.trialDays}
                      highlighted={highlighted}
                    />
                    <ul className="grid gap-2 border-t pt-4 text-sm">
                      {(
                        [
                          "seats",
                          "desk.agents",
                          "desk.automationRules",
                          "desk.slaPolicies",
                          "desk.apiAccess",
                        ] as const
                      ).map((key) => {
                        const value = p.entitlements[key];
                        return (
                          <li key={key} className="flex items-center gap-2">
                            {value === false ? (
                              <Minus className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                            ) : (
                              <Check className="size-4 shrink-0 text-success" aria-hidden />
                            )}
                            <span className="text-muted-foreground">{t(limitLabelKey(key))}</span>
                            <span className="ms-auto font-medium tabular-nums">{limitValue(value)}</span>
                          </li>
                        );
                      })}
                    </ul>
                  </section>
                );
              })}
            </div>

            <section
              aria-labelledby="day-pass"
              className="flex flex-wrap items-center gap-4 rounded-xl border bg-card p-6 shadow-sm"
            >
              <Ticket className="size-8 shrink-0 text-primary" aria-hidden />
              <div className="grid min-w-0 flex-1 gap-1">
                <h2 id="day-pass" className="text-lg font-semibold">
                  {t("billing.pricing.dayPassTitle")}
                </h2>
                <p className="text-sm text-muted-foreground">{t("billing.pricing.dayPassBody")}</p>
              </div>
              <div className="grid justify-items-end gap-2">
                <p className="font-semibold tabular-nums">
                  {t("billing.pricing.dayPassPrice", {
                    price: money(catalogue.data.dayPass.price.amount, catalogue.data.dayPass.price.currency),
                  })}
                </p>
                {signedIn ? (
                  <DayPassButton variant="outline" />
                ) : (
                  <Button asChild variant="outline">
                    <Link to="/sign-in?next=%2Fpricing">{t("billing.pricing.signInToBuy")}</Link>
                  </Button>
                )}
              </div>
            </section>

            <section aria-labelledby="compare" className="grid gap-3">
              <h2 id="compare" className="text-xl font-semibold">
                {t("billing.pricing.compare")}
              </h2>
              <div className="overflow-x-auto rounded-xl border bg-card">
                <table className="w-full min-w-[36rem] text-sm">
                  <thead className="sticky top-0 bg-card">
                    <tr className="border-b text-start">
                      <th scope="col" className="px-4 py-3 text-start font-medium text-muted-foreground">
                        {t("billing.pricing.feature")}
                      </th>
                      {catalogue.data.plans.map((p) => (
                        <th key={p.plan} scope="col" className="px-4 py-3 text-end font-semibold">
                          {t(`billing.plans.${p.plan}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  {LIMIT_GROUPS.map((group) => (
                    <tbody key={group.module}>
                      <tr className="bg-muted/50">
                        <th
                          scope="colgroup"
                          colSpan={4}
                          className="px-4 py-2 text-start text-xs font-semibold uppercase tracking-wide text-muted-foreground"
                        >
                          {t(`billing.modules.${group.module}`)}
                        </th>
                      </tr>
                      {group.keys.map((key) => (
                        <tr key={key} className="border-b last:border-0">
                          <th scope="row" className="px-4 py-2.5 text-start font-normal">
                            {t(limitLabelKey(key))}
                          </th>
                          {catalogue.data.plans.map((p) => (
                            <td key={p.plan} className="px-4 py-2.5 text-end tabular-nums">
                              {limitValue(p.entitlements[key])}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  ))}
                </table>
              </div>
            </section>
          </>
        )}
      </main>
    </div>
  );
}

function IntervalToggle({
  value,
  onChange,
  saving,
}: {
  value: Interval;
  onChange: (v: Interval) => void;
  saving: number;
}) {
  const { t } = useTranslation();
  return (
    <fieldset aria-label={t("billing.pricing.billing")} className="inline-flex rounded-lg border bg-card p-1">
      {(["MONTHLY", "YEARLY"] as const).map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={value === option}
          onClick={() => onChange(option)}
          className={cn(
            "inline-flex h-9 items-center gap-2 rounded-md px-4 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring",
            value === option
              ? "bg-primary text-primary-foreground"
              : "text-muted-foreground hover:text-foreground",
          )}
        >
          {t(`billing.interval.${option}`)}
          {option === "YEARLY" && saving > 0 ? (
            <Badge variant={value === option ? "neutral" : "success"}>
              {t("billing.saveYearly", { percent: saving })}
            </Badge>
          ) : null}
        </button>
      ))}
    </fieldset>
  );
}

function PlanCta({
  plan,
  interval,
  signedIn,
  workspace,
  currentPlan,
  trialDays,
  highlighted,
}: {
  plan: Plan;
  interval: Interval;
  signedIn: boolean;
  workspace: { slug: string; name: string } | undefined;
  currentPlan: Plan | undefined;
  trialDays: number;
  highlighted: boolean;
}) {
  const { t } = useTranslation();
  const variant = highlighted ? "primary" : "outline";
  if (!signedIn || !workspace) {
    return (
      <Button asChild variant={variant} className="w-full">
        <Link to="/sign-up">
          {plan !== "FREE" && trialDays ? t("billing.pricing.startTrial") : t("billing.pricing.startFree")}
        </Link>
      </Button>
    );
  }
  if (plan === "FREE" || (currentPlan && PLAN_RANK[plan] <= PLAN_RANK[currentPlan])) {
    return (
      <Button asChild variant="outline" className="w-full">
        <Link to={`/w/${workspace.slug}/settings/billing`}>{t(`billing.plans.${plan}`)}</Link>
      </Button>
    );
  }
  return (
    <Button asChild variant={variant} className="w-full">
      <Link to={`/w/${workspace.slug}/settings/billing?plan=${plan as PaidPlan}&interval=${interval}`}>
        <span dir="auto" className="truncate">
          {t("billing.pricing.upgradeWorkspace", { workspace: workspace.name })}
        </span>
      </Link>
    </Button>
  );
}
