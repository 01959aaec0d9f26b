import type { Db, DbOrTx } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import type { Clock, Deps, Logger, UserActor } from "../../deps.ts";
import { addDays, allDays, localDate, workspaceTimezone } from "../../desk/reports/report-days.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./analytics.repository.ts";
import {
  type AnalyticsFigures,
  type AnalyticsSummary,
  type AnalyticsSummaryInput,
  analyticsSummaryInput,
} from "./analytics.schema.ts";

// DailyAnalytics: per workspace day (its time zone) and scope — `all`, `platform:<P>`,
// `agent:<userId>` — messages received and sent, new conversations, and the average time to the
// first answer of the conversations first answered that day. Past days are read from the rows the
// rollup job writes; today is computed live.

interface Acc {
  received: number;
  sent: number;
  conversationsNew: number;
  responseSeconds: number;
  responsesCounted: number;
}

const emptyAcc = (): Acc => ({
  received: 0,
  sent: 0,
  conversationsNew: 0,
  responseSeconds: 0,
  responsesCounted: 0,
});

/** The rows of one workspace day, computed from messages and conversations. */
export async function computeDay(
  db: DbOrTx,
  orgId: string,
  day: string,
  tz: string,
): Promise<repo.AnalyticsRow[]> {
  const [messages, created, responses] = await Promise.all([
    repo.messageFacts(db, orgId, day, tz),
    repo.newConversationFacts(db, orgId, day, tz),
    repo.firstResponseFacts(db, orgId, day, tz),
  ]);
  const scopes = new Map<string, Acc>();
  const acc = (scope: string) => {
    const found = scopes.get(scope);
    if (found) return found;
    const created = emptyAcc();
    scopes.set(scope, created);
    return created;
  };
  for (const m of messages) {
    const n = Number(m.n);
    const targets = ["all", `platform:${m.platform}`];
    if (m.direction === "INBOUND") {
      // An agent's received messages: those of the conversations assigned to them.
      if (m.assignee) targets.push(`agent:${m.assignee}`);
      for (const t of targets) acc(t).received += n;
    } else {
      if (m.sent_by) targets.push(`agent:${m.sent_by}`);
      for (const t of targets) acc(t).sent += n;
    }
  }
  for (const c of created) {
    const targets = ["all", `platform:${c.platform}`, ...(c.assignee ? [`agent:${c.assignee}`] : [])];
    for (const t of targets) acc(t).conversationsNew += Number(c.n);
  }
  for (const r of responses) {
    const targets = ["all", `platform:${r.platform}`, ...(r.responder ? [`agent:${r.responder}`] : [])];
    for (const t of targets) {
      acc(t).responseSeconds += Number(r.seconds);
      acc(t).responsesCounted += Number(r.n);
    }
  }
  return [...scopes.entries()].map(([scope, a]) => ({
    scope,
    platform: scope.startsWith("platform:") ? (scope.slice(9) as Platform) : null,
    userId: scope.startsWith("agent:") ? scope.slice(6) : null,
    messagesReceived: a.received,
    messagesSent: a.sent,
    conversationsNew: a.conversationsNew,
    avgResponseTime: a.responsesCounted > 0 ? Math.round(a.responseSeconds / a.responsesCounted) : null,
    responsesCounted: a.responsesCounted,
  }));
}

/** Recomputes and stores the rows of these days (one transaction per day, under a workspace lock). */
export async function rollupDays(
  db: Db,
  orgId: string,
  days: readonly string[],
  tz?: string,
): Promise<number> {
  const zone = tz ?? (await workspaceTimezone(db, orgId));
  for (const day of days) {
    const rows = await computeDay(db, orgId, day, zone);
    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`inbox.analytics:${orgId}`}, 0))::text AS locked`;
        await repo.replaceDay(tx, orgId, day, rows);
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
  return days.length;
}

const WORKSPACE_PAGE = 200;

/**
 * `inbox.analytics-rollup` (hourly): for every workspace with conversations, yesterday and today in
 * its time zone. Yesterday is final once the job has run after the workspace's midnight.
 */
export async function handleAnalyticsRollup(deps: { db: Db; clock: Clock; log: Logger }) {
  let workspaces = 0;
  let after: string | null = null;
  for (;;) {
    const page = await repo.workspacesWithInbox(deps.db, after, WORKSPACE_PAGE);
    for (const orgId of page) {
      try {
        const tz = await workspaceTimezone(deps.db, orgId);
        const today = localDate(deps.clock.now(), tz);
        await rollupDays(deps.db, orgId, [addDays(today, -1), today], tz);
        workspaces++;
      } catch (error) {
        deps.log.error({ err: error, orgId }, "inbox analytics rollup failed for a workspace");
      }
    }
    if (page.length < WORKSPACE_PAGE) break;
    after = page.at(-1) ?? null;
  }
  return { workspaces };
}

function entry<K>(map: Map<K, Acc>, key: K): Acc {
  const found = map.get(key);
  if (found) return found;
  const created = emptyAcc();
  map.set(key, created);
  return created;
}

function figures(a: Acc): AnalyticsFigures {
  return {
    received: a.received,
    sent: a.sent,
    conversationsNew: a.conversationsNew,
    avgResponseTime: a.responsesCounted > 0 ? Math.round(a.responseSeconds / a.responsesCounted) : null,
    responsesCounted: a.responsesCounted,
  };
}

function add(a: Acc, r: repo.AnalyticsRow) {
  a.received += r.messagesReceived;
  a.sent += r.messagesSent;
  a.conversationsNew += r.conversationsNew;
  a.responseSeconds += (r.avgResponseTime ?? 0) * r.responsesCounted;
  a.responsesCounted += r.responsesCounted;
}

/**
 * The analytics screen: a daily series (the whole inbox or one channel), totals, and figures per
 * channel and per agent over [from, to] in the workspace's time zone. Today comes live.
 */
export async function analyticsSummary(
  deps: Deps,
  actor: UserActor,
  rawInput: AnalyticsSummaryInput,
): Promise<AnalyticsSummary> {
  const input = analyticsSummaryInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const tz = await workspaceTimezone(deps.db, input.orgId);
  const today = localDate(deps.clock.now(), tz);
  const stored = await repo.findRows(deps.db, input.orgId, input.from, input.to);
  const rows: (repo.AnalyticsRow & { day: string })[] = stored
    .map((r) => ({ ...r, day: r.date.toISOString().slice(0, 10) }))
    .filter((r) => r.day !== today);
  if (input.from <= today && today <= input.to) {
    for (const r of await computeDay(deps.db, input.orgId, today, tz)) rows.push({ ...r, day: today });
  }
  const seriesScope = input.platform ? `platform:${input.platform}` : "all";
  const byDay = new Map<string, Acc>(allDays(input.from, input.to).map((d) => [d, emptyAcc()]));
  const totals = emptyAcc();
  const channels = new Map<Platform, Acc>();
  const agents = new Map<string, Acc>();
  for (const r of rows) {
    if (r.scope === seriesScope) {
      const day = byDay.get(r.day);
      if (day) add(day, r);
      add(totals, r);
    } else if (r.platform && r.scope.startsWith("platform:")) {
      add(entry(channels, r.platform), r);
    } else if (r.userId && r.scope.startsWith("agent:")) {
      add(entry(agents, r.userId), r);
    }
  }
  const names = new Map(
    (await repo.findUserNames(deps.db, [...agents.keys()])).map((u) => [u.id, u.name ?? u.email]),
  );
  return {
    from: input.from,
    to: input.to,
    timezone: tz,
    platform: input.platform ?? null,
    totals: figures(totals),
    daily: [...byDay.entries()].map(([date, a]) => ({ date, ...figures(a) })),
    byChannel: [...channels.entries()]
      .map(([platform, a]) => ({ platform, ...figures(a) }))
      .sort((x, y) => y.received + y.sent - (x.received + x.sent)),
    byAgent: [...agents.entries()]
      .map(([userId, a]) => ({ userId, name: names.get(userId) ?? "Former member", ...figures(a) }))
      .sort((x, y) => y.sent - x.sent),
  };
}
