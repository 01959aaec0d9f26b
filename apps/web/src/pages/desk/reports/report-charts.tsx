import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { cn } from "@quartet/ui/lib/cn";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { type ReactNode, useId } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { RouterOutputs } from "../../../lib/trpc.ts";
import { PRIORITIES } from "../desk-shared.tsx";
import { durationTicks, formatDay, useDurationFormat } from "./report-format.ts";

type Report = RouterOutputs["deskReports"]["overview"];

// Colours are the design tokens (CSS variables), so both themes recolour the charts.
const COLORS = {
  created: "var(--primary)",
  resolved: "var(--success)",
  firstResponse: "var(--primary)",
  resolution: "var(--warning)",
  grid: "var(--border)",
  axis: "var(--muted-foreground)",
};
const RATING_COLORS = [
  "var(--destructive)",
  "var(--destructive)",
  "var(--warning)",
  "var(--success)",
  "var(--success)",
];
const PRIORITY_COLORS = {
  LOW: "var(--muted-foreground)",
  MEDIUM: "var(--primary)",
  HIGH: "var(--warning)",
  URGENT: "var(--destructive)",
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
 * A chart in a card. The drawing is hidden from assistive tech and holds nothing focusable (the
 * charts' keyboard layer is off); a one-line summary and a visually hidden table carry the same data. Charts stay left-to-right (time runs that way)
 * even when the page is Arabic.
 */
export function ChartCard({
  title,
  description,
  summary,
  action,
  table,
  children,
  className,
  empty,
}: {
  /** Shown over the (blank) chart when there is nothing to draw. */
  empty?: string;
  title: string;
  description: string;
  summary: string;
  action?: ReactNode;
  table: { head: string[]; rows: (string | number)[][] };
  children: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Card className={className} aria-labelledby={titleId}>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle id={titleId} className="text-base">
            {title}
          </CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
        {action}
      </CardHeader>
      <CardContent>
        <p className="sr-only">{summary}</p>
        <div className="relative">
          <div dir="ltr" aria-hidden className={cn("h-60 w-full", empty && "opacity-40")}>
            {children}
          </div>
          {empty ? (
            <p className="absolute inset-0 flex items-center justify-center px-6 text-center text-sm text-muted-foreground">
              <span className="rounded-md bg-card px-3 py-1.5">{empty}</span>
            </p>
          ) : null}
        </div>
        <table className="sr-only">
          <caption>{t("reports.charts.dataTable")}</caption>
          <thead>
            <tr>
              {table.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}

export function VolumeChart({ report, action }: { report: Report; action?: ReactNode }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const data = report.daily.map((d) => ({
    label: formatDay(d.date, language, true),
    created: d.created,
    resolved: d.resolved,
  }));
  return (
    <ChartCard
      title={t("reports.charts.volume")}
      description={t("reports.charts.volumeDesc")}
      summary={t("reports.charts.volumeSummary", {
        created: report.totals.created,
        resolved: report.totals.resolved,
        from: formatDay(report.range.from, language),
        to: formatDay(report.range.to, language),
      })}
      action={action}
      table={{
        head: [t("reports.charts.date"), t("reports.charts.created"), t("reports.charts.resolved")],
        rows: report.daily.map((d) => [formatDay(d.date, language), d.created, d.resolved]),
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
            dataKey="created"
            name={t("reports.charts.created")}
            fill={COLORS.created}
            radius={[3, 3, 0, 0]}
            maxBarSize={18}
          />
          <Bar
            dataKey="resolved"
            name={t("reports.charts.resolved")}
            fill={COLORS.resolved}
            radius={[3, 3, 0, 0]}
            maxBarSize={18}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function TimesChart({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const fmt = useDurationFormat();
  const data = report.daily.map((d) => ({
    label: formatDay(d.date, language, true),
    firstResponse: d.firstResponse.median,
    resolution: d.resolution.median,
  }));
  const ticks = durationTicks(Math.max(0, ...data.flatMap((d) => [d.firstResponse ?? 0, d.resolution ?? 0])));
  return (
    <ChartCard
      title={t("reports.charts.times")}
      description={t("reports.charts.timesDesc")}
      summary={t("reports.charts.timesSummary", {
        firstResponse: fmt(report.totals.firstResponse.median),
        resolution: fmt(report.totals.resolution.median),
      })}
      table={{
        head: [t("reports.charts.date"), t("reports.charts.firstResponse"), t("reports.charts.resolution")],
        rows: report.daily.map((d) => [
          formatDay(d.date, language),
          fmt(d.firstResponse.median),
          fmt(d.resolution.median),
        ]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" {...axisProps} minTickGap={16} />
          <YAxis
            {...axisProps}
            axisLine={false}
            width={64}
            ticks={ticks}
            domain={[0, ticks.at(-1) as number]}
            tickFormatter={(v: number) => fmt(v)}
          />
          <Tooltip {...tooltipProps} formatter={(v) => fmt(typeof v === "number" ? v : null)} />
          <Legend {...legendProps} />
          <Line
            type="monotone"
            dataKey="firstResponse"
            name={t("reports.charts.firstResponse")}
            stroke={COLORS.firstResponse}
            strokeWidth={2}
            dot={{ r: 2.5 }}
            connectNulls
          />
          <Line
            type="monotone"
            dataKey="resolution"
            name={t("reports.charts.resolution")}
            stroke={COLORS.resolution}
            strokeWidth={2}
            dot={{ r: 2.5 }}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function CsatChart({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const average =
    report.csat.average === null
      ? t("reports.kpi.none")
      : new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(report.csat.average);
  return (
    <ChartCard
      title={t("reports.charts.csat")}
      empty={report.csat.count === 0 ? t("reports.charts.csatEmpty") : undefined}
      description={t("reports.charts.csatDesc")}
      summary={
        report.csat.count === 0
          ? t("reports.charts.csatEmpty")
          : t("reports.charts.csatSummary", { average, n: report.csat.count })
      }
      table={{
        head: [t("reports.charts.rating"), t("reports.charts.responses")],
        rows: report.csat.distribution.map((d) => [d.rating, d.count]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          accessibilityLayer={false}
          data={report.csat.distribution}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        >
          <CartesianGrid vertical={false} stroke={COLORS.grid} strokeDasharray="3 3" />
          <XAxis dataKey="rating" {...axisProps} />
          <YAxis allowDecimals={false} {...axisProps} axisLine={false} />
          <Tooltip {...tooltipProps} />
          <Bar dataKey="count" name={t("reports.charts.responses")} radius={[3, 3, 0, 0]} maxBarSize={40}>
            {report.csat.distribution.map((d) => (
              <Cell key={d.rating} fill={RATING_COLORS[d.rating - 1]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function BacklogChart({ report }: { report: Report }) {
  const { t } = useTranslation();
  const data = PRIORITIES.map((p) => ({
    priority: p,
    label: t(`desk.priority.${p}`),
    count: report.backlog.byPriority[p],
  }));
  return (
    <ChartCard
      title={t("reports.charts.backlog")}
      empty={report.backlog.total === 0 ? t("reports.charts.backlogEmpty") : undefined}
      description={t("reports.charts.backlogDesc")}
      summary={t("reports.charts.backlogSummary", {
        open: report.backlog.byStatus.OPEN,
        pending: report.backlog.byStatus.PENDING,
      })}
      table={{
        head: [t("reports.charts.priority"), t("reports.charts.tickets")],
        rows: data.map((d) => [d.label, d.count]),
      }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          accessibilityLayer={false}
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
        >
          <CartesianGrid horizontal={false} stroke={COLORS.grid} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} {...axisProps} />
          <YAxis type="category" dataKey="label" {...axisProps} axisLine={false} width={72} />
          <Tooltip {...tooltipProps} />
          <Bar dataKey="count" name={t("reports.charts.tickets")} radius={[0, 3, 3, 0]} maxBarSize={26}>
            {data.map((d) => (
              <Cell key={d.priority} fill={PRIORITY_COLORS[d.priority]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
