import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { Gift, Ticket } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { SkeletonLines } from "@quartet/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { UsageMeter } from "@quartet/ui/usage-meter";
import { useState } from "react";
import { Link } from "react-router";
import { DetailList } from "../../components/detail-list.tsx";
import { type OrgBilling, trpc } from "../../lib/trpc.ts";
import { useBillingFormat } from "./billing-format.ts";
import { CompPlanDialog, DayPassDialog } from "./org-billing-dialogs.tsx";

type Sub = NonNullable<OrgBilling["subscription"]>;

const STATUS_VARIANT: Record<Sub["status"], BadgeVariant> = {
  INCOMPLETE: "outline",
  TRIALING: "primary",
  ACTIVE: "success",
  PAST_DUE: "warning",
  CANCELED: "neutral",
  EXPIRED: "neutral",
};

const PAYMENT_VARIANT: Record<OrgBilling["payments"][number]["status"], BadgeVariant> = {
  PENDING: "outline",
  COMPLETED: "success",
  FAILED: "destructive",
  REFUNDED: "neutral",
  PARTIALLY_REFUNDED: "warning",
};

/** Usage lines worth a meter: counted now against a number (switches and sizes are the plan's, not use). */
const METERED = [
  "seats",
  "desk.agents",
  "desk.automationRules",
  "desk.slaPolicies",
  "inbox.channels",
  "publish.channels",
  "publish.scheduledPostsPerMonth",
  "tools.operationsPerDay",
] as const;

/**
 * A workspace's Billing panel in the console: subscription, usage against the plan, payments,
 * members' Day Passes and past grants, with "Comp a plan" and "Grant a Day Pass".
 */
export function OrgBillingPanel({ orgId, orgName }: { orgId: string; orgName: string }) {
  const { t } = useTranslation("admin");
  const billing = trpc.billing.org.useQuery({ orgId });
  const [dialog, setDialog] = useState<"comp" | "dayPass" | null>(null);
  return (
    <section aria-labelledby="billing-h" className="grid gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-0.5">
          <h2 id="billing-h" className="text-lg font-semibold">
            {t("billing.panel.title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("billing.panel.description")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" disabled={!billing.data} onClick={() => setDialog("dayPass")}>
            <Ticket aria-hidden />
            {t("billing.panel.dayPassAction")}
          </Button>
          <Button disabled={!billing.data} onClick={() => setDialog("comp")}>
            <Gift aria-hidden />
            {t("billing.panel.compAction")}
          </Button>
        </div>
      </div>
      <QueryStates
        query={billing}
        compactError
        loading={
          <Card aria-busy className="p-5">
            <SkeletonLines lines={6} />
          </Card>
        }
      >
        {(data) => (
          <>
            <BillingBody data={data} />
            {dialog === "comp" ? (
              <CompPlanDialog data={data} orgName={orgName} onClose={() => setDialog(null)} />
            ) : null}
            {dialog === "dayPass" ? (
              <DayPassDialog data={data} orgName={orgName} onClose={() => setDialog(null)} />
            ) : null}
          </>
        )}
      </QueryStates>
    </section>
  );
}

function BillingBody({ data }: { data: OrgBilling }) {
  return (
    <div className="grid gap-4">
      <div className="grid items-start gap-4 md:grid-cols-2">
        <SubscriptionCard data={data} />
        <UsageCard data={data} />
      </div>
      <PaymentsCard data={data} />
      <div className="grid items-start gap-4 md:grid-cols-2">
        <MembersCard data={data} />
        <GrantsCard data={data} />
      </div>
    </div>
  );
}

function SubscriptionCard({ data }: { data: OrgBilling }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const f = useBillingFormat();
  const sub = data.subscription;
  const day = (d: Date | null) => (d ? viewer.dateTime(d, { dateStyle: "medium", timeStyle: null }) : "—");
  const comp = sub?.provider === "MANUAL";
  const live = sub && sub.status !== "CANCELED" && sub.status !== "EXPIRED";
  return (
    <Card data-testid="billing-subscription">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2 text-base">
          {t("billing.panel.subscription")}
          <Badge variant={data.plan === "FREE" ? "neutral" : "primary"}>{t(`plans.${data.plan}`)}</Badge>
          {comp && live ? <Badge variant="outline">{t("billing.panel.comp")}</Badge> : null}
        </CardTitle>
      </CardHeader>
      <CardContent>
        {!sub ? (
          <p className="text-sm text-muted-foreground">{t("billing.panel.free")}</p>
        ) : (
          <DetailList
            className="sm:grid-cols-[8rem_1fr]"
            items={[
              { key: "plan", label: t("billing.panel.plan"), value: t(`plans.${sub.plan}`) },
              {
                key: "status",
                label: t("billing.panel.status"),
                value: (
                  <span className="flex flex-wrap items-center gap-1.5">
                    <Badge variant={STATUS_VARIANT[sub.status]}>
                      {t(`billing.panel.statuses.${sub.status}`)}
                    </Badge>
                    {sub.cancelAtPeriodEnd ? (
                      <span className="text-xs text-muted-foreground">
                        {t("billing.panel.cancelsAtPeriodEnd")}
                      </span>
                    ) : null}
                  </span>
                ),
              },
              {
                key: "provider",
                label: t("billing.panel.provider"),
                value: t(`billing.panel.providers.${sub.provider}`),
              },
              ...(comp
                ? []
                : [
                    {
                      key: "price",
                      label: t("billing.panel.price"),
                      value: t(
                        sub.interval === "YEARLY" ? "billing.panel.perYear" : "billing.panel.perMonth",
                        {
                          amount: f.money(sub.priceAmount),
                        },
                      ),
                    },
                  ]),
              {
                key: "period",
                label: t("billing.panel.period"),
                value: sub.isLifetime
                  ? t("billing.panel.lifetime")
                  : sub.currentPeriodEnd
                    ? t("billing.panel.periodRange", {
                        from: day(sub.currentPeriodStart),
                        to: day(sub.currentPeriodEnd),
                      })
                    : `${day(sub.currentPeriodStart)} – ${t("billing.panel.openEnded")}`,
              },
              ...(sub.trialEndsAt && sub.status === "TRIALING"
                ? [
                    {
                      key: "trial",
                      label: t("billing.panel.trialEnds"),
                      value: <RelativeTime date={sub.trialEndsAt} />,
                    },
                  ]
                : []),
              ...(sub.graceEndsAt && sub.status === "PAST_DUE"
                ? [
                    {
                      key: "grace",
                      label: t("billing.panel.graceEnds"),
                      value: <RelativeTime date={sub.graceEndsAt} />,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </CardContent>
    </Card>
  );
}

function UsageCard({ data }: { data: OrgBilling }) {
  const { t } = useTranslation("admin");
  const f = useBillingFormat();
  const byKey = new Map(data.usage.map((l) => [l.key as string, l]));
  const lines = METERED.flatMap((key) => {
    const line = byKey.get(key);
    return line && typeof line.limit !== "boolean" && line.current !== null
      ? [{ key, limit: line.limit, current: line.current, overLimit: line.overLimit }]
      : [];
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("billing.panel.usage")}</CardTitle>
      </CardHeader>
      <CardContent>
        {lines.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("billing.panel.usageNone")}</p>
        ) : (
          <ul className="grid gap-3">
            {lines.map((line) => {
              const label = t(`billing.panel.limits.${line.key}`);
              const { limit, current } = line;
              return (
                <li key={line.key} className="grid gap-1.5" data-testid={`usage-${line.key}`}>
                  <div className="flex items-center justify-between gap-3 text-sm">
                    <span className={cn(line.overLimit && "font-medium text-destructive-soft-foreground")}>
                      {label}
                      {line.overLimit ? (
                        <span className="sr-only"> ({t("billing.panel.overLimit")})</span>
                      ) : null}
                    </span>
                    <span className="tabular-nums text-muted-foreground">
                      {limit === null
                        ? t("billing.panel.usageNoLimit", { current: f.number(current) })
                        : t("billing.panel.usageOf", { current: f.number(current), limit: f.number(limit) })}
                    </span>
                  </div>
                  <UsageMeter current={current} limit={limit} label={label} />
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function PaymentsCard({ data }: { data: OrgBilling }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const f = useBillingFormat();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("billing.panel.payments")}</CardTitle>
      </CardHeader>
      <CardContent>
        {data.payments.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("billing.panel.noPayments")}</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("billing.panel.colDate")}</TableHead>
                <TableHead>{t("billing.panel.colWhat")}</TableHead>
                <TableHead className="text-end">{t("billing.panel.colAmount")}</TableHead>
                <TableHead>{t("billing.panel.colStatus")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("billing.panel.colReceipt")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.payments.map((p) => (
                <TableRow key={p.id}>
                  <TableCell className="whitespace-nowrap">
                    {viewer.dateTime(p.paidAt ?? p.createdAt, { dateStyle: "medium", timeStyle: null })}
                  </TableCell>
                  <TableCell>
                    {t(`billing.panel.paymentTypes.${p.type}`)}
                    {p.plan ? <span className="text-muted-foreground"> · {t(`plans.${p.plan}`)}</span> : null}
                  </TableCell>
                  <TableCell className="text-end tabular-nums">
                    {f.money(p.amount)}
                    {p.refundedAmount > 0 ? (
                      <span className="block text-xs text-muted-foreground">
                        {t("billing.panel.refunded", { amount: f.money(p.refundedAmount) })}
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <Badge variant={PAYMENT_VARIANT[p.status]}>
                      {t(`billing.panel.paymentStatuses.${p.status}`)}
                    </Badge>
                  </TableCell>
                  <TableCell className="hidden font-mono text-xs text-muted-foreground md:table-cell">
                    {p.receiptNumber ?? "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function MembersCard({ data }: { data: OrgBilling }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("billing.panel.members")}</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2 text-sm" data-testid="billing-members">
          {data.members.map((m) => (
            <li key={m.userId} className="flex flex-wrap items-baseline justify-between gap-x-3">
              <Link to={`/users/${m.userId}`} dir="auto" className="min-w-0 truncate hover:underline">
                {m.name || m.email}
              </Link>
              {m.dayPassExpiresAt ? (
                <Badge variant="success">
                  {t("billing.panel.dayPassUntil", { date: viewer.dateTime(m.dayPassExpiresAt) })}
                </Badge>
              ) : (
                <span className="text-muted-foreground">{t("billing.panel.noDayPass")}</span>
              )}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

function GrantsCard({ data }: { data: OrgBilling }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const who = new Map(data.members.map((m) => [m.userId, m.name || m.email]));
  const items = [
    ...data.compGrants.map((g) => ({
      id: g.id,
      at: g.createdAt,
      title: g.ended
        ? t("billing.panel.grantCompEnded")
        : t("billing.panel.grantComp", { plan: t(`plans.${g.plan}`) }),
      until: g.ended ? null : g.until,
      reason: g.reason,
      by: g.adminEmail,
      revoked: false,
    })),
    ...data.dayPassGrants.map((g) => ({
      id: g.id,
      at: g.createdAt,
      title: t("billing.panel.grantDayPass", { who: who.get(g.userId) ?? g.userId }),
      until: g.endsAt,
      reason: g.reason ?? "",
      by: g.grantedByEmail,
      revoked: !!g.revokedAt,
    })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{t("billing.panel.grants")}</CardTitle>
        <CardDescription className="sr-only">{t("billing.panel.description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {items.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("billing.panel.noGrants")}</p>
        ) : (
          <ul className="grid gap-3 text-sm" data-testid="billing-grants">
            {items.map((g) => (
              <li key={g.id} className="grid gap-0.5 border-b pb-2 last:border-0 last:pb-0">
                <div className="flex flex-wrap items-baseline gap-x-1.5">
                  <span className="font-medium">{g.title}</span>
                  {g.until ? (
                    <span className="text-muted-foreground">
                      {t("billing.panel.grantUntil", {
                        date: viewer.dateTime(g.until, { dateStyle: "medium", timeStyle: null }),
                      })}
                    </span>
                  ) : null}
                  {g.revoked ? <Badge variant="outline">{t("billing.panel.revoked")}</Badge> : null}
                </div>
                {g.reason ? (
                  <q className="italic">
                    <bdi>{g.reason}</bdi>
                  </q>
                ) : null}
                <div className="text-xs text-muted-foreground">
                  {g.by ? `${t("billing.panel.grantBy", { who: g.by })} · ` : null}
                  <RelativeTime date={g.at} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
