import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import { errorCode, errorMessage, errorReason } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import type { PlanLimitFacts } from "../../lib/plan-limit.ts";
import { trpc } from "../../lib/trpc.ts";
import { openProviderPage, type PaidPlan } from "./billing-api.ts";
import { limitLabelKey, PLAN_RANK, useLimitValue, useMoney, useNumber } from "./billing-shared.tsx";

/**
 * Shown whenever a mutation is refused with PLAN_LIMIT: which limit, how much is used, the plan that
 * lifts it and a button to upgrade. A workspace without a paid plan goes to checkout in a new tab;
 * when its plan has changed (checked on focus and every few seconds meanwhile) every query is
 * refreshed, so the limit is lifted without reloading this page. A paid plan is changed in place
 * (prorated now); a plan Quartet granted can't be changed here.
 */
export function UpgradeDialog({
  facts,
  workspace,
  onClose,
}: {
  facts: PlanLimitFacts;
  workspace: { id: string; slug: string; role: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const number = useNumber();
  const limitValue = useLimitValue();
  const queryClient = useQueryClient();
  const catalogue = trpc.billingOverview.plans.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
  const checkout = trpc.billing.startCheckout.useMutation();
  const change = trpc.billing.changePlan.useMutation();
  const [phase, setPhase] = useState<"ask" | "waiting" | "done">("ask");
  const [blockedUrl, setBlockedUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const orgId = facts.orgId ?? workspace?.id ?? null;
  const canUpgrade = workspace ? workspace.role === "OWNER" || workspace.role === "ADMIN" : false;
  const target = facts.upgradeTo;
  const planName = t(`billing.plans.${facts.plan}`);
  const targetName = target ? t(`billing.plans.${target}`) : "";
  const label = t(limitLabelKey(facts.key));
  const targetPlan = catalogue.data?.plans.find((p) => p.plan === target);
  const targetValue = targetPlan?.entitlements[facts.key as keyof typeof targetPlan.entitlements];
  const monthly = targetPlan?.prices?.MONTHLY;
  const isFeature = typeof targetValue === "boolean" || (facts.limit === 0 && facts.current === 0);
  const subscription = trpc.billing.subscription.useQuery(
    { orgId: orgId ?? "" },
    { enabled: Boolean(orgId && canUpgrade && target && facts.plan !== "FREE") },
  );
  const paid = facts.plan !== "FREE" ? subscription.data : null;
  const comp = paid?.provider === "MANUAL";

  const overview = trpc.billingOverview.overview.useQuery(
    { orgId: orgId ?? "" },
    { enabled: phase === "waiting" && Boolean(orgId), refetchInterval: 3000, refetchOnWindowFocus: "always" },
  );
  useEffect(() => {
    if (phase !== "waiting" || !target || !overview.data) return;
    if (PLAN_RANK[overview.data.plan] >= PLAN_RANK[target]) {
      setPhase("done");
      void queryClient.invalidateQueries();
    }
  }, [phase, target, overview.data, queryClient]);

  const changeNow = async (plan: PaidPlan) => {
    await change.mutateAsync({ orgId: orgId!, plan, interval: paid?.interval ?? "MONTHLY" });
    setPhase("done");
    void queryClient.invalidateQueries();
  };
  const upgrade = async () => {
    if (!orgId || !target) return;
    setError(null);
    const plan = target as PaidPlan;
    try {
      if (paid) return await changeNow(plan);
      try {
        const { url } = await checkout.mutateAsync({ orgId, plan, interval: "MONTHLY" });
        if (!openProviderPage(url)) setBlockedUrl(url);
        setPhase("waiting");
      } catch (e) {
        // Paid meanwhile (another tab): the plan changes in place instead.
        if (errorReason(e) !== "ALREADY_SUBSCRIBED") throw e;
        await changeNow(plan);
      }
    } catch (e) {
      setError(
        errorCode(e) === "NOT_FOUND"
          ? t("billing.settings.unavailable")
          : errorMessage(e, t("errors.generic")),
      );
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent data-testid="upgrade-dialog">
        <DialogHeader>
          <DialogTitle>{t("billing.upgrade.title", { plan: planName })}</DialogTitle>
          <DialogDescription>
            {isFeature
              ? t("billing.upgrade.featureBody", { limit: label, plan: planName })
              : t("billing.upgrade.countBody", {
                  limit: label,
                  plan: planName,
                  max: number(facts.limit),
                  current: number(facts.current),
                })}
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-3 text-sm">
          {target && monthly ? (
            <p>
              {typeof targetValue === "boolean"
                ? t("billing.upgrade.liftsFeature", {
                    plan: targetName,
                    price: money(monthly.amount, monthly.currency),
                  })
                : t("billing.upgrade.lifts", {
                    plan: targetName,
                    value: `${limitValue(targetValue ?? null)} ${label.toLocaleLowerCase()}`,
                    price: money(monthly.amount, monthly.currency),
                  })}
            </p>
          ) : !target ? (
            <p>{t("billing.upgrade.noHigherPlan")}</p>
          ) : null}
          {target && !canUpgrade ? <Alert variant="info">{t("billing.upgrade.askAdmin")}</Alert> : null}
          {target && canUpgrade && comp ? (
            <Alert variant="info">{t("billing.upgrade.compPlan")}</Alert>
          ) : null}
          {target && canUpgrade && paid && !comp && phase === "ask" ? (
            <p className="text-muted-foreground">{t("billing.upgrade.prorated", { plan: targetName })}</p>
          ) : null}
          {phase === "waiting" ? (
            <Alert variant="info" role="status">
              {t("billing.upgrade.waiting")}
              {blockedUrl ? (
                <>
                  {" "}
                  <a
                    className="font-medium text-primary underline"
                    href={blockedUrl}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t("billing.upgrade.openHere")}
                  </a>
                </>
              ) : null}
            </Alert>
          ) : null}
          {phase === "done" ? (
            <Alert variant="success" role="status">
              <span data-testid="upgrade-done">{t("billing.upgrade.done", { plan: targetName })}</span>
            </Alert>
          ) : null}
          {error ? <Alert variant="destructive">{error}</Alert> : null}
        </div>
        <DialogFooter>
          <Button asChild variant="ghost">
            <Link to="/pricing" onClick={onClose}>
              {t("billing.upgrade.compare")}
            </Link>
          </Button>
          {phase === "done" ? (
            <Button onClick={onClose}>{t("billing.upgrade.close")}</Button>
          ) : (
            <>
              <Button variant="outline" onClick={onClose}>
                {t("billing.upgrade.notNow")}
              </Button>
              {target && canUpgrade && !comp && phase === "ask" ? (
                <Button
                  loading={checkout.isPending || change.isPending}
                  disabled={facts.plan !== "FREE" && subscription.isPending}
                  onClick={upgrade}
                  data-testid="upgrade-button"
                >
                  {t("billing.upgrade.button", { plan: targetName })}
                </Button>
              ) : null}
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
