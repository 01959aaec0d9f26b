import type { Plan } from "@quartet/db/enums";
import type { Deps } from "../deps.ts";
import { AppError, notFound } from "../errors.ts";
import { insertAuditLog } from "../platform/admin-audit.repository.ts";
import type { AdminActor } from "../platform/admin-audit.schema.ts";
import * as repo from "./billing-admin.repository.ts";
import {
  type GrantCompPlanInput,
  type GrantDayPassAdminInput,
  grantCompPlanInput,
  grantDayPassInput,
  type OrgBillingInput,
  orgBillingInput,
} from "./billing-admin.schema.ts";
import { grantDayPassInTx } from "./day-pass.service.ts";
import { usageSummary } from "./entitlements.service.ts";
import { findSubscription, lockSubscription } from "./subscription.repository.ts";
import { addInterval, setWorkspacePlanInTx } from "./subscription.service.ts";
import { effectivePlan } from "./subscription.ts";

// The platform admin's view of the money: MRR, subscription counts, churn and Day Pass sales with
// series by day and month (Revenue page), and a workspace's billing with comp plans and Day Pass
// grants, each written to AdminAuditLog with its reason in the same transaction as the change.

type AdminDeps = Pick<Deps, "db" | "clock" | "log">;

const DAY_MS = 86_400_000;
const cents = (n: number) => Math.round(n * 100) / 100;

type RevenueSubscription = Awaited<ReturnType<typeof repo.findRevenueSubscriptions>>[number];

/**
 * The headline figures at `now`, from the subscriptions (pure, tested on its own):
 * - MRR: paid subscriptions giving their plan (ACTIVE, or PAST_DUE within grace), yearly prices
 *   divided by 12; comp plans (provider MANUAL) and trials bring nothing.
 * - churn: paid subscriptions that ended (CANCELED / EXPIRED) in the last 30 days, over those plus
 *   the paying ones now.
 */
export function revenueFigures(subs: readonly RevenueSubscription[], now: Date) {
  const windowStart = now.getTime() - 30 * DAY_MS;
  let mrr = 0;
  const mrrByPlan: Record<Exclude<Plan, "FREE">, number> = { PRO: 0, BUSINESS: 0 };
  const counts = { active: 0, trialing: 0, pastDue: 0, canceling: 0, comp: 0, churned30d: 0 };
  for (const s of subs) {
    const plan = effectivePlan(s, now);
    const manual = s.provider === "MANUAL";
    if (plan !== "FREE") {
      if (manual) {
        counts.comp++;
        continue;
      }
      if (s.status === "TRIALING") {
        counts.trialing++;
        continue;
      }
      if (s.status === "ACTIVE" || s.status === "PAST_DUE") {
        const monthly = Number(s.priceAmount) / (s.interval === "YEARLY" ? 12 : 1);
        mrr += monthly;
        mrrByPlan[plan as Exclude<Plan, "FREE">] += monthly;
        if (s.status === "ACTIVE") counts.active++;
        else counts.pastDue++;
        if (s.cancelAtPeriodEnd) counts.canceling++;
      }
      continue;
    }
    if (
      !manual &&
      (s.status === "CANCELED" || s.status === "EXPIRED") &&
      s.endedAt &&
      s.endedAt.getTime() >= windowStart &&
      s.endedAt.getTime() <= now.getTime()
    ) {
      counts.churned30d++;
    }
  }
  const paying = counts.active + counts.pastDue;
  const base = paying + counts.churned30d;
  return {
    mrr: cents(mrr),
    arr: cents(mrr * 12),
    mrrByPlan: { PRO: cents(mrrByPlan.PRO), BUSINESS: cents(mrrByPlan.BUSINESS) },
    ...counts,
    paying,
    /** Share of paid subscriptions lost in 30 days, 0–1 (0 when there were none). */
    churnRate30d: base === 0 ? 0 : counts.churned30d / base,
  };
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

function startOfUtcDay(d: Date) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** Revenue page: headline figures and the last 30 days and 12 months, every bucket present. */
export async function revenueOverview(deps: AdminDeps, _actor: AdminActor) {
  const now = deps.clock.now();
  const tomorrow = new Date(startOfUtcDay(now).getTime() + DAY_MS);
  const dayFrom = new Date(tomorrow.getTime() - 30 * DAY_MS);
  const monthFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  const [subs, payDays, payMonths, subDays, subMonths] = await Promise.all([
    repo.findRevenueSubscriptions(deps.db, new Date(now.getTime() - 30 * DAY_MS)),
    repo.paymentsByBucket(deps.db, "day", dayFrom, tomorrow),
    repo.paymentsByBucket(deps.db, "month", monthFrom, tomorrow),
    repo.subscriptionsByBucket(deps.db, "day", dayFrom, tomorrow),
    repo.subscriptionsByBucket(deps.db, "month", monthFrom, tomorrow),
  ]);
  const days: string[] = [];
  for (let t = dayFrom.getTime(); t < tomorrow.getTime(); t += DAY_MS) days.push(dayKey(new Date(t)));
  const months: string[] = [];
  for (let i = 0; i < 12; i++) {
    months.push(monthKey(new Date(Date.UTC(monthFrom.getUTCFullYear(), monthFrom.getUTCMonth() + i, 1))));
  }
  const series = (
    keys: string[],
    pays: repo.PaymentBucket[],
    subsBy: { bucket: string; started: number; churned: number }[],
  ) => {
    const p = new Map(pays.map((r) => [r.bucket, r]));
    const s = new Map(subsBy.map((r) => [r.bucket, r]));
    return keys.map((bucket) => ({
      bucket,
      revenue: cents(p.get(bucket)?.revenue ?? 0),
      payments: p.get(bucket)?.payments ?? 0,
      dayPasses: p.get(bucket)?.dayPasses ?? 0,
      dayPassRevenue: cents(p.get(bucket)?.dayPassRevenue ?? 0),
      started: s.get(bucket)?.started ?? 0,
      churned: s.get(bucket)?.churned ?? 0,
    }));
  };
  const byDay = series(days, payDays, subDays);
  const byMonth = series(months, payMonths, subMonths);
  return {
    currency: "USD" as const,
    asOf: now,
    ...revenueFigures(subs, now),
    revenue30d: cents(byDay.reduce((sum, d) => sum + d.revenue, 0)),
    dayPasses30d: byDay.reduce((sum, d) => sum + d.dayPasses, 0),
    dayPassRevenue30d: cents(byDay.reduce((sum, d) => sum + d.dayPassRevenue, 0)),
    byDay,
    byMonth,
  };
}

/** A workspace's Billing panel: subscription, usage, payments, members with their Day Pass. */
export async function orgBilling(deps: AdminDeps, _actor: AdminActor, raw: OrgBillingInput) {
  const { orgId } = orgBillingInput.parse(raw);
  const org = await repo.findOrgForBilling(deps.db, orgId);
  if (!org) throw notFound("Workspace not found.");
  const now = deps.clock.now();
  const [sub, usage, payments] = await Promise.all([
    findSubscription(deps.db, orgId),
    usageSummary(deps, orgId),
    repo.findOrgPayments(deps.db, orgId, 50),
  ]);
  const memberIds = org.memberships.map((m) => m.user.id);
  const [grants, compRows] = await Promise.all([
    repo.findGrantedDayPasses(deps.db, memberIds, 20),
    repo.findCompGrants(deps.db, orgId, 20),
  ]);
  const granterIds = [...new Set(grants.map((g) => g.grantedById).filter((id): id is string => !!id))];
  const granters = new Map(
    (await repo.findUserEmails(deps.db, granterIds)).map((u) => [u.id, u.email] as const),
  );
  return {
    orgId,
    plan: usage.plan,
    trialing: usage.trialing,
    overLimit: usage.overLimit,
    /** Every limit of the plan with the current use where it is counted (the meters). */
    usage: usage.lines,
    subscription: sub
      ? {
          plan: sub.plan,
          interval: sub.interval,
          status: sub.status,
          provider: sub.provider,
          priceAmount: Number(sub.priceAmount),
          currency: sub.currency,
          currentPeriodStart: sub.currentPeriodStart,
          currentPeriodEnd: sub.currentPeriodEnd,
          trialEndsAt: sub.trialEndsAt,
          graceEndsAt: sub.graceEndsAt,
          cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
          endedAt: sub.endedAt,
          isLifetime: sub.isLifetime,
          providerSubscriptionId: sub.providerSubscriptionId,
          createdAt: sub.createdAt,
        }
      : null,
    payments: payments.map((p) => ({
      ...p,
      amount: Number(p.amount),
      discountAmount: Number(p.discountAmount),
      refundedAmount: Number(p.refundedAmount),
    })),
    members: org.memberships.map((m) => ({
      userId: m.user.id,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      dayPassExpiresAt:
        m.user.dayPassExpiresAt && m.user.dayPassExpiresAt.getTime() > now.getTime()
          ? m.user.dayPassExpiresAt
          : null,
    })),
    dayPassGrants: grants.map((g) => ({
      ...g,
      grantedByEmail: g.grantedById ? (granters.get(g.grantedById) ?? null) : null,
    })),
    /** Comp plans given and taken back, with who did it and why. */
    compGrants: compRows.map((r) => {
      const changes = (r.changes ?? {}) as {
        after?: { plan?: Plan; until?: string | null };
        reason?: string;
      };
      return {
        id: r.id,
        ended: r.action === "billing.comp.end",
        plan: changes.after?.plan ?? "FREE",
        until: changes.after?.until ? new Date(changes.after.until) : null,
        reason: changes.reason ?? "",
        adminEmail: r.adminUserEmail,
        createdAt: r.createdAt,
      };
    }),
  };
}

/**
 * Puts a workspace on a comp plan (provider MANUAL, no payment) for `months` or until taken back,
 * or back on FREE; the audit row (before, after, reason) is written in the same transaction.
 */
export async function grantCompPlan(deps: AdminDeps, actor: AdminActor, raw: GrantCompPlanInput) {
  const input = grantCompPlanInput.parse(raw);
  const now = deps.clock.now();
  const org = await deps.db.organization.findUnique({ where: { id: input.orgId }, select: { id: true } });
  if (!org) throw notFound("Workspace not found.");
  let periodEnd = input.months ? addInterval(now, "MONTHLY", input.months) : null;
  if (input.until && input.plan !== "FREE") {
    if (input.until.getTime() <= now.getTime()) {
      throw new AppError("BAD_REQUEST", "The comp must end in the future.", {
        until: "Pick a day after today.",
      });
    }
    if (input.until.getTime() > addInterval(now, "MONTHLY", 36).getTime()) {
      throw new AppError("BAD_REQUEST", "A comp lasts at most 36 months.", {
        until: "Pick a day within 36 months.",
      });
    }
    periodEnd = input.until;
  }
  const row = await deps.db.$transaction(async (tx) => {
    const before = await lockSubscription(tx, input.orgId);
    const saved = await setWorkspacePlanInTx(
      tx,
      {
        orgId: input.orgId,
        plan: input.plan,
        provider: "MANUAL",
        status: "ACTIVE",
        periodEnd,
      },
      now,
    );
    await insertAuditLog(tx, actor, {
      action: input.plan === "FREE" ? "billing.comp.end" : "billing.comp.grant",
      entityType: "organization",
      entityId: input.orgId,
      changes: {
        before: before
          ? { plan: effectivePlan(before, now), status: before.status, provider: before.provider }
          : { plan: "FREE" },
        after: {
          plan: input.plan,
          ...(input.months && !input.until ? { months: input.months } : {}),
          until: saved?.currentPeriodEnd?.toISOString() ?? null,
        },
        reason: input.reason,
      },
    });
    return saved;
  });
  deps.log.info({ orgId: input.orgId, plan: input.plan, admin: actor.userId }, "comp plan set by admin");
  return { plan: input.plan, currentPeriodEnd: row?.currentPeriodEnd ?? null };
}

/** Grants a member of the workspace a Day Pass (ADMIN_GRANT), audited with the reason. */
export async function grantDayPassByAdmin(deps: AdminDeps, actor: AdminActor, raw: GrantDayPassAdminInput) {
  const input = grantDayPassInput.parse(raw);
  const now = deps.clock.now();
  if (!(await repo.isActiveMember(deps.db, input.orgId, input.userId))) {
    throw notFound("This person isn't a member of the workspace.");
  }
  const pass = await deps.db.$transaction(async (tx) => {
    const granted = await grantDayPassInTx(
      tx,
      {
        userId: input.userId,
        source: "ADMIN_GRANT",
        grantedById: actor.userId,
        reason: input.reason,
        hours: input.hours,
      },
      now,
    );
    await insertAuditLog(tx, actor, {
      action: "billing.day_pass.grant",
      entityType: "user",
      entityId: input.userId,
      changes: {
        after: {
          dayPassId: granted.id,
          hours: input.hours,
          startsAt: granted.startsAt.toISOString(),
          endsAt: granted.endsAt.toISOString(),
          orgId: input.orgId,
        },
        reason: input.reason,
      },
    });
    return granted;
  });
  return { id: pass.id, startsAt: pass.startsAt, endsAt: pass.endsAt };
}
