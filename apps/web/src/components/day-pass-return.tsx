import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useEffect } from "react";
import { useLocation, useSearchParams } from "react-router";
import { loadAreas } from "../i18n/index.ts";
import { trpc } from "../lib/trpc.ts";

/**
 * `?dayPass=success|canceled`, where the Day Pass checkout sends the person back: a toast (its
 * strings load with the billing area), the tier read again, and the parameter taken out of the
 * address (on "/" the redirect to a workspace drops it).
 */
export function DayPassReturn() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [params, setParams] = useSearchParams();
  const outcome = params.get("dayPass");
  const utils = trpc.useUtils();

  useEffect(() => {
    if (outcome === null) return;
    if (pathname !== "/") {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete("dayPass");
          return next;
        },
        { replace: true },
      );
    }
    if (outcome !== "success" && outcome !== "canceled") return;
    void loadAreas(["billing"]).then(() => {
      if (outcome === "success") {
        void utils.billingOverview.me.invalidate();
        toast.success(t("billing.dayPassReturn.success"), { id: "day-pass-return" });
      } else {
        toast.info(t("billing.dayPassReturn.canceled"), { id: "day-pass-return" });
      }
    });
  }, [outcome, pathname, setParams, t, utils]);

  return null;
}
