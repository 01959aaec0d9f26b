import { escapeHtml, resolveEmailLocale } from "./email.templates.ts";

// The server-rendered pages behind a campaign mail's unsubscribe link, in the person's language.

const COPY = {
  en: {
    title: "Unsubscribe from Quartet news",
    confirm: "Stop sending Quartet news and offers to {email}?",
    button: "Unsubscribe",
    done: "You're unsubscribed",
    doneBody:
      "{email} won't receive Quartet news and offers any more. Account and security emails still arrive.",
    already: "{email} was already unsubscribed. Nothing else to do.",
    invalid: "This unsubscribe link isn't valid",
    invalidBody:
      "The link may be incomplete. Copy the whole link from the email, or change your email preferences in your account settings.",
    settings: "Email preferences in your account",
  },
  fr: {
    title: "Se désabonner des nouveautés Quartet",
    confirm: "Ne plus envoyer les nouveautés et offres de Quartet à {email} ?",
    button: "Se désabonner",
    done: "Vous êtes désabonné",
    doneBody:
      "{email} ne recevra plus les nouveautés et offres de Quartet. Les e-mails liés au compte et à la sécurité continuent d'arriver.",
    already: "{email} était déjà désabonné. Il n'y a rien d'autre à faire.",
    invalid: "Ce lien de désabonnement n'est pas valide",
    invalidBody:
      "Le lien est peut-être incomplet. Copiez le lien entier depuis l'e-mail, ou modifiez vos préférences dans les réglages de votre compte.",
    settings: "Préférences e-mail de votre compte",
  },
  ar: {
    title: "إلغاء الاشتراك في أخبار Quartet",
    confirm: "هل تريد إيقاف إرسال أخبار Quartet وعروضها إلى {email}؟",
    button: "إلغاء الاشتراك",
    done: "تم إلغاء اشتراكك",
    doneBody: "لن يتلقى {email} أخبار Quartet وعروضها بعد الآن. ستستمر رسائل الحساب والأمان في الوصول.",
    already: "كان {email} قد ألغى اشتراكه من قبل. لا حاجة لفعل شيء آخر.",
    invalid: "رابط إلغاء الاشتراك هذا غير صالح",
    invalidBody: "قد يكون الرابط ناقصًا. انسخ الرابط كاملًا من الرسالة، أو غيّر تفضيلاتك في إعدادات حسابك.",
    settings: "تفضيلات البريد في حسابك",
  },
} as const;

export type UnsubscribePageKind = "confirm" | "done" | "already" | "invalid";

export function renderUnsubscribePage(input: {
  kind: UnsubscribePageKind;
  locale: string | null | undefined;
  email?: string | null;
  token?: string;
  webUrl: string;
}): string {
  const loc = resolveEmailLocale(input.locale);
  const c = COPY[loc];
  const dir = loc === "ar" ? "rtl" : "ltr";
  const email = `<strong dir="ltr">${escapeHtml(input.email ?? "")}</strong>`;
  const fill = (s: string) => escapeHtml(s).replace("{email}", email);
  let heading: string;
  let body: string;
  if (input.kind === "confirm") {
    heading = escapeHtml(c.title);
    body = `<p>${fill(c.confirm)}</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(input.token ?? "")}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(c.button)}</button>
</form>`;
  } else if (input.kind === "invalid") {
    heading = escapeHtml(c.invalid);
    body = `<p>${escapeHtml(c.invalidBody)}</p>`;
  } else {
    heading = escapeHtml(c.done);
    body = `<p>${fill(input.kind === "already" ? c.already : c.doneBody)}</p>`;
  }
  const settings = `${input.webUrl.replace(/\/+$/, "")}/account/notifications`;
  return `<!doctype html>
<html lang="${loc}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${heading}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Tahoma,Arial,sans-serif;background:#f1f5f9;color:#0f172a}
main{max-width:480px;margin:12vh auto;padding:32px;background:#fff;border:1px solid #e2e8f0;border-radius:12px}
h1{font-size:22px;margin:0 0 16px}p{line-height:1.6;color:#334155}
button{font:inherit;font-weight:600;color:#fff;background:#4f46e5;border:0;border-radius:8px;padding:10px 20px;cursor:pointer}
button:focus-visible,a:focus-visible{outline:2px solid #4f46e5;outline-offset:2px}a{color:#4f46e5}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#f1f5f9}main{background:#1e293b;border-color:#334155}p{color:#cbd5e1}a{color:#a5b4fc}}
</style>
</head>
<body>
<main>
<h1>${heading}</h1>
${body}
<p><a href="${escapeHtml(settings)}">${escapeHtml(c.settings)}</a></p>
</main>
</body>
</html>
`;
}
