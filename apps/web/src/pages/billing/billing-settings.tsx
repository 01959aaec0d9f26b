import { Alert } from "@quartet/ui/alert";
import { Page, PageHeader, Section } from "@quartet/ui/app-shell";
import { Badge, type BadgeVariant } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { ErrorState } from "@quartet/ui/error-state";
import { FormField } from "@quartet/ui/form-field";
import { Download } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorCode, errorMessage, errorReason, translatedReason } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { QueryStates } from "@quartet/ui/query-states";
import { SkeletonLines } from "@quartet/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableSkeleton,
} from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { UsageMeter } from "@quartet/ui/usage-meter";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { WorkspaceSettingsTabs } from "../workspace/settings-tabs.tsx";
import { type Interval, openProviderPage, type PaidPlan, type SubscriptionView } from "./billing-api.ts";
import {
  LIMIT_GROUPS,
  limitLabelKey,
  PLAN_RANK,
  useDate,
  useLimitValue,
  useMoney,
  useNumber,
} from "./billing-shared.tsx";

type Overview = RouterOutputs["billingOverview"]["overview"];

/** /w/:slug/settings/billing — plan, usage against every limit, plan changes and payments. */
export function BillingSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("billing.title"));
  const returned = useCheckoutReturn();
  const overview = trpc.billingOverview.overview.useQuery(
    { orgId: org.id },
    {
      refetchOnWindowFocus: "always",
      // Back from a paid checkout: the provider's confirmation may trail the redirect by a moment.
      refetchInterval: (query) =>
        returned?.outcome === "success" &&
        query.state.data?.plan === "FREE" &&
        Date.now() - returned.at < 60_000
          ? 2000
          : false,
    },
  );

  return (
    <Page>
      <PageHeader
        title={t("settings.title")}
        description={t("billing.settings.description", { org: org.name })}
      />
      <WorkspaceSettingsTabs />
      {returned ? (
        <Alert
          variant={returned.outcome === "success" ? "success" : "info"}
          role="status"
          className="mt-4 mb-4"
          title={t(`billing.settings.checkoutReturn.${returned.outcome}Title`)}
        >
          <span data-testid="checkout-return">
            {returned.outcome === "success" && overview.data && overview.data.plan !== "FREE"
              ? t("billing.settings.checkoutReturn.successActiveBody", {
                  org: org.name,
                  plan: t(`billing.plans.${overview.data.plan}`),
                })
              : t(`billing.settings.checkoutReturn.${returned.outcome}Body`)}
          </span>
        </Alert>
      ) : null}
      <QueryStates
        query={overview}
        loading={
          <Card className="p-5">
            <SkeletonLines lines={6} />
          </Card>
        }
      >
        {(data) => <BillingBody data={data} />}
      </QueryStates>
    </Page>
  );
}

/**
 * `?checkout=success|canceled`, where the provider sends the person back: read once, then taken
 * out of the address so a reload or a shared link doesn't show it again.
 */
function useCheckoutReturn() {
  const [params, setParams] = useSearchParams();
  const value = params.get("checkout");
  const [returned, setReturned] = useState<{ outcome: "success" | "canceled"; at: number } | null>(
    value === "success" || value === "canceled" ? { outcome: value, at: Date.now() } : null,
  );
  useEffect(() => {
    if (value === null) return;
    if (value === "success" || value === "canceled") setReturned({ outcome: value, at: Date.now() });
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete("checkout");
        return next;
      },
      { replace: true },
    );
  }, [value, setParams]);
  return returned;
}

/** Every read the billing page shows, refreshed after a change. */
function useRefreshBilling() {
  const utils = trpc.useUtils();
  const org = useWorkspace();
  return () =>
    Promise.all([
      utils.billingOverview.overview.invalidate({ orgId: org.id }),
      utils.billing.subscription.invalidate({ orgId: org.id }),
      utils.billing.payments.invalidate(),
    ]);
}

function BillingBody({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const overLimit = data.overLimit.map((key) => t(limitLabelKey(key))).join(", ");
  return (
    <div className="grid gap-2">
      {data.overLimit.length > 0 ? (
        <Alert
          variant="warning"
          role="status"
          title={t("billing.settings.overLimitTitle", { plan: t(`billing.plans.${data.plan}`) })}
        >
          <span data-testid="over-limit-banner">
            {t("billing.settings.overLimitBody", { items: overLimit })}
          </span>
        </Alert>
      ) : null}
      {!data.canManage ? <Alert variant="info">{t("billing.settings.readOnly")}</Alert> : null}
      <div className="divide-y">
        <Section title={t("billing.settings.plan")} description={t("billing.settings.planBody")}>
          <PlanCard data={data} />
        </Section>
        {data.canManage && !data.subscription?.comp ? (
          <Section
            title={t("billing.settings.changePlan")}
            description={t("billing.settings.changePlanBody")}
          >
            <ChangePlan data={data} />
          </Section>
        ) : null}
        <Section title={t("billing.settings.usage")} description={t("billing.settings.usageBody")}>
          <Usage data={data} />
        </Section>
        {data.canManage ? (
          <Section title={t("billing.settings.history")} description={t("billing.settings.historyBody")}>
            <PaymentHistory />
          </Section>
        ) : null}
      </div>
    </div>
  );
}

const STATUS_VARIANT: Record<string, BadgeVariant> = {
  TRIALING: "primary",
  ACTIVE: "success",
  PAST_DUE: "destructive",
  CANCELED: "neutral",
  EXPIRED: "neutral",
  INCOMPLETE: "warning",
};

/** Payment-layer errors read in the person's language; a missing `billing` router as "not available yet". */
function useActionError() {
  const { t } = useTranslation();
  return (error: unknown) =>
    toast.error(
      errorCode(error) === "NOT_FOUND" && !translatedReason(error)
        ? t("billing.settings.unavailable")
        : errorMessage(error, t("errors.generic")),
    );
}

function PlanCard({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const money = useMoney();
  const date = useDate();
  const onError = useActionError();
  const portal = trpc.billing.openPortal.useMutation();
  const cancel = trpc.billing.cancel.useMutation();
  const resume = trpc.billing.resume.useMutation();
  const keep = trpc.billing.changePlan.useMutation();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const sub = data.subscription;
  // The provider's side of it: a downgrade waiting for the renewal, the end of a grace period.
  const details = trpc.billing.subscription.useQuery(
    { orgId: org.id },
    { enabled: Boolean(sub && !sub.comp) },
  );
  const scheduled = sub && !sub.comp ? scheduledChange(details.data) : null;
  const graceEndsAt = details.data?.graceEndsAt ?? sub?.graceEndsAt ?? null;
  const planName = t(`billing.plans.${data.plan}`);
  const refresh = useRefreshBilling();

  const status = sub
    ? sub.comp
      ? t("billing.settings.comp")
      : sub.status === "TRIALING" && sub.trialEndsAt
        ? t("billing.settings.trialEnds", { date: date(sub.trialEndsAt), plan: planName })
        : sub.status === "PAST_DUE"
          ? t("billing.settings.pastDue", { plan: planName, date: date(graceEndsAt) })
          : sub.cancelAtPeriodEnd
            ? t("billing.settings.canceling", { date: date(sub.cancelAt ?? sub.currentPeriodEnd) })
            : sub.isLifetime
              ? t("billing.settings.lifetime")
              : sub.currentPeriodEnd
                ? t("billing.settings.renews", { date: date(sub.currentPeriodEnd) })
                : ""
    : data.endedAt
      ? `${t("billing.settings.freeBody")} ${t("billing.settings.endedOn", { date: date(data.endedAt) })}`
      : t("billing.settings.freeBody");

  return (
    <Card>
      <CardContent className="grid gap-4 pt-5">
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-xl font-semibold" data-testid="current-plan">
            {planName}
          </p>
          {sub ? (
            <Badge variant={STATUS_VARIANT[sub.status] ?? "neutral"}>
              {t(`billing.status.${sub.status}`)}
            </Badge>
          ) : null}
          {sub && !sub.comp && sub.priceAmount > 0 ? (
            <span className="ms-auto text-sm text-muted-foreground tabular-nums">
              {t("billing.settings.price", {
                price: money(sub.priceAmount, sub.currency),
                per: sub.interval === "YEARLY" ? t("billing.perYear") : t("billing.perMonth"),
              })}
            </span>
          ) : null}
        </div>
        {status ? (
          <p
            className={cn(
              "text-sm",
              sub?.status === "PAST_DUE" ? "text-destructive-soft-foreground" : "text-muted-foreground",
            )}
          >
            {status}
          </p>
        ) : null}
        {scheduled && sub ? (
          <Alert
            variant="info"
            title={t("billing.settings.scheduledTitle", { plan: t(`billing.plans.${scheduled.plan}`) })}
            action={
              data.canManage ? (
                <Button
                  variant="outline"
                  size="sm"
                  loading={keep.isPending}
                  onClick={async () => {
                    if (sub.plan === "FREE") return;
                    try {
                      // Asking for the plan in force again cancels the scheduled change.
                      await keep.mutateAsync({ orgId: org.id, plan: sub.plan, interval: sub.interval });
                      await refresh();
                      toast.success(t("billing.settings.scheduledKept", { plan: planName }));
                    } catch (error) {
                      onError(error);
                    }
                  }}
                >
                  {t("billing.settings.keepPlan", { plan: planName })}
                </Button>
              ) : undefined
            }
          >
            <span data-testid="scheduled-change">
              {t("billing.settings.scheduledBody", {
                plan: t(`billing.plans.${scheduled.plan}`),
                interval: t(`billing.interval.${scheduled.interval}`),
                date: date(sub.currentPeriodEnd),
                current: planName,
              })}
            </span>
          </Alert>
        ) : null}
        {data.canManage && sub && !sub.comp ? (
          <div className="flex flex-wrap gap-2">
            <Button
              variant="outline"
              loading={portal.isPending}
              onClick={async () => {
                try {
                  const { url } = await portal.mutateAsync({ orgId: org.id });
                  if (!openProviderPage(url)) window.location.assign(url);
                } catch (error) {
                  onError(error);
                }
              }}
            >
              {t("billing.settings.manage")}
            </Button>
            {sub.cancelAtPeriodEnd ? (
              <Button
                loading={resume.isPending}
                onClick={async () => {
                  try {
                    await resume.mutateAsync({ orgId: org.id });
                    await refresh();
                    toast.success(t("billing.settings.resumed"));
                  } catch (error) {
                    onError(error);
                  }
                }}
              >
                {t("billing.settings.resume")}
              </Button>
            ) : (
              <Button
                variant="ghost"
                className="text-destructive-soft-foreground"
                onClick={() => setConfirmCancel(true)}
              >
                {t("billing.settings.cancel")}
              </Button>
            )}
          </div>
        ) : null}
      </CardContent>
      {sub ? (
        <ConfirmDialog
          open={confirmCancel}
          onOpenChange={setConfirmCancel}
          destructive
          title={t("billing.settings.cancelTitle", { plan: planName })}
          description={t("billing.settings.cancelBody", {
            plan: planName,
            org: org.name,
            date: date(sub.trialEndsAt && sub.status === "TRIALING" ? sub.trialEndsAt : sub.currentPeriodEnd),
          })}
          confirmLabel={t("billing.settings.cancelConfirm")}
          onConfirm={async () => {
            await cancel.mutateAsync({ orgId: org.id });
            await refresh();
            toast.success(t("billing.settings.canceled", { date: date(sub.currentPeriodEnd) }));
          }}
        />
      ) : null}
    </Card>
  );
}

/** The downgrade (or interval change) waiting for the renewal, if any. */
function scheduledChange(sub: SubscriptionView | null | undefined) {
  if (!sub?.scheduledPlan || sub.scheduledPlan === "FREE") return null;
  return { plan: sub.scheduledPlan, interval: sub.scheduledInterval ?? sub.interval };
}

/** Plans and intervals in order: a higher plan, or the same plan yearly, is an upgrade. */
const rankOf = (plan: keyof typeof PLAN_RANK, interval: Interval) =>
  PLAN_RANK[plan] * 2 + (interval === "YEARLY" ? 1 : 0);

function ChangePlan({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const money = useMoney();
  const [params] = useSearchParams();
  const wanted = params.get("plan");
  const [interval, setInterval] = useState<Interval>(
    params.get("interval") === "MONTHLY" ? "MONTHLY" : (data.subscription?.interval ?? "YEARLY"),
  );
  const [coupon, setCoupon] = useState("");
  const [couponState, setCouponState] = useState<{ ok: boolean; message: string } | null>(null);
  const [downgrade, setDowngrade] = useState<PaidPlan | null>(null);
  const catalogue = trpc.billingOverview.plans.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const checkCoupon = trpc.billingOverview.checkCoupon.useMutation();
  const checkout = trpc.billing.startCheckout.useMutation();
  const change = trpc.billing.changePlan.useMutation();
  const subscription = trpc.billing.subscription.useQuery({ orgId: org.id });
  const scheduled = scheduledChange(subscription.data);
  const refresh = useRefreshBilling();
  const date = useDate();
  const onError = useActionError();
  const paying = Boolean(data.subscription && !data.subscription.comp);
  const current = data.subscription;

  useEffect(() => {
    if (wanted) document.getElementById(`change-${wanted}`)?.scrollIntoView({ block: "center" });
  }, [wanted]);

  const applyCoupon = async (plan: PaidPlan) => {
    if (!coupon.trim()) return;
    try {
      const quote = await checkCoupon.mutateAsync({ target: plan, orgId: org.id, interval, code: coupon });
      setCouponState({
        ok: true,
        message: t("billing.settings.couponValid", {
          code: quote.code,
          discount: money(quote.discountAmount),
          price: money(quote.amount),
        }),
      });
    } catch (error) {
      setCouponState({ ok: false, message: errorMessage(error, t("errors.generic")) });
    }
  };

  const [pendingPlan, setPendingPlan] = useState<PaidPlan | null>(null);
  // A paid plan changes in place (prorated now); only a workspace without one goes to checkout.
  const upgradeNow = async (plan: PaidPlan) => {
    await change.mutateAsync({ orgId: org.id, plan, interval });
    await refresh();
    toast.success(t("billing.settings.upgraded", { plan: t(`billing.plans.${plan}`) }));
  };
  const upgrade = async (plan: PaidPlan) => {
    setPendingPlan(plan);
    try {
      if (paying) return await upgradeNow(plan);
      try {
        const { url } = await checkout.mutateAsync({
          orgId: org.id,
          plan,
          interval,
          ...(coupon.trim() && couponState?.ok ? { coupon: coupon.trim() } : {}),
        });
        if (!openProviderPage(url)) window.location.assign(url);
      } catch (error) {
        // This page was older than the subscription (paid in another tab): change it instead.
        if (errorReason(error) !== "ALREADY_SUBSCRIBED") throw error;
        await upgradeNow(plan);
      }
    } catch (error) {
      onError(error);
    } finally {
      setPendingPlan(null);
    }
  };

  const plans = catalogue.data?.plans.filter((p) => p.plan !== "FREE") ?? [];
  return (
    <Card>
      <CardContent className="grid gap-5 pt-5">
        <fieldset
          aria-label={t("billing.pricing.billing")}
          className="inline-flex w-fit rounded-lg border p-1"
        >
          {(["MONTHLY", "YEARLY"] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={interval === option}
              onClick={() => setInterval(option)}
              className={cn(
                "h-8 rounded-md px-3 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring",
                interval === option
                  ? "bg-primary text-primary-foreground"
                  : "text-muted-foreground hover:text-foreground",
              )}
            >
              {t(`billing.interval.${option}`)}
            </button>
          ))}
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          {plans.map((p) => {
            const plan = p.plan as PaidPlan;
            const price = p.prices?.[interval];
            const isCurrent = data.plan === plan && (!paying || current?.interval === interval);
            const isScheduled = scheduled?.plan === plan && scheduled.interval === interval;
            const lower =
              paying && current
                ? rankOf(plan, interval) < rankOf(current.plan, current.interval)
                : PLAN_RANK[plan] < PLAN_RANK[data.plan];
            const samePlan = paying && current?.plan === plan;
            return (
              <div
                key={plan}
                id={`change-${plan}`}
                className={cn(
                  "grid gap-3 rounded-lg border p-4",
                  wanted === plan && "border-primary ring-1 ring-primary",
                )}
              >
                <div className="flex items-baseline justify-between gap-2">
                  <p className="font-semibold">{t(`billing.plans.${plan}`)}</p>
                  <p className="tabular-nums">
                    {price ? money(price.amount, price.currency) : ""}
                    <span className="ms-1 text-sm text-muted-foreground">
                      {interval === "YEARLY" ? t("billing.perYear") : t("billing.perMonth")}
                    </span>
                  </p>
                </div>
                {interval === "YEARLY" && p.yearlySavingPercent > 0 ? (
                  <Badge variant="success" className="w-fit">
                    {t("billing.saveYearly", { percent: p.yearlySavingPercent })}
                  </Badge>
                ) : null}
                {isCurrent ? (
                  <Badge variant="primary" className="w-fit">
                    {t("billing.pricing.current")}
                  </Badge>
                ) : isScheduled ? (
                  <Badge variant="neutral" className="w-fit">
                    {t("billing.settings.scheduledOn", { date: date(current?.currentPeriodEnd) })}
                  </Badge>
                ) : (
                  <Button
                    variant={lower ? "outline" : "primary"}
                    loading={pendingPlan === plan}
                    disabled={checkout.isPending || change.isPending}
                    onClick={() => (lower ? setDowngrade(plan) : upgrade(plan))}
                    data-testid={`choose-${plan}`}
                  >
                    {samePlan
                      ? t(`billing.settings.intervalSwitch.${interval}`)
                      : lower
                        ? t("billing.settings.switchTo", { plan: t(`billing.plans.${plan}`) })
                        : t("billing.settings.upgradeTo", { plan: t(`billing.plans.${plan}`) })}
                  </Button>
                )}
              </div>
            );
          })}
        </div>
        {!paying ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void applyCoupon((wanted === "BUSINESS" ? "BUSINESS" : "PRO") as PaidPlan);
            }}
          >
            <FormField
              label={t("billing.settings.coupon")}
              hint={couponState?.ok ? undefined : t("billing.settings.couponHint")}
              error={couponState && !couponState.ok ? couponState.message : undefined}
              className="min-w-48 flex-1"
            >
              <Input
                value={coupon}
                autoComplete="off"
                spellCheck={false}
                dir="ltr"
                onChange={(e) => {
                  setCoupon(e.target.value);
                  setCouponState(null);
                }}
              />
            </FormField>
            <Button type="submit" variant="outline" loading={checkCoupon.isPending} disabled={!coupon.trim()}>
              {t("billing.settings.couponApply")}
            </Button>
            {couponState?.ok ? (
              <p role="status" className="basis-full text-sm text-success-soft-foreground">
                {couponState.message}
              </p>
            ) : null}
          </form>
        ) : null}
      </CardContent>
      {downgrade ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setDowngrade(null)}
          title={t("billing.settings.downgradeTitle", { plan: t(`billing.plans.${downgrade}`) })}
          description={t("billing.settings.downgradeBody", {
            plan: t(`billing.plans.${downgrade}`),
            org: org.name,
          })}
          confirmLabel={t("billing.settings.downgradeConfirm", { plan: t(`billing.plans.${downgrade}`) })}
          onConfirm={async () => {
            await change.mutateAsync({ orgId: org.id, plan: downgrade, interval });
            await refresh();
            toast.success(
              t("billing.settings.downgradeScheduled", {
                plan: t(`billing.plans.${downgrade}`),
                date: date(current?.currentPeriodEnd),
              }),
            );
          }}
        />
      ) : null}
    </Card>
  );
}

function Usage({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const number = useNumber();
  const limitValue = useLimitValue();
  const lines = new Map(data.usage.map((l) => [l.key as string, l]));
  return (
    <Card>
      <CardContent className="grid gap-6 pt-5">
        {LIMIT_GROUPS.map((group) => (
          <div key={group.module} className="grid gap-3">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">
              {t(`billing.modules.${group.module}`)}
            </h3>
            <ul className="grid gap-3">
              {group.keys.map((key) => {
                const line = lines.get(key);
                if (!line) return null;
                const label = t(limitLabelKey(key));
                const limit = line.limit;
                if (typeof limit === "boolean" || line.current === null) {
                  return (
                    <li key={key} className="flex items-center justify-between gap-3 text-sm">
                      <span>{label}</span>
                      <span className="font-medium tabular-nums">{limitValue(limit)}</span>
                    </li>
                  );
                }
                return (
                  <li key={key} className="grid gap-1.5" data-testid={`usage-${key}`}>
                    <div className="flex items-center justify-between gap-3 text-sm">
                      <span className={cn(line.overLimit && "font-medium text-destructive-soft-foreground")}>
                        {label}
                      </span>
                      <span className="tabular-nums text-muted-foreground">
                        {limit === null
                          ? t("billing.settings.ofUnlimited", { current: number(line.current) })
                          : t("billing.settings.of", { current: number(line.current), limit: number(limit) })}
                      </span>
                    </div>
                    <UsageMeter current={line.current} limit={limit} label={label} />
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </CardContent>
    </Card>
  );
}

function PaymentHistory() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const money = useMoney();
  const date = useDate();
  const payments = trpc.billing.payments.useInfiniteQuery(
    { orgId: org.id, limit: 20 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  if (payments.isPending) return <TableSkeleton columns={5} rows={3} />;
  if (payments.isError) {
    return errorCode(payments.error) === "NOT_FOUND" ? (
      <Alert variant="info">{t("billing.settings.unavailable")}</Alert>
    ) : (
      <ErrorState compact error={payments.error} onRetry={() => payments.refetch()} />
    );
  }
  const rows = payments.data?.pages.flatMap((p) => p.items) ?? [];
  if (rows.length === 0) {
    return (
      <Card>
        <CardContent className="pt-5 text-sm text-muted-foreground">
          {t("billing.settings.historyEmpty")}
        </CardContent>
      </Card>
    );
  }
  return (
    <div className="grid gap-3">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("billing.settings.date")}</TableHead>
            <TableHead>{t("billing.settings.descriptionColumn")}</TableHead>
            <TableHead className="text-end">{t("billing.settings.amount")}</TableHead>
            <TableHead>{t("billing.settings.paymentStatus")}</TableHead>
            <TableHead>
              <span className="sr-only">{t("billing.settings.receipt")}</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((p) => (
            <TableRow key={p.id}>
              <TableCell className="whitespace-nowrap">{date(p.paidAt ?? p.createdAt)}</TableCell>
              <TableCell>
                {t(`billing.settings.paymentTypes.${p.type}`, {
                  plan: p.plan ? t(`billing.plans.${p.plan}`) : "",
                })}
              </TableCell>
              <TableCell className="text-end tabular-nums">{money(p.amount, p.currency)}</TableCell>
              <TableCell>
                <Badge
                  variant={
                    p.status === "COMPLETED" ? "success" : p.status === "FAILED" ? "destructive" : "neutral"
                  }
                >
                  {t(`billing.settings.paymentStatuses.${p.status}`)}
                </Badge>
              </TableCell>
              <TableCell className="text-end">
                {p.receiptUrl && p.status !== "PENDING" && p.status !== "FAILED" ? (
                  <Button asChild variant="ghost" size="sm">
                    <a
                      href={p.receiptUrl}
                      target="_blank"
                      rel="noreferrer"
                      aria-label={t("billing.settings.download")}
                    >
                      <Download aria-hidden />
                      {p.receiptNumber ?? t("billing.settings.receipt")}
                    </a>
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {payments.hasNextPage ? (
        <Button
          variant="outline"
          className="w-fit"
          loading={payments.isFetchingNextPage}
          onClick={() => payments.fetchNextPage()}
        >
          {t("billing.settings.loadMore")}
        </Button>
      ) : null}
    </div>
  );
}
