import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { FormField } from "@quartet/ui/form-field";
import { ChartNoAxesColumn, Download, UsersRound } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { errorMessage, fieldErrorsOf } from "@quartet/ui/lib/errors";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { NativeSelect } from "@quartet/ui/select";
import { Skeleton } from "@quartet/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { DeskNav } from "../desk-nav.tsx";
import { RebuildCard } from "./rebuild-card.tsx";
import { BacklogChart, CsatChart, TimesChart, VolumeChart } from "./report-charts.tsx";
import { downloadText, formatDay, isIsoDay, shiftDay, todayIn, useDurationFormat } from "./report-format.ts";

type Report = RouterOutputs["deskReports"]["overview"];
type Preset = "7" | "30" | "90" | "custom";
const PRESETS: readonly Preset[] = ["7", "30", "90", "custom"];
const MAX_DAYS = 366;

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** The range and team live in the URL, so a reload or a shared link shows the same report. */
function useReportParams(timezone: string | undefined) {
  const [params, setParams] = useSearchParams();
  const rawPreset = params.get("range");
  const preset: Preset = PRESETS.includes(rawPreset as Preset) ? (rawPreset as Preset) : "30";
  const teamId = params.get("team") || null;
  const today = timezone ? todayIn(timezone) : null;
  let from: string | null = null;
  let to: string | null = null;
  if (preset === "custom") {
    const f = params.get("from");
    const t = params.get("to");
    from = isIsoDay(f) ? f : null;
    to = isIsoDay(t) ? t : null;
  } else if (today) {
    to = today;
    from = shiftDay(today, -(Number(preset) - 1));
  }
  const update = (next: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) {
          if (v === null) out.delete(k);
          else out.set(k, v);
        }
        return out;
      },
      { replace: true },
    );
  return { preset, from, to, teamId, today, update };
}

export function ReportsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("reports.title"));
  const detail = trpc.orgs.get.useQuery({ orgId: org.id });
  const timezone = detail.data?.timezone ?? (detail.isError ? "UTC" : undefined);
  const params = useReportParams(timezone);
  const teams = trpc.deskTeams.list.useQuery({ orgId: org.id });
  const input =
    params.from && params.to
      ? { orgId: org.id, from: params.from, to: params.to, teamId: params.teamId }
      : null;
  const report = trpc.deskReports.overview.useQuery(input ?? { orgId: org.id, from: "", to: "" }, {
    enabled: input !== null,
    placeholderData: (prev) => prev,
  });

  return (
    <Page>
      <PageHeader title={t("desk.pageTitle")} className="mb-4" />
      <DeskNav />
      <div className="mb-5 grid gap-1">
        <h2 className="text-xl font-semibold tracking-tight">{t("reports.title")}</h2>
        <p className="text-sm text-muted-foreground">{t("reports.description")}</p>
      </div>
      <Filters
        params={params}
        teams={teams.data ?? []}
        timezone={timezone}
        serverErrors={report.isError ? fieldErrorsOf(report.error) : {}}
      />
      {!input || report.isPending ? (
        <ReportSkeleton />
      ) : report.isError && !report.data ? (
        <ErrorState error={report.error} onRetry={() => report.refetch()} retrying={report.isFetching} />
      ) : report.data ? (
        <div className="grid min-w-0 gap-6">
          <ReportBody
            report={report.data}
            stale={report.isFetching}
            onShowLast90={() => params.update({ range: "90", from: null, to: null })}
          />
          {org.role === "OWNER" ? <RebuildCard report={report.data} /> : null}
        </div>
      ) : null}
    </Page>
  );
}

function Filters({
  params,
  teams,
  timezone,
  serverErrors,
}: {
  params: ReturnType<typeof useReportParams>;
  teams: { id: string; name: string }[];
  timezone: string | undefined;
  serverErrors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(params.from ?? "");
  const [to, setTo] = useState(params.to ?? "");
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  // Follow the URL when a preset changes the range.
  useEffect(() => {
    setFrom(params.from ?? "");
    setTo(params.to ?? "");
  }, [params.from, params.to]);

  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const next: { from?: string; to?: string } = {};
    if (!isIsoDay(from)) next.from = t("reports.range.dateRequired");
    if (!isIsoDay(to)) next.to = t("reports.range.dateRequired");
    else if (isIsoDay(from) && daysBetween(from, to) < 1) next.to = t("reports.range.toBeforeFrom");
    else if (isIsoDay(from) && daysBetween(from, to) > MAX_DAYS) next.to = t("reports.range.tooLong");
    setErrors(next);
    if (next.from || next.to) return;
    params.update({ range: "custom", from, to });
  };

  return (
    <div className="mb-6 grid gap-3">
      <div className="flex flex-wrap items-end gap-3">
        {/* Two by two on a phone, one row from sm up. */}
        <fieldset className="grid w-full grid-cols-2 gap-1 rounded-md border p-0.5 sm:flex sm:w-auto sm:flex-wrap">
          <legend className="sr-only">{t("reports.range.label")}</legend>
          {PRESETS.map((p) => (
            <Button
              key={p}
              size="sm"
              variant={params.preset === p ? "secondary" : "ghost"}
              aria-pressed={params.preset === p}
              onClick={() =>
                p === "custom"
                  ? params.update({ range: "custom", from: params.from, to: params.to })
                  : params.update({ range: p, from: null, to: null })
              }
            >
              {t(p === "custom" ? "reports.range.custom" : `reports.range.last${p}`)}
            </Button>
          ))}
        </fieldset>
        <NativeSelect
          aria-label={t("reports.team.label")}
          className="h-8.5 w-auto min-w-40"
          value={params.teamId ?? ""}
          onChange={(e) => params.update({ team: e.target.value || null })}
        >
          <option value="">{t("reports.team.all")}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      {params.preset === "custom" ? (
        <form onSubmit={applyCustom} noValidate className="flex flex-wrap items-start gap-3">
          <FormField label={t("reports.range.from")} error={errors.from ?? serverErrors.from}>
            <Input
              type="date"
              className="w-44"
              value={from}
              max={params.today ?? undefined}
              onChange={(e) => setFrom(e.target.value)}
            />
          </FormField>
          <FormField label={t("reports.range.to")} error={errors.to ?? serverErrors.to}>
            <Input type="date" className="w-44" value={to} onChange={(e) => setTo(e.target.value)} />
          </FormField>
          <Button type="submit" variant="outline" className="mt-6.5">
            {t("reports.range.apply")}
          </Button>
        </form>
      ) : null}
      {timezone ? (
        <p className="text-xs text-muted-foreground">{t("reports.range.timezone", { tz: timezone })}</p>
      ) : null}
    </div>
  );
}

function ReportSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="grid gap-6" role="status" aria-live="polite">
      <span className="sr-only">{t("common.loading")}</span>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 4 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <Skeleton key={i} className="h-80" />
        ))}
      </div>
      <Skeleton className="h-48" />
    </div>
  );
}

function ExportButton({ kind, report }: { kind: "daily" | "agents"; report: Report }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const file = await utils.deskReports.exportCsv.fetch({
        orgId: org.id,
        from: report.range.from,
        to: report.range.to,
        teamId: report.range.teamId,
        kind,
      });
      downloadText(file.fileName, file.csv);
      toast.success(t("reports.export.done", { file: file.fileName }));
    } catch (error) {
      toast.error(errorMessage(error, t("errors.generic")));
    } finally {
      setBusy(false);
    }
  };
  return (
    // The accessible name starts with the visible label ("Export CSV") and says what it exports.
    <Button variant="outline" size="sm" loading={busy} onClick={run} className="shrink-0">
      {busy ? null : <Download aria-hidden />}
      {t("reports.export.button")}
      <span className="sr-only"> ({t(`reports.export.${kind}`)})</span>
    </Button>
  );
}

function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Card className="grid content-start gap-1 px-4 py-3.5">
      <h3 className="text-sm text-muted-foreground">{label}</h3>
      <p className="text-2xl font-semibold tabular-nums tracking-tight">{value}</p>
      {detail ? <p className="text-xs text-muted-foreground">{detail}</p> : null}
    </Card>
  );
}

function ReportBody({
  report,
  stale,
  onShowLast90,
}: {
  report: Report;
  stale: boolean;
  onShowLast90: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const num = (v: number) => new Intl.NumberFormat(language).format(v);
  const dur = useDurationFormat();
  const { totals } = report;
  const nothing =
    totals.created === 0 &&
    totals.resolved === 0 &&
    totals.firstResponse.count === 0 &&
    report.csat.count === 0;

  if (nothing) {
    return (
      <EmptyState
        icon={ChartNoAxesColumn}
        title={t("reports.empty.title")}
        description={t("reports.empty.body", {
          from: formatDay(report.range.from, language),
          to: formatDay(report.range.to, language),
        })}
        action={
          report.range.days < 90 ? (
            <Button variant="outline" onClick={onShowLast90}>
              {t("reports.empty.action")}
            </Button>
          ) : null
        }
      />
    );
  }

  return (
    <div className="grid gap-6 transition-opacity" style={{ opacity: stale ? 0.6 : 1 }} aria-busy={stale}>
      <section
        aria-label={t("reports.title")}
        className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6"
      >
        <Kpi
          label={t("reports.kpi.created")}
          value={num(totals.created)}
          detail={t("reports.kpi.backlog", { n: num(report.backlog.total) })}
        />
        <Kpi label={t("reports.kpi.resolved")} value={num(totals.resolved)} />
        <Kpi
          label={t("reports.kpi.firstResponse")}
          value={dur(totals.firstResponse.median)}
          detail={
            totals.firstResponse.p90 === null
              ? undefined
              : t("reports.kpi.p90", { value: dur(totals.firstResponse.p90) })
          }
        />
        <Kpi
          label={t("reports.kpi.resolution")}
          value={dur(totals.resolution.median)}
          detail={
            totals.resolution.p90 === null
              ? undefined
              : t("reports.kpi.p90", { value: dur(totals.resolution.p90) })
          }
        />
        <Kpi
          label={t("reports.kpi.slaMet")}
          value={
            totals.sla.metPercent === null
              ? t("reports.kpi.none")
              : new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 }).format(
                  totals.sla.metPercent / 100,
                )
          }
          detail={
            totals.sla.metPercent === null
              ? t("reports.kpi.slaNone")
              : t("reports.kpi.slaDetail", {
                  met: num(totals.sla.met),
                  eligible: num(totals.sla.eligible),
                  breaches: num(totals.sla.breaches),
                })
          }
        />
        <Kpi
          label={t("reports.kpi.csat")}
          value={
            report.csat.average === null
              ? t("reports.kpi.none")
              : `${new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(report.csat.average)} / 5`
          }
          detail={t("reports.kpi.csatDetail", { n: num(report.csat.count) })}
        />
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <VolumeChart report={report} action={<ExportButton kind="daily" report={report} />} />
        <TimesChart report={report} />
        <CsatChart report={report} />
        <BacklogChart report={report} />
      </div>

      <AgentsTable report={report} />
    </div>
  );
}

function AgentsTable({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const num = (v: number) => new Intl.NumberFormat(language).format(v);
  const dur = useDurationFormat();
  return (
    // min-w-0: a grid item, so a wide table scrolls inside the card instead of widening the page.
    <Card className="min-w-0">
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle className="text-base">{t("reports.agents.title")}</CardTitle>
          <CardDescription>{t("reports.agents.description")}</CardDescription>
        </div>
        <ExportButton kind="agents" report={report} />
      </CardHeader>
      <CardContent>
        {report.agents.length === 0 ? (
          <EmptyState
            icon={UsersRound}
            title={t("reports.agents.emptyTitle")}
            description={t("reports.agents.emptyBody")}
          />
        ) : (
          // On a phone the table scrolls sideways inside its own box, never the page; the box is a
          // named region a keyboard can focus and scroll (axe: scrollable-region-focusable).
          <section
            aria-label={t("reports.agents.scrollRegion")}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
            tabIndex={0}
            className="max-h-[60vh] max-w-full overflow-auto rounded-lg border bg-card focus-visible:outline-2 focus-visible:outline-ring"
          >
            <Table
              wrapperClassName="overflow-visible rounded-none border-0 bg-transparent"
              aria-label={t("reports.agents.title")}
            >
              <TableHeader>
                <TableRow>
                  <TableHead>{t("reports.agents.agent")}</TableHead>
                  <TableHead className="text-end">{t("reports.agents.assignedOpen")}</TableHead>
                  <TableHead className="text-end">{t("reports.agents.resolved")}</TableHead>
                  <TableHead className="text-end">{t("reports.agents.firstResponse")}</TableHead>
                  <TableHead className="text-end">{t("reports.agents.resolution")}</TableHead>
                  <TableHead className="text-end">{t("reports.agents.csat")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {report.agents.map((a) => (
                  <TableRow key={a.userId}>
                    <TableCell>
                      <div className="flex min-w-40 items-center gap-2.5">
                        <Avatar name={a.name ?? a.email} size="sm" />
                        <div className="grid min-w-0">
                          <span className="truncate font-medium">{a.name ?? a.email}</span>
                          {a.name ? (
                            <span dir="ltr" className="truncate text-xs text-muted-foreground rtl:text-right">
                              {a.email}
                            </span>
                          ) : null}
                        </div>
                      </div>
                    </TableCell>
                    <TableCell className="text-end tabular-nums">{num(a.assignedOpen)}</TableCell>
                    <TableCell className="text-end tabular-nums">{num(a.resolved)}</TableCell>
                    <TableCell className="text-end tabular-nums whitespace-nowrap">
                      {dur(a.medianFirstResponse)}
                    </TableCell>
                    <TableCell className="text-end tabular-nums whitespace-nowrap">
                      {dur(a.medianResolution)}
                    </TableCell>
                    <TableCell className="text-end tabular-nums">
                      {a.csatAverage === null ? (
                        t("reports.kpi.none")
                      ) : (
                        <>
                          {new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(
                            a.csatAverage,
                          )}{" "}
                          <span className="text-xs text-muted-foreground">
                            {t("reports.agents.csatCount", { n: num(a.csatCount) })}
                          </span>
                        </>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>
        )}
      </CardContent>
    </Card>
  );
}
