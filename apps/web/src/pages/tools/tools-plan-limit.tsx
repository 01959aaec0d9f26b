import { lazy, Suspense } from "react";
import { dismissPlanLimit, usePlanLimit } from "../../lib/plan-limit.ts";
import type { OrgSummary } from "../../lib/workspace.ts";

// The app's upgrade dialog for a signed-in person's refusals on the public tools pages (the same
// dialog PlanLimitHost shows in the signed-in shell; a copy here keeps that host inside the shell's
// chunk, out of the ticket list's budget). The dialog and its billing strings are already loaded
// with the tool page.
const UpgradeDialog = lazy(() =>
  import("../billing/upgrade-dialog.tsx").then((m) => ({ default: m.UpgradeDialog })),
);

export function ToolsPlanLimitHost({
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
