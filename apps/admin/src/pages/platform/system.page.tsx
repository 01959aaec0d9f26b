import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@quartet/ui/card";
import { ExternalLink } from "@quartet/ui/icons";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { Link } from "react-router";
import { DetailList } from "../../components/detail-list.tsx";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";

/** "45 s", "12 min", "3 h" in the reader's language. */
function useWaitFormat() {
  const { language } = useLanguage();
  return (seconds: number) => {
    const [value, unit] =
      seconds < 60
        ? [seconds, "second"]
        : seconds < 3600
          ? [Math.floor(seconds / 60), "minute"]
          : [Math.floor(seconds / 3600), "hour"];
    return new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "short" }).format(value);
  };
}

export default function SystemPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("platform.system.title"));
  const overview = trpc.system.overview.useQuery(undefined, { refetchInterval: 10_000 });
  const wait = useWaitFormat();
  const count = (n: number, tone?: "warning" | "destructive") =>
    n ? (
      <Badge variant={tone ?? "neutral"} className="tabular-nums">
        {n}
      </Badge>
    ) : (
      <span className="text-muted-foreground">0</span>
    );

  return (
    <Page className="max-w-7xl">
      <PageHeader
        title={t("platform.system.title")}
        description={t("platform.system.description")}
        actions={
          <Button variant="outline" onClick={() => overview.refetch()} loading={overview.isFetching}>
            {t("platform.system.refresh")}
          </Button>
        }
      />
      <QueryStates query={overview} loading={<Skeleton className="h-96 w-full" />}>
        {(s) => (
          <div className="grid gap-6">
            <div className="grid gap-6 lg:grid-cols-[1fr_1.6fr_1fr]">
              <Card>
                <CardHeader>
                  <CardTitle>{t("platform.system.versionsTitle")}</CardTitle>
                </CardHeader>
                <CardContent>
                  <DetailList
                    className="sm:grid-cols-[7rem_1fr]"
                    items={[
                      {
                        key: "app",
                        label: t("platform.system.app"),
                        value: <code dir="ltr">{s.versions.app}</code>,
                      },
                      {
                        key: "node",
                        label: t("platform.system.node"),
                        value: <code dir="ltr">{s.versions.node}</code>,
                      },
                      {
                        key: "postgres",
                        label: t("platform.system.postgres"),
                        value: <code dir="ltr">{s.versions.postgres}</code>,
                      },
                    ]}
                  />
                </CardContent>
              </Card>

              <Card data-migrations={s.migrations.upToDate ? "up-to-date" : "behind"}>
                <CardHeader>
                  <CardTitle className="flex items-center gap-2">
                    {t("platform.system.migrationsTitle")}
                    <Badge variant={s.migrations.upToDate ? "success" : "destructive"}>
                      {s.migrations.upToDate ? t("platform.system.upToDate") : t("platform.system.behind")}
                    </Badge>
                  </CardTitle>
                </CardHeader>
                <CardContent className="grid gap-3">
                  <DetailList
                    items={[
                      {
                        key: "expected",
                        label: t("platform.system.expected"),
                        value: (
                          <code dir="ltr" className="break-all">
                            {s.migrations.expected ?? "—"}
                          </code>
                        ),
                      },
                      {
                        key: "applied",
                        label: t("platform.system.applied"),
                        value: (
                          <code dir="ltr" className="break-all">
                            {s.migrations.applied ?? "—"}
                          </code>
                        ),
                      },
                      {
                        key: "count",
                        label: t("platform.system.appliedCount"),
                        value: <span className="tabular-nums">{s.migrations.appliedCount}</span>,
                      },
                      {
                        key: "pending",
                        label: t("platform.system.pending"),
                        value: s.migrations.pending.length ? (
                          <ul className="grid gap-1">
                            {s.migrations.pending.map((name) => (
                              <li key={name}>
                                <code dir="ltr" className="break-all text-destructive">
                                  {name}
                                </code>
                              </li>
                            ))}
                          </ul>
                        ) : (
                          t("platform.system.none")
                        ),
                      },
                      ...(s.migrations.unknown.length
                        ? [
                            {
                              key: "unknown",
                              label: t("platform.system.unknown"),
                              value: (
                                <code dir="ltr" className="break-all">
                                  {s.migrations.unknown.join(", ")}
                                </code>
                              ),
                            },
                          ]
                        : []),
                    ]}
                  />
                  {s.migrations.pending.length ? (
                    <p className="text-sm text-muted-foreground">{t("platform.system.pendingHint")}</p>
                  ) : null}
                </CardContent>
              </Card>

              <Card>
                <CardHeader>
                  <CardTitle>{t("platform.system.metricsTitle")}</CardTitle>
                </CardHeader>
                <CardContent className="grid gap-3 text-sm">
                  <p>
                    {s.metrics.port
                      ? t("platform.system.metricsPort", { port: s.metrics.port })
                      : s.metrics.token
                        ? t("platform.system.metricsToken")
                        : t("platform.system.metricsOff")}
                  </p>
                  {s.metrics.dashboardUrl ? (
                    <a
                      href={s.metrics.dashboardUrl}
                      target="_blank"
                      rel="noreferrer"
                      className="inline-flex items-center gap-1.5 font-medium text-primary underline-offset-4 hover:underline"
                    >
                      {t("platform.system.dashboard")}
                      <ExternalLink className="size-3.5" aria-hidden />
                    </a>
                  ) : null}
                  <Link to="/queues" className="font-medium text-primary underline-offset-4 hover:underline">
                    {t("platform.system.queuesLink")}
                  </Link>
                </CardContent>
              </Card>
            </div>

            <Card>
              <CardHeader>
                <CardTitle>{t("platform.system.queuesTitle")}</CardTitle>
              </CardHeader>
              <CardContent>
                <Table aria-busy={overview.isFetching}>
                  <TableHeader>
                    <TableRow>
                      <TableHead>{t("platform.system.colQueue")}</TableHead>
                      <TableHead className="text-end">{t("platform.system.colWaiting")}</TableHead>
                      <TableHead className="hidden text-end sm:table-cell">
                        {t("platform.system.colRunning")}
                      </TableHead>
                      <TableHead className="text-end">{t("platform.system.colOldest")}</TableHead>
                      <TableHead className="text-end">{t("platform.system.colFailed")}</TableHead>
                      <TableHead className="hidden text-end md:table-cell">
                        {t("platform.system.colDone")}
                      </TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {s.queues.map((q) => (
                      <TableRow key={q.name} data-queue={q.name}>
                        <TableCell>
                          <code dir="ltr" className="break-all font-mono text-sm">
                            {q.name}
                          </code>
                        </TableCell>
                        <TableCell className="text-end">
                          {count(q.queued, q.deadLetterFor ? "destructive" : undefined)}
                        </TableCell>
                        <TableCell className="hidden text-end sm:table-cell">{count(q.active)}</TableCell>
                        <TableCell className="text-end tabular-nums">
                          {q.queued ? (
                            wait(q.oldestAgeSeconds)
                          ) : (
                            <span className="text-muted-foreground">—</span>
                          )}
                        </TableCell>
                        <TableCell className="text-end">{count(q.failed24h, "warning")}</TableCell>
                        <TableCell className="hidden text-end md:table-cell">
                          {count(q.completed24h)}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>

            <Card>
              <CardHeader>
                <CardTitle>{t("platform.system.cronTitle")}</CardTitle>
              </CardHeader>
              <CardContent>
                <Table aria-busy={overview.isFetching}>
                  <TableHeader>
                    <TableRow>
                      <TableHead>{t("platform.system.colJob")}</TableHead>
                      <TableHead className="hidden sm:table-cell">
                        {t("platform.system.colSchedule")}
                      </TableHead>
                      <TableHead>{t("platform.system.colLastRun")}</TableHead>
                      <TableHead className="hidden md:table-cell">
                        {t("platform.system.colFinished")}
                      </TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {s.cron.map((c) => (
                      <TableRow key={c.name} data-cron={c.name}>
                        <TableCell>
                          <code dir="ltr" className="break-all font-mono text-sm">
                            {c.name}
                          </code>
                          {!c.scheduled ? (
                            <div className="text-xs text-muted-foreground">
                              {t("platform.system.notScheduled")}
                            </div>
                          ) : null}
                        </TableCell>
                        <TableCell className="hidden sm:table-cell">
                          <code dir="ltr" className="font-mono text-sm">
                            {c.cron}
                          </code>{" "}
                          <span className="text-xs text-muted-foreground">UTC</span>
                        </TableCell>
                        <TableCell>
                          {c.lastRun ? (
                            <span className="flex flex-wrap items-center gap-2">
                              <Badge
                                variant={
                                  c.lastRun.state === "failed"
                                    ? "destructive"
                                    : c.lastRun.state === "completed"
                                      ? "success"
                                      : "neutral"
                                }
                              >
                                {t(`platform.system.states.${c.lastRun.state}`)}
                              </Badge>
                              <RelativeTime date={c.lastRun.startedAt} />
                            </span>
                          ) : (
                            <span className="text-muted-foreground">{t("platform.system.neverRan")}</span>
                          )}
                        </TableCell>
                        <TableCell className="hidden md:table-cell">
                          {c.lastRun?.finishedAt ? <RelativeTime date={c.lastRun.finishedAt} /> : "—"}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          </div>
        )}
      </QueryStates>
    </Page>
  );
}
