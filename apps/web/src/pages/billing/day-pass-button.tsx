import { Button, type ButtonVariant } from "@quartet/ui/button";
import { errorCode, errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { trpc } from "../../lib/trpc.ts";
import { openProviderPage } from "./billing-api.ts";

/** Starts a Day Pass checkout in a new tab; the tier refreshes when the person comes back. */
export function useDayPassCheckout() {
  const { t } = useTranslation();
  const start = trpc.billing.startDayPassCheckout.useMutation();
  const utils = trpc.useUtils();
  const buy = async () => {
    try {
      const { url } = await start.mutateAsync({});
      if (!openProviderPage(url)) window.location.assign(url);
      // Back on this tab (focus): the tier and expiry are read again.
      const refresh = () => void utils.billingOverview.me.invalidate();
      window.addEventListener("focus", refresh, { once: true });
    } catch (error) {
      toast.error(
        errorCode(error) === "NOT_FOUND"
          ? t("billing.settings.unavailable")
          : errorMessage(error, t("errors.generic")),
      );
    }
  };
  return { buy, pending: start.isPending };
}

export function DayPassButton({ variant = "primary" }: { variant?: ButtonVariant }) {
  const { t } = useTranslation();
  const { buy, pending } = useDayPassCheckout();
  return (
    <Button variant={variant} loading={pending} onClick={buy} data-testid="buy-day-pass">
      {t("billing.pricing.buyDayPass")}
    </Button>
  );
}
