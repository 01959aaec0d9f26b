import { lazy, Suspense } from "react";
import { loadAreas } from "../i18n/index.ts";
import { dismissPlanLimit, usePlanLimit } from "../lib/plan-limit.ts";
import type { OrgSummary } from "../lib/workspace.ts";

// The upgrade dialog and its strings download the first time a plan limit is hit.
const UpgradeDialog = lazy(() =>
  Promise.all([import("../pages/billing/upgrade-dialog.tsx"), loadAreas(["billing"])]).then(([m]) => ({
    default: m.UpgradeDialog,
  })),
);

/** Shows the upgrade dialog for the last PLAN_LIMIT refusal of any mutation. */
export function PlanLimitHost({
  orgs,
  current,
}: {
  orgs: OrgSummary[] | undefined;
  current: OrgSummary | undefined;
}) {
  const facts = usePlanLimit();
  if (!facts) return null;
  const workspace = orgs?.find((o) => o.id === facts.orgId) ?? current ?? null;
  return (
    <Suspense fallback={null}>
      <UpgradeDialog key={facts.seq} facts={facts} workspace={workspace} onClose={dismissPlanLimit} />
    </Suspense>
  );
}
