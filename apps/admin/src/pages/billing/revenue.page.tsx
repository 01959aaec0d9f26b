import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Card } from "@quartet/ui/card";
import { RefreshCw } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { useViewer } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@quartet/ui/tabs";
import type { ReactNode } from "react";
import { type RevenueOverview, trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";
import { useBillingFormat } from "./billing-format.ts";
import { RevenueChart, SubscriptionsChart } from "./revenue-charts.tsx";

/** Revenue and usage: the headline figures, then revenue and subscriptions by day and by month. */
export default function RevenuePage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("billing.revenue.title"));
  const revenue = trpc.billing.revenue.useQuery(undefined, { staleTime: 60_000 });
  return (
    <Page className="max-w-7xl">
      <PageHeader
        title={t("billing.revenue.title")}
        description={t("billing.revenue.description")}
        actions={
          <Button
            variant="outline"
            onClick={() => void revenue.refetch()}
            loading={revenue.isFetching && revenue.status === "success"}
            disabled={revenue.status === "pending"}
          >
            {revenue.isFetching && revenue.status === "success" ? null : <RefreshCw aria-hidden />}
            {t("billing.revenue.refresh")}
          </Button>
        }
      />
      <QueryStates query={revenue} loading={<RevenueSkeleton />}>
        {(data) => <RevenueBody data={data} />}
      </QueryStates>
    </Page>
  );
}

function RevenueSkeleton() {
  return (
    <div aria-busy className="grid gap-6">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <Skeleton className="h-9 w-64" />
      <div className="grid gap-4 xl:grid-cols-2">
        <Skeleton className="h-80" />
        <Skeleton className="h-80" />
      </div>
    </div>
  );
}

function Kpi({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  testId: string;
}) {
  return (
    <Card className="grid content-start gap-1 px-4 py-3.5" data-testid={testId}>
      <h3 className="text-sm text-muted-foreground">{label}</h3>
      <p className="text-2xl font-semibold tabular-nums tracking-tight">{value}</p>
      {detail ? <div className="text-xs text-muted-foreground">{detail}</div> : null}
    </Card>
  );
}

function RevenueBody({ data }: { data: RevenueOverview }) {
  const { t } = useTranslation("admin");
  const f = useBillingFormat();
  const viewer = useViewer();
  const k = (key: string) => `billing.revenue.kpi.${key}`;
  return (
    <div className="grid gap-6">
      <section aria-labelledby="kpi-h" className="grid gap-2">
        <h2 id="kpi-h" className="sr-only">
          {t("billing.revenue.kpiLabel")}
        </h2>
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Kpi
            testId="kpi-mrr"
            label={t(k("mrr"))}
            value={f.money(data.mrr)}
            detail={
              // One piece per plan, so an amount never drifts to the other plan's side in Arabic.
              <span className="flex flex-wrap gap-x-2">
                {(["PRO", "BUSINESS"] as const).map((plan) => (
                  <span key={plan}>
                    {t(`plans.${plan}`)} <bdi>{f.money(data.mrrByPlan[plan])}</bdi>
                  </span>
                ))}
              </span>
            }
          />
          <Kpi testId="kpi-arr" label={t(k("arr"))} value={f.money(data.arr)} detail={t(k("arrHint"))} />
          <Kpi
            testId="kpi-active"
            label={t(k("active"))}
            value={f.number(data.active)}
            detail={data.comp > 0 ? t(k("compHint"), { count: data.comp }) : t(k("activeHint"))}
          />
          <Kpi
            testId="kpi-trialing"
            label={t(k("trialing"))}
            value={f.number(data.trialing)}
            detail={t(k("trialingHint"))}
          />
          <Kpi
            testId="kpi-past-due"
            label={t(k("pastDue"))}
            value={f.number(data.pastDue)}
            detail={t(k("pastDueHint"))}
          />
          <Kpi
            testId="kpi-canceling"
            label={t(k("canceling"))}
            value={f.number(data.canceling)}
            detail={t(k("cancelingHint"))}
          />
          <Kpi
            testId="kpi-churn"
            label={t(k("churn"))}
            value={f.percent(data.churnRate30d)}
            detail={t(k("churnHint"), { count: data.churned30d })}
          />
          <Kpi
            testId="kpi-day-passes"
            label={t(k("dayPasses"))}
            value={f.number(data.dayPasses30d)}
            detail={t(k("dayPassesHint"), { amount: f.money(data.dayPassRevenue30d) })}
          />
        </div>
        <p className="text-xs text-muted-foreground">
          {t("billing.revenue.updated", { time: viewer.dateTime(data.asOf) })}
        </p>
      </section>

      <Tabs defaultValue="days">
        <TabsList aria-label={t("billing.revenue.periods")}>
          <TabsTrigger value="days">{t("billing.revenue.days")}</TabsTrigger>
          <TabsTrigger value="months">{t("billing.revenue.months")}</TabsTrigger>
        </TabsList>
        <TabsContent value="days">
          <div className="grid gap-4 xl:grid-cols-2">
            <RevenueChart points={data.byDay} unit="day" />
            <SubscriptionsChart points={data.byDay} unit="day" />
          </div>
        </TabsContent>
        <TabsContent value="months">
          <div className="grid gap-4 xl:grid-cols-2">
            <RevenueChart points={data.byMonth} unit="month" />
            <SubscriptionsChart points={data.byMonth} unit="month" />
          </div>
        </TabsContent>
      </Tabs>
    </div>
  );
}
