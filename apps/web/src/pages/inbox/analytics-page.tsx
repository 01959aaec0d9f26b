import { Alert } from "@quartet/ui/alert";
import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { ErrorState } from "@quartet/ui/error-state";
import { Download } from "@quartet/ui/icons";
import { Label } from "@quartet/ui/label";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { NativeSelect } from "@quartet/ui/select";
import { Skeleton } from "@quartet/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { useId } from "react";
import { useSearchParams } from "react-router";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { ChartCard } from "../desk/reports/report-charts.tsx";
import {
  downloadText,
  durationTicks,
  formatDay,
  shiftDay,
  todayIn,
  useDurationFormat,
} from "../desk/reports/report-format.ts";
import { InboxNav } from "./inbox-nav.tsx";
import { ChannelIcon } from "./inbox-shared.tsx";
import { type AnalyticsSummary, PLATFORMS, type Platform } from "./inbox-types.ts";

const RANGES = ["7", "30", "90"] as const;
type Range = (typeof RANGES)[number];

// The design tokens, so both themes recolour the charts (as in Desk reports).
const COLORS = {
  received: "var(--primary)",
  sent: "var(--success)",
  fresh: "var(--warning)",
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

/** /w/:slug/inbox/analytics — messages, new conversations and first-response time, per day, channel and agent. */
export function InboxAnalyticsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("inbox.analytics.title"));
  const [params, setParams] = useSearchParams();
  const range: Range = RANGES.includes(params.get("range") as Range) ? (params.get("range") as Range) : "30";
  const channel = PLATFORMS.includes(params.get("channel") as Platform)
    ? (params.get("channel") as Platform)
    : undefined;
  const detail = trpc.orgs.get.useQuery({ orgId: org.id });
  const timezone = detail.data?.timezone ?? (detail.isError ? "UTC" : undefined);
  const to = timezone ? todayIn(timezone) : null;
  const from = to ? shiftDay(to, -(Number(range) - 1)) : null;
  const canSee = atLeast(org.role, "AGENT");
  const summary = trpc.inboxAnalytics.summary.useQuery(
    { orgId: org.id, from: from ?? "", to: to ?? "", platform: channel },
    { enabled: Boolean(from && to) && canSee, placeholderData: (prev) => prev },
  );
  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const ids = { range: useId(), channel: useId() };

  return (
    <Page>
      <PageHeader
        title={t("inbox.analytics.title")}
        description={t("inbox.analytics.description")}
        actions={summary.data ? <ExportButton summary={summary.data} /> : null}
      />
      <InboxNav />
      {canSee ? null : <Alert>{t("inbox.analytics.agentsOnly")}</Alert>}
      <div className={canSee ? "mb-5 flex flex-wrap items-end gap-3" : "hidden"}>
        <div className="grid gap-1.5">
          <Label htmlFor={ids.range}>{t("inbox.analytics.range")}</Label>
          <NativeSelect
            id={ids.range}
            value={range}
            onChange={(e) => set("range", e.target.value === "30" ? null : e.target.value)}
            className="w-44"
          >
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t("inbox.analytics.lastDays", { count: Number(r) })}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={ids.channel}>{t("inbox.filters.channel")}</Label>
          <NativeSelect
            id={ids.channel}
            value={channel ?? ""}
            onChange={(e) => set("channel", e.target.value || null)}
            className="w-44"
          >
            <option value="">{t("inbox.filters.allChannels")}</option>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {t(`inbox.platform.${p}`)}
              </option>
            ))}
          </NativeSelect>
        </div>
        {timezone ? (
          <p className="pb-2 text-xs text-muted-foreground">
            {t("inbox.analytics.timezone", { zone: timezone })}
          </p>
        ) : null}
      </div>
      {!canSee ? null : !summary.data && (summary.isPending || !from) ? (
        <div className="grid gap-4" role="status">
          <span className="sr-only">{t("common.loading")}</span>
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-24" />
            ))}
          </div>
          <Skeleton className="h-80" />
        </div>
      ) : summary.isError && !summary.data ? (
        <ErrorState
          error={summary.error}
          onRetry={() => void summary.refetch()}
          retrying={summary.isFetching}
        />
      ) : summary.data ? (
        <AnalyticsBody summary={summary.data} />
      ) : null}
    </Page>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <CardHeader className="pb-2">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
      </CardHeader>
    </Card>
  );
}

function AnalyticsBody({ summary }: { summary: AnalyticsSummary }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const fmt = useDurationFormat();
  const nf = new Intl.NumberFormat(language);
  const days = summary.daily.map((d) => ({ ...d, label: formatDay(d.date, language, true) }));
  const empty = summary.totals.received + summary.totals.sent === 0 ? t("inbox.analytics.empty") : undefined;
  const range = { from: formatDay(summary.from, language), to: formatDay(summary.to, language) };
  const ticks = durationTicks(Math.max(0, ...summary.daily.map((d) => d.avgResponseTime ?? 0)));

  return (
    <div className="grid min-w-0 gap-6">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Kpi label={t("inbox.analytics.received")} value={nf.format(summary.totals.received)} />
        <Kpi label={t("inbox.analytics.sent")} value={nf.format(summary.totals.sent)} />
        <Kpi
          label={t("inbox.analytics.newConversations")}
          value={nf.format(summary.totals.conversationsNew)}
        />
        <Kpi label={t("inbox.analytics.firstResponse")} value={fmt(summary.totals.avgResponseTime)} />
      </div>
      <div className="grid min-w-0 gap-6 xl:grid-cols-2">
        <ChartCard
          title={t("inbox.analytics.messages")}
          description={t("inbox.analytics.messagesDesc")}
          empty={empty}
          summary={t("inbox.analytics.messagesSummary", {
            received: summary.totals.received,
            sent: summary.totals.sent,
            ...range,
          })}
          table={{
            head: [t("reports.charts.date"), t("inbox.analytics.received"), t("inbox.analytics.sent")],
            rows: summary.daily.map((d) => [formatDay(d.date, language), d.received, d.sent]),
          }}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              accessibilityLayer={false}
              data={days}
              margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
              barGap={2}
            >
              <CartesianGrid vertical={false} stroke={COLORS.grid} strokeDasharray="3 3" />
              <XAxis dataKey="label" {...axisProps} minTickGap={16} />
              <YAxis allowDecimals={false} {...axisProps} axisLine={false} />
              <Tooltip {...tooltipProps} />
              <Legend {...legendProps} />
              <Bar
                dataKey="received"
                name={t("inbox.analytics.received")}
                fill={COLORS.received}
                radius={[3, 3, 0, 0]}
                maxBarSize={18}
              />
              <Bar
                dataKey="sent"
                name={t("inbox.analytics.sent")}
                fill={COLORS.sent}
                radius={[3, 3, 0, 0]}
                maxBarSize={18}
              />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard
          title={t("inbox.analytics.newConversations")}
          description={t("inbox.analytics.newDesc")}
          empty={summary.totals.conversationsNew === 0 ? t("inbox.analytics.empty") : undefined}
          summary={t("inbox.analytics.newSummary", { count: summary.totals.conversationsNew, ...range })}
          table={{
            head: [t("reports.charts.date"), t("inbox.analytics.newConversations")],
            rows: summary.daily.map((d) => [formatDay(d.date, language), d.conversationsNew]),
          }}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              accessibilityLayer={false}
              data={days}
              margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
            >
              <CartesianGrid vertical={false} stroke={COLORS.grid} strokeDasharray="3 3" />
              <XAxis dataKey="label" {...axisProps} minTickGap={16} />
              <YAxis allowDecimals={false} {...axisProps} axisLine={false} />
              <Tooltip {...tooltipProps} />
              <Bar
                dataKey="conversationsNew"
                name={t("inbox.analytics.newConversations")}
                fill={COLORS.fresh}
                radius={[3, 3, 0, 0]}
                maxBarSize={18}
              />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard
          title={t("inbox.analytics.firstResponse")}
          description={t("inbox.analytics.firstResponseDesc")}
          empty={summary.totals.avgResponseTime === null ? t("inbox.analytics.noResponses") : undefined}
          summary={t("inbox.analytics.firstResponseSummary", { time: fmt(summary.totals.avgResponseTime) })}
          table={{
            head: [t("reports.charts.date"), t("inbox.analytics.firstResponse")],
            rows: summary.daily.map((d) => [formatDay(d.date, language), fmt(d.avgResponseTime)]),
          }}
          className="xl:col-span-2"
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              accessibilityLayer={false}
              data={days}
              margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
            >
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
              <Line
                type="monotone"
                dataKey="avgResponseTime"
                name={t("inbox.analytics.firstResponse")}
                stroke={COLORS.received}
                strokeWidth={2}
                dot={{ r: 2.5 }}
                connectNulls
              />
            </LineChart>
          </ResponsiveContainer>
        </ChartCard>
      </div>
      <div className="grid min-w-0 gap-6 xl:grid-cols-2">
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle className="text-base">{t("inbox.analytics.byChannel")}</CardTitle>
            <CardDescription>{t("inbox.analytics.byChannelDesc")}</CardDescription>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("inbox.filters.channel")}</TableHead>
                  <TableHead className="text-end">{t("inbox.analytics.received")}</TableHead>
                  <TableHead className="text-end">{t("inbox.analytics.sent")}</TableHead>
                  <TableHead className="text-end">{t("inbox.analytics.new")}</TableHead>
                  <TableHead className="text-end">{t("inbox.analytics.firstResponseShort")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {summary.byChannel.length === 0 ? (
                  <TableRow>
                    <TableCell colSpan={5} className="text-center text-sm text-muted-foreground">
                      {t("inbox.analytics.empty")}
                    </TableCell>
                  </TableRow>
                ) : (
                  summary.byChannel.map((c) => (
                    <TableRow key={c.platform}>
                      <TableCell>
                        <span className="flex items-center gap-2">
                          <ChannelIcon platform={c.platform} size="xs" labelled={false} />
                          {t(`inbox.platform.${c.platform}`)}
                        </span>
                      </TableCell>
                      <TableCell className="text-end tabular-nums">{nf.format(c.received)}</TableCell>
                      <TableCell className="text-end tabular-nums">{nf.format(c.sent)}</TableCell>
                      <TableCell className="text-end tabular-nums">{nf.format(c.conversationsNew)}</TableCell>
                      <TableCell className="text-end tabular-nums">{fmt(c.avgResponseTime)}</TableCell>
                    </TableRow>
                  ))
                )}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle className="text-base">{t("inbox.analytics.byAgent")}</CardTitle>
            <CardDescription>{t("inbox.analytics.byAgentDesc")}</CardDescription>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("inbox.analytics.agent")}</TableHead>
                  <TableHead className="text-end">{t("inbox.analytics.sent")}</TableHead>
                  <TableHead className="text-end">{t("inbox.analytics.answered")}</TableHead>
                  <TableHead className="text-end">{t("inbox.analytics.firstResponseShort")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {summary.byAgent.length === 0 ? (
                  <TableRow>
                    <TableCell colSpan={4} className="text-center text-sm text-muted-foreground">
                      {t("inbox.analytics.noAgents")}
                    </TableCell>
                  </TableRow>
                ) : (
                  summary.byAgent.map((a) => (
                    <TableRow key={a.userId}>
                      <TableCell>
                        <span className="flex items-center gap-2">
                          <Avatar name={a.name} size="xs" />
                          <span className="truncate">{a.name}</span>
                        </span>
                      </TableCell>
                      <TableCell className="text-end tabular-nums">{nf.format(a.sent)}</TableCell>
                      <TableCell className="text-end tabular-nums">{nf.format(a.responsesCounted)}</TableCell>
                      <TableCell className="text-end tabular-nums">{fmt(a.avgResponseTime)}</TableCell>
                    </TableRow>
                  ))
                )}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

/** The daily figures as CSV (spreadsheet-ready). */
function ExportButton({ summary }: { summary: AnalyticsSummary }) {
  const { t } = useTranslation();
  const csv = () => {
    const head = ["date", "received", "sent", "new_conversations", "avg_first_response_seconds"];
    const rows = summary.daily.map((d) => [
      d.date,
      d.received,
      d.sent,
      d.conversationsNew,
      d.avgResponseTime ?? "",
    ]);
    return [head, ...rows].map((r) => r.join(",")).join("\r\n");
  };
  return (
    <Button variant="outline" onClick={() => downloadText(`inbox-${summary.from}-${summary.to}.csv`, csv())}>
      <Download aria-hidden />
      {t("inbox.analytics.export")}
    </Button>
  );
}
