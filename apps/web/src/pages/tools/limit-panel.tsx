import { Button } from "@quartet/ui/button";
import { Gauge } from "@quartet/ui/icons";
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
