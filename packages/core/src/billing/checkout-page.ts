import { escapeHtml, resolveEmailLocale } from "../email/email.templates.ts";
import { formatMoney, PLAN_NAMES } from "./billing-mail.ts";
import type { CheckoutRow } from "./payments.repository.ts";

// The offline checkout page (no payment service reachable): what is bought, the price after the
// coupon, and three buttons that drive the same events as Stripe's webhooks. In the person's language.

const COPY = {
  en: {
    title: "Checkout",
    offline: "Offline checkout: no card is charged. Use it to try upgrades, renewals and failed payments.",
    plan: "{plan} plan for {workspace}, billed {interval}",
    dayPass: "Day Pass: 24 hours of Premium tools",
    monthly: "monthly",
    yearly: "yearly",
    price: "Price",
    discount: "Coupon {code}",
    total: "Due today",
    trial: "{days}-day free trial: nothing is due until {date}.",
    pay: "Pay",
    payFail: "Pay, and fail at the next renewal",
    decline: "Decline",
    closed: "This checkout is closed",
    closedBody: "It was already completed, declined or has expired. Start again from the billing page.",
    back: "Back to Quartet",
  },
  fr: {
    title: "Paiement",
    offline:
      "Paiement hors ligne : aucune carte n'est débitée. Utilisez-le pour essayer les changements d'offre, les renouvellements et les échecs de paiement.",
    plan: "Offre {plan} pour {workspace}, facturée {interval}",
    dayPass: "Pass Journée : 24 heures d'outils Premium",
    monthly: "mensuellement",
    yearly: "annuellement",
    price: "Prix",
    discount: "Coupon {code}",
    total: "À payer aujourd'hui",
    trial: "Essai gratuit de {days} jours : rien à payer avant le {date}.",
    pay: "Payer",
    payFail: "Payer, puis échouer au prochain renouvellement",
    decline: "Refuser",
    closed: "Ce paiement est clos",
    closedBody: "Il a déjà été effectué, refusé ou a expiré. Recommencez depuis la page de facturation.",
    back: "Retour à Quartet",
  },
  ar: {
    title: "الدفع",
    offline: "دفع دون اتصال: لا تُخصم أي بطاقة. استخدمه لتجربة الترقيات والتجديدات وحالات فشل الدفع.",
    plan: "خطة {plan} لمساحة {workspace}، تُفوتر {interval}",
    dayPass: "تصريح اليوم: 24 ساعة من الأدوات المميزة",
    monthly: "شهريًا",
    yearly: "سنويًا",
    price: "السعر",
    discount: "القسيمة {code}",
    total: "المستحق اليوم",
    trial: "تجربة مجانية لمدة {days} يومًا: لا شيء مستحق قبل {date}.",
    pay: "ادفع",
    payFail: "ادفع، مع فشل التجديد القادم",
    decline: "رفض",
    closed: "عملية الدفع هذه مغلقة",
    closedBody: "اكتملت أو رُفضت أو انتهت صلاحيتها. ابدأ من جديد من صفحة الفوترة.",
    back: "العودة إلى Quartet",
  },
} as const;

const fill = (s: string, vars: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");

export function renderCheckoutPage(input: {
  locale: string;
  checkout: CheckoutRow;
  workspaceName: string | null;
  open: boolean;
  action: string;
  backUrl: string;
  now: Date;
}): string {
  const loc = resolveEmailLocale(input.locale);
  const t = COPY[loc];
  const dir = loc === "ar" ? "rtl" : "ltr";
  const c = input.checkout;
  const e = (s: string) => escapeHtml(s);
  const money = (n: number) => formatMoney(n, c.currency, loc);
  const price = Number(c.amount);
  const discount = Number(c.discountAmount);
  const trial = c.kind === "SUBSCRIPTION" && c.trialDays > 0;
  const what =
    c.kind === "DAY_PASS"
      ? t.dayPass
      : fill(t.plan, {
          plan: PLAN_NAMES[c.plan ?? "PRO"],
          workspace: input.workspaceName ?? "",
          interval: c.interval === "YEARLY" ? t.yearly : t.monthly,
        });
  const trialEnd = new Date(input.now.getTime() + c.trialDays * 86_400_000);
  const body = input.open
    ? `<p class="note">${e(t.offline)}</p>
<h2>${e(what)}</h2>
<table>
<tr><th scope="row">${e(t.price)}</th><td>${e(money(price))}</td></tr>
${discount > 0 ? `<tr><th scope="row">${e(fill(t.discount, { code: "" }).trim())}</th><td>-${e(money(discount))}</td></tr>` : ""}
<tr class="total"><th scope="row">${e(t.total)}</th><td>${e(money(trial ? 0 : price - discount))}</td></tr>
</table>
${trial ? `<p>${e(fill(t.trial, { days: String(c.trialDays), date: new Intl.DateTimeFormat(loc, { dateStyle: "medium" }).format(trialEnd) }))}</p>` : ""}
<form method="post" action="${e(input.action)}">
<button type="submit" name="action" value="pay" class="primary">${e(t.pay)}</button>
${c.kind === "SUBSCRIPTION" ? `<button type="submit" name="action" value="pay_fail_later">${e(t.payFail)}</button>` : ""}
<button type="submit" name="action" value="decline">${e(t.decline)}</button>
</form>`
    : `<h2>${e(t.closed)}</h2><p>${e(t.closedBody)}</p><p><a href="${e(input.backUrl)}">${e(t.back)}</a></p>`;
  return `<!doctype html>
<html lang="${loc}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(t.title)} · Quartet</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Tahoma,Arial,sans-serif;background:#f1f5f9;color:#0f172a}
main{max-width:480px;margin:48px auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:32px}
h1{margin:0 0 8px;font-size:22px;color:#4f46e5}h2{font-size:18px;margin:16px 0}
.note{font-size:13px;color:#475569;background:#eef2ff;border-radius:8px;padding:8px 12px}
table{width:100%;border-collapse:collapse;margin:8px 0 16px}th{text-align:start;font-weight:400;color:#475569;padding:6px 0}
td{text-align:end;padding:6px 0}.total th,.total td{font-weight:700;color:#0f172a;border-top:1px solid #e2e8f0}
form{display:flex;flex-direction:column;gap:8px}button{font:inherit;padding:10px 16px;border-radius:8px;border:1px solid #cbd5e1;background:#fff;cursor:pointer;min-height:44px}
button.primary{background:#4f46e5;border-color:#4f46e5;color:#fff;font-weight:600}button:focus-visible,a:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}main{background:#1e293b;border-color:#334155}.note{background:#312e81;color:#e0e7ff}th{color:#cbd5e1}.total th,.total td{color:#f8fafc}button{background:#0f172a;color:#e2e8f0;border-color:#475569}a{color:#a5b4fc}}
</style>
</head>
<body>
<main>
<h1>Quartet · ${e(t.title)}</h1>
${body}
</main>
</body>
</html>
`;
}
