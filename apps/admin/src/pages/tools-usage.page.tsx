import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Card } from "@quartet/ui/card";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { Skeleton } from "@quartet/ui/skeleton";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@quartet/ui/table";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type ToolsAnalytics, trpc } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";
import { ChartCard } from "./billing/revenue-charts.tsx";

// Tools usage (issue 12): per-tool runs, failures, time and volume from the usage log, and runs by
// day. Charts use design tokens so both themes recolour them; the numbers are also a table.

const RANGES = [7, 30, 90] as const;
const axis = {
  stroke: "var(--border)",
  tick: { fill: "var(--muted-foreground)", fontSize: 12 },
  tickLine: false,
};

export default function ToolsUsagePage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("tools.title"));
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const stats = trpc.tools.analytics.useQuery({ days }, { staleTime: 60_000 });
  return (
    <Page className="max-w-7xl">
      <PageHeader
        title={t("tools.title")}
        description={t("tools.description")}
        actions={
          <fieldset className="flex gap-1">
            <legend className="sr-only">{t("tools.range")}</legend>
            {RANGES.map((range) => (
              <Button
                key={range}
                size="sm"
                variant={range === days ? "primary" : "outline"}
                aria-pressed={range === days}
                onClick={() => setDays(range)}
              >
                {t("tools.days", { days: range })}
              </Button>
            ))}
          </fieldset>
        }
      />
      <QueryStates query={stats} loading={<Skeleton aria-busy className="h-96" />}>
        {(data) => <ToolsBody data={data} />}
      </QueryStates>
    </Page>
  );
}

function ToolsBody({ data }: { data: ToolsAnalytics }) {
  const { t, i18n } = useTranslation("admin");
  const n = new Intl.NumberFormat(i18n.language);
  const kpis = [
    ["runs", data.totals.runs],
    ["succeeded", data.totals.succeeded],
    ["failed", data.totals.failed],
    ["cancelled", data.totals.cancelled],
  ] as const;
  const used = data.tools.filter((tool) => tool.runs > 0);
  return (
    <div className="grid gap-6">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {kpis.map(([key, value]) => (
          <Card key={key} className="grid gap-1 px-4 py-3.5" data-testid={`tools-kpi-${key}`}>
            <h3 className="text-sm text-muted-foreground">{t(`tools.kpi.${key}`)}</h3>
            <p className="text-2xl font-semibold tabular-nums">{n.format(value)}</p>
          </Card>
        ))}
      </div>
      <ChartCard
        title={t("tools.chart.title")}
        description={t("tools.chart.description")}
        summary={t("tools.chart.summary", {
          runs: n.format(data.totals.runs),
          failed: n.format(data.totals.failed),
        })}
        empty={data.daily.length === 0 ? t("tools.chart.empty") : undefined}
        fileName={`tools-runs-${data.to.slice(0, 10)}.csv`}
        table={{
          head: [t("tools.chart.day"), t("tools.chart.runs"), t("tools.chart.failed")],
          rows: data.daily.map((d) => [d.day, d.runs, d.failed]),
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            accessibilityLayer={false}
            data={data.daily}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="day" {...axis} minTickGap={16} />
            <YAxis allowDecimals={false} {...axis} axisLine={false} />
            <Tooltip
              contentStyle={{
                background: "var(--popover)",
                color: "var(--popover-foreground)",
                border: "1px solid var(--border)",
                borderRadius: 8,
                fontSize: 13,
              }}
              cursor={{ fill: "var(--muted)", opacity: 0.5 }}
            />
            <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="runs"
              name={t("tools.chart.runs")}
              fill="var(--primary)"
              radius={[3, 3, 0, 0]}
              maxBarSize={14}
            />
            <Bar
              dataKey="failed"
              name={t("tools.chart.failed")}
              fill="var(--destructive)"
              radius={[3, 3, 0, 0]}
              maxBarSize={14}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <Table>
        <TableCaption>{t("tools.table.caption")}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">{t("tools.table.tool")}</TableHead>
            {(["runs", "succeeded", "failed", "users", "guests", "avg", "volume"] as const).map((key) => (
              <TableHead key={key} scope="col" className="text-end">
                {t(`tools.table.${key}`)}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {(used.length > 0 ? used : data.tools).map((tool) => (
            <TableRow key={tool.slug} data-testid={`tools-row-${tool.slug}`}>
              <TableHead scope="row" className="font-normal">
                {tool.name}
              </TableHead>
              <TableCell className="text-end tabular-nums">{n.format(tool.runs)}</TableCell>
              <TableCell className="text-end tabular-nums">{n.format(tool.succeeded)}</TableCell>
              <TableCell className="text-end tabular-nums">{n.format(tool.failed)}</TableCell>
              <TableCell className="text-end tabular-nums">{n.format(tool.users)}</TableCell>
              <TableCell className="text-end tabular-nums">{n.format(tool.guests)}</TableCell>
              <TableCell className="text-end tabular-nums">
                {tool.avgProcessingMs === null
                  ? "—"
                  : t("tools.ms", { value: n.format(tool.avgProcessingMs) })}
              </TableCell>
              <TableCell className="text-end tabular-nums">
                {t("tools.mb", { value: n.format(tool.inputMb) })}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
