import { Badge } from "@quartet/ui/badge";
import { DropdownMenuItem, DropdownMenuSeparator } from "@quartet/ui/dropdown-menu";
import { CreditCard, Ticket } from "@quartet/ui/icons";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useNavigate } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { useMoney } from "./billing-shared.tsx";
import { useDayPassCheckout } from "./day-pass-button.tsx";

/** The account menu's billing lines: the person's tier, a running Day Pass, buying one, the prices. */
export function AccountBillingItems() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const navigate = useNavigate();
  const money = useMoney();
  const me = trpc.billingOverview.me.useQuery(undefined, { refetchOnWindowFocus: "always" });
  const { buy } = useDayPassCheckout();
  if (!me.data) return null;
  const { tier, dayPassExpiresAt, dayPassPrice } = me.data;
  const until = dayPassExpiresAt
    ? new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(dayPassExpiresAt)
    : null;
  const price = money(dayPassPrice.amount, dayPassPrice.currency);
  return (
    <>
      <div className="flex items-center justify-between gap-2 px-2 py-1.5 text-sm" data-testid="account-tier">
        <span className="text-muted-foreground">{t("billing.account.tier")}</span>
        <Badge variant={tier === "PREMIUM" ? "primary" : "neutral"}>
          {t(`billing.account.tiers.${tier}`)}
        </Badge>
      </div>
      {until ? (
        <p className="px-2 pb-1.5 text-xs text-muted-foreground" data-testid="day-pass-until">
          {t("billing.account.dayPassUntil", { time: until })}
        </p>
      ) : null}
      <DropdownMenuItem onSelect={() => void buy()}>
        <Ticket aria-hidden />
        {until ? t("billing.account.extendDayPass", { price }) : t("billing.account.buyDayPass", { price })}
      </DropdownMenuItem>
      <DropdownMenuItem onSelect={() => navigate("/pricing")}>
        <CreditCard aria-hidden />
        {t("billing.account.pricing")}
      </DropdownMenuItem>
      <DropdownMenuSeparator />
    </>
  );
}
