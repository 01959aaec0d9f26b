import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { Download } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { type ReactNode, useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RevenueOverview } from "../../lib/trpc.ts";
import { downloadText, toCsv, useBillingFormat } from "./billing-format.ts";

type Point = RevenueOverview["byDay"][number];

// Colours are design tokens (CSS variables), so both themes recolour the charts.
const COLORS = {
  subscriptions: "var(--primary)",
  dayPasses: "var(--warning)",
  started: "var(--success)",
  ended: "var(--destructive)",
  grid: "var(--border)",
  axis: "var(--muted-foreground)",
};

const axisProps = {
  stroke: COLORS.grid,
  tick: { fill: COLORS.axis, fontSize: 12 },
  tickLine: false,
} as const;

const tooltipProps = {
  contentStyle: {
    background: "var(--popover)",
    color: "var(--popover-foreground)",
    border: "1px solid var(--border)",
    borderRadius: 8,
    fontSize: 13,
  },
  labelStyle: { color: "var(--popover-foreground)", fontWeight: 600 },
  cursor: { fill: "var(--muted)", opacity: 0.5 },
} as const;

const legendProps = {
  iconType: "circle" as const,
  iconSize: 8,
  wrapperStyle: { fontSize: 12, color: "var(--muted-foreground)" },
};

/**
 * A chart in a card, named by its title. The drawing is hidden from assistive tech and holds nothing
 * focusable (recharts' keyboard layer is off); a one-line summary carries the gist and "Show the
 * numbers" opens the same data as a table, with a CSV download. Charts run left-to-right (time does)
 * even in Arabic.
 */
export function ChartCard({
  title,
  description,
  summary,
  empty,
  table,
  fileName,
  children,
  className,
}: {
  title: string;
  description: string;
  summary: string;
  /** Shown over the (blank) chart when there is nothing to draw. */
  empty?: string;
  table: { head: string[]; rows: (string | number)[][] };
  fileName: string;
  children: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation("admin");
  const titleId = useId();
  return (
    <Card className={cn("min-w-0", className)} aria-labelledby={titleId}>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle id={titleId} className="text-base">
            {title}
          </CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
        <Button
          variant="outline"
          size="sm"
          className="shrink-0"
          aria-label={t("billing.revenue.charts.csvLabel", { title })}
          onClick={() => downloadText(fileName, toCsv([table.head, ...table.rows]))}
        >
          <Download aria-hidden />
          {t("billing.revenue.charts.csv")}
        </Button>
      </CardHeader>
      <CardContent className="grid gap-3">
        <p className="sr-only">{summary}</p>
        <div className="relative">
          <div dir="ltr" aria-hidden className={cn("h-56 w-full", empty && "opacity-40")}>
            {children}
          </div>
          {empty ? (
            <p className="absolute inset-0 flex items-center justify-center px-6 text-center text-sm text-muted-foreground">
              <span className="rounded-md bg-card px-3 py-1.5">{empty}</span>
            </p>
          ) : null}
        </div>
        <details className="group text-sm">
          <summary className="w-fit cursor-pointer rounded-sm text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring">
            {t("billing.revenue.charts.showTable")}
          </summary>
          {/* Scrolls when long: a named region a keyboard can focus and scroll. */}
          <section
            aria-label={title}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
            tabIndex={0}
            className="mt-2 max-h-80 overflow-auto rounded-md border focus-visible:outline-2 focus-visible:outline-ring"
          >
            <table className="w-full text-sm">
              <caption className="sr-only">{title}</caption>
              <thead className="sticky top-0 bg-muted text-muted-foreground">
                <tr>
                  {table.head.map((h, i) => (
                    <th
                      key={h}
                      scope="col"
                      className={cn("px-3 py-1.5 font-medium", i === 0 ? "text-start" : "text-end")}
                    >
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={String(row[0])} className="border-t">
                    {row.map((cell, i) =>
                      i === 0 ? (
                        <th key="label" scope="row" className="px-3 py-1 text-start font-normal">
                          {cell}
                        </th>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                        <td key={i} className="px-3 py-1 text-end tabular-nums">
                          {cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </details>
      </CardContent>
    </Card>
  );
}

export function RevenueChart({ points, unit }: { points: Point[]; unit: "day" | "month" }) {
  const { t } = useTranslation("admin");
  const f = useBillingFormat();
  const title = t(
    unit === "day" ? "billing.revenue.charts.revenueByDay" : "billing.revenue.charts.revenueByMonth",
  );
  const data = points.map((p) => ({
    label: f.bucket(p.bucket),
    subscriptions: Math.max(0, Math.round((p.revenue - p.dayPassRevenue) * 100) / 100),
    dayPasses: p.dayPassRevenue,
  }));
  const total = points.reduce((s, p) => s + p.revenue, 0);
  const dayPass = points.reduce((s, p) => s + p.dayPassRevenue, 0);
  const first = points[0]?.bucket ?? "";
  const last = points.at(-1)?.bucket ?? "";
  return (
    <ChartCard
      title={title}
      description={t("billing.revenue.charts.revenueDesc")}
      summary={t("billing.revenue.charts.revenueSummary", {
        total: f.money(total),
        dayPass: f.money(dayPass),
        from: f.bucket(first, true),
        to: f.bucket(last, true),
      })}
      empty={points.every((p) => p.payments === 0) ? t("billing.revenue.charts.noRevenue") : undefined}
      fileName={`revenue-by-${unit}-${last}.csv`}
      table={{
        head: [
          t(unit === "day" ? "billing.revenue.charts.day" : "billing.revenue.charts.month"),
          t("billing.revenue.charts.revenue"),
          t("billing.revenue.charts.payments"),
          t("billing.revenue.charts.dayPassesSold"),
        ],
        rows: points.map((p) => [
          f.bucket(p.bucket, true),
          f.money(p.revenue),
          f.number(p.payments),
          f.number(p.dayPasses),
        ]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" {...axisProps} minTickGap={16} />
          <YAxis
            {...axisProps}
            axisLine={false}
            width={56}
            tickFormatter={(v: number) => f.moneyCompact(v)}
          />
          <Tooltip {...tooltipProps} formatter={(v) => f.money(typeof v === "number" ? v : 0)} />
          <Legend {...legendProps} />
          <Bar
            dataKey="subscriptions"
            stackId="revenue"
            name={t("billing.revenue.charts.subscriptions")}
            fill={COLORS.subscriptions}
            maxBarSize={unit === "day" ? 14 : 28}
          />
          <Bar
            dataKey="dayPasses"
            stackId="revenue"
            name={t("billing.revenue.charts.dayPasses")}
            fill={COLORS.dayPasses}
            radius={[3, 3, 0, 0]}
            maxBarSize={unit === "day" ? 14 : 28}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function SubscriptionsChart({ points, unit }: { points: Point[]; unit: "day" | "month" }) {
  const { t } = useTranslation("admin");
  const f = useBillingFormat();
  const title = t(unit === "day" ? "billing.revenue.charts.subsByDay" : "billing.revenue.charts.subsByMonth");
  const data = points.map((p) => ({ label: f.bucket(p.bucket), started: p.started, ended: p.churned }));
  const first = points[0]?.bucket ?? "";
  const last = points.at(-1)?.bucket ?? "";
  return (
    <ChartCard
      title={title}
      description={t("billing.revenue.charts.subsDesc")}
      summary={t("billing.revenue.charts.subsSummary", {
        started: f.number(points.reduce((s, p) => s + p.started, 0)),
        ended: f.number(points.reduce((s, p) => s + p.churned, 0)),
        from: f.bucket(first, true),
        to: f.bucket(last, true),
      })}
      empty={
        points.every((p) => p.started === 0 && p.churned === 0)
          ? t("billing.revenue.charts.noSubs")
          : undefined
      }
      fileName={`subscriptions-by-${unit}-${last}.csv`}
      table={{
        head: [
          t(unit === "day" ? "billing.revenue.charts.day" : "billing.revenue.charts.month"),
          t("billing.revenue.charts.started"),
          t("billing.revenue.charts.ended"),
        ],
        rows: points.map((p) => [f.bucket(p.bucket, true), f.number(p.started), f.number(p.churned)]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          accessibilityLayer={false}
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          barGap={2}
        >
          <CartesianGrid vertical={false} stroke={COLORS.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" {...axisProps} minTickGap={16} />
          <YAxis allowDecimals={false} {...axisProps} axisLine={false} />
          <Tooltip {...tooltipProps} />
          <Legend {...legendProps} />
          <Bar
            dataKey="started"
            name={t("billing.revenue.charts.started")}
            fill={COLORS.started}
            radius={[3, 3, 0, 0]}
            maxBarSize={unit === "day" ? 10 : 20}
          />
          <Bar
            dataKey="ended"
            name={t("billing.revenue.charts.ended")}
            fill={COLORS.ended}
            radius={[3, 3, 0, 0]}
            maxBarSize={unit === "day" ? 10 : 20}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
