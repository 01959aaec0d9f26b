import { Button } from "@quartet/ui/button";
import { Gauge, Lock } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Link } from "react-router";
import { reportPlanLimit } from "../../lib/plan-limit.ts";
import { DayPassButton } from "../billing/day-pass-button.tsx";

export interface LimitHit {
  error: unknown;
  message: string;
}

/**
 * A tier's limit was hit (operations today, file size): the server's sentence and the way up —
 * an account for a guest; a Day Pass or the workspace's upgrade (the app's upgrade dialog) for
 * a free account.
 */
export function LimitPanel({ hit, signedIn }: { hit: LimitHit; signedIn: boolean }) {
  const { t } = useTranslation();
  const next = typeof window === "undefined" ? "/tools" : window.location.pathname;
  return (
    <section
      role="alert"
      aria-labelledby="tools-limit-title"
      data-testid="tools-limit"
      className="flex flex-wrap items-start gap-4 rounded-xl border border-warning/40 bg-warning-soft p-4 sm:p-5"
    >
      <Gauge className="mt-0.5 size-6 shrink-0 text-warning-soft-foreground" aria-hidden />
      <div className="grid min-w-0 flex-1 gap-3">
        <div className="grid gap-1">
          <h2 id="tools-limit-title" className="font-semibold">
            {t("tools.limit.title")}
          </h2>
          <p className="text-sm">{hit.message}</p>
          <p className="text-sm text-muted-foreground">
            {signedIn ? t("tools.limit.freeBody") : t("tools.limit.guestBody")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {signedIn ? (
            <>
              <DayPassButton />
              <Button
                variant="outline"
                onClick={() => reportPlanLimit(hit.error, {})}
                data-testid="tools-upgrade"
              >
                {t("tools.limit.upgrade")}
              </Button>
            </>
          ) : (
            <>
              <Button asChild>
                <Link to={`/sign-up?next=${encodeURIComponent(next)}`}>{t("tools.signUp")}</Link>
              </Button>
              <Button asChild variant="outline">
                <Link to={`/sign-in?next=${encodeURIComponent(next)}`}>{t("tools.signIn")}</Link>
              </Button>
            </>
          )}
          <Button asChild variant="ghost">
            <Link to="/pricing">{t("tools.limit.pricing")}</Link>
          </Button>
        </div>
      </div>
    </section>
  );
}

const RANK: Record<string, number> = { GUEST: 0, FREE: 1, PREMIUM: 2 };

/** Whether a person of `tier` may use a tool of `accessLevel` (unknown tier: not yet known, allow). */
export const tierAllows = (tier: string | undefined, accessLevel: string) =>
  tier === undefined || (RANK[tier] ?? 0) >= (RANK[accessLevel] ?? 0);

/**
 * Before any upload: the tool is above the person's tier — an account for a guest, a Day Pass or a
 * paid workspace for a free account.
 */
export function AccessGate({ accessLevel, tier }: { accessLevel: string; tier: string }) {
  const { t } = useTranslation();
  const next = typeof window === "undefined" ? "/tools" : window.location.pathname;
  const guest = tier === "GUEST";
  const premium = accessLevel === "PREMIUM";
  return (
    <section
      aria-labelledby="tools-gate-title"
      data-testid="tools-gate"
      className="flex flex-wrap items-start gap-4 rounded-xl border border-primary/30 bg-primary/5 p-4 sm:p-5"
    >
      <Lock className="mt-0.5 size-5 shrink-0 text-primary" aria-hidden />
      <div className="grid min-w-0 flex-1 gap-3">
        <div className="grid gap-1">
          <h2 id="tools-gate-title" className="font-semibold">
            {premium ? t("tools.gate.premiumTitle") : t("tools.gate.accountTitle")}
          </h2>
          <p className="text-sm text-muted-foreground">
            {guest ? t("tools.gate.accountBody") : t("tools.gate.premiumBody")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {guest ? (
            <>
              <Button asChild>
                <Link to={`/sign-up?next=${encodeURIComponent(next)}`}>{t("tools.signUp")}</Link>
              </Button>
              <Button asChild variant="outline">
                <Link to={`/sign-in?next=${encodeURIComponent(next)}`}>{t("tools.signIn")}</Link>
              </Button>
            </>
          ) : (
            <DayPassButton />
          )}
          <Button asChild variant="ghost">
            <Link to="/pricing">{t("tools.limit.pricing")}</Link>
          </Button>
        </div>
      </div>
    </section>
  );
}
