import { z } from "zod";
import { escapeHtml, type RenderedEmail, resolveEmailLocale } from "./email.templates.ts";

/** The EmailLog types an email campaign sends. */
export const CAMPAIGN_EMAIL_TYPES = ["PROMO_UPGRADE", "FEATURE_ANNOUNCEMENT", "ADMIN_CUSTOM"] as const;
export type CampaignEmailType = (typeof CAMPAIGN_EMAIL_TYPES)[number];

export function isCampaignEmailType(type: string): type is CampaignEmailType {
  return (CAMPAIGN_EMAIL_TYPES as readonly string[]).includes(type);
}

/** What one campaign mail carries in EmailLog.metadata: its words in the recipient's locale. */
export const campaignMailDataSchema = z.object({
  campaignId: z.uuid().nullable(),
  subject: z.string().min(1).max(300),
  body: z.string().min(1).max(20_000),
  linkUrl: z.string().max(2000).nullish(),
  linkLabel: z.string().max(100).nullish(),
  /** The one-click page (https) the footer links to; the same URL as the List-Unsubscribe header. */
  unsubscribeUrl: z.string().min(1).max(2000),
  /** A test send to the admin: marked as such in the subject. */
  test: z.boolean().optional(),
});
export type CampaignMailData = z.infer<typeof campaignMailDataSchema>;

const FOOTER = {
  en: {
    why: "You're receiving this because you chose to hear about Quartet news and offers.",
    unsubscribe: "Unsubscribe",
    test: "[Test]",
  },
  fr: {
    why: "Vous recevez ce message car vous avez accepté les nouveautés et offres de Quartet.",
    unsubscribe: "Se désabonner",
    test: "[Test]",
  },
  ar: {
    why: "تصلك هذه الرسالة لأنك اخترت تلقي أخبار Quartet وعروضها.",
    unsubscribe: "إلغاء الاشتراك",
    test: "[تجربة]",
  },
} as const;

function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Renders a campaign mail: the admin's subject and body (plain text; blank lines separate
 * paragraphs, all of it escaped), an optional button, and a footer saying why it came with an
 * unsubscribe link. Arabic is laid out right to left.
 */
export function renderCampaignEmail(locale: string | null | undefined, raw: CampaignMailData): RenderedEmail {
  const data = campaignMailDataSchema.parse(raw);
  const loc = resolveEmailLocale(locale);
  const strings = FOOTER[loc];
  const rtl = loc === "ar";
  const align = rtl ? "right" : "left";
  const dir = rtl ? "rtl" : "ltr";
  const font = rtl
    ? "Tahoma,'Segoe UI',Arial,sans-serif"
    : "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
  const subject =
    `${data.test ? `${strings.test} ` : ""}${data.subject}`
      .replace(/[\r\n\t]+/g, " ")
      .trim()
      .slice(0, 300) || "Quartet";
  const paragraphs = data.body
    .replace(/\r\n/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const link = safeHttpUrl(data.linkUrl);
  const label = data.linkLabel?.trim() || (link ? link : "");
  const unsubscribe = safeHttpUrl(data.unsubscribeUrl) ?? data.unsubscribeUrl;

  const text = [
    data.subject,
    "",
    ...paragraphs.flatMap((p) => [p, ""]),
    ...(link ? [`${label}: ${link}`, ""] : []),
    "--",
    strings.why,
    `${strings.unsubscribe}: ${unsubscribe}`,
    "",
  ].join("\n");

  const p = (inner: string, style = "") =>
    `<p style="margin:0 0 16px;font-size:15px;line-height:24px;color:#334155;text-align:${align};${style}">${inner}</p>`;
  const blocks = [
    `<h1 style="margin:0 0 20px;font-size:22px;line-height:30px;font-weight:700;color:#0f172a;text-align:${align};">${escapeHtml(data.subject)}</h1>`,
    ...paragraphs.map((para) => p(escapeHtml(para).replace(/\n/g, "<br>"))),
  ];
  if (link)
    blocks.push(
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;"><tr><td align="center" bgcolor="#4f46e5" style="border-radius:8px;background:#4f46e5;"><a href="${escapeHtml(link)}" target="_blank" rel="noopener" style="display:inline-block;padding:12px 24px;font-family:${font};font-size:15px;font-weight:600;line-height:20px;color:#ffffff;text-decoration:none;border-radius:8px;">${escapeHtml(label)}</a></td></tr></table>`,
    );
  const html = `<!doctype html>
<html lang="${loc}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body dir="${dir}" style="margin:0;padding:0;background:#f1f5f9;font-family:${font};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" dir="${dir}" style="background:#f1f5f9;">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;">
<tr><td style="padding:0 8px 16px;text-align:${align};"><span style="font-family:${font};font-size:20px;font-weight:800;letter-spacing:-0.02em;color:#4f46e5;">Quartet</span></td></tr>
<tr><td style="background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:32px;text-align:${align};font-family:${font};">
${blocks.join("\n")}
</td></tr>
<tr><td style="padding:20px 8px 0;text-align:${align};font-family:${font};font-size:12px;line-height:18px;color:#94a3b8;">
<p style="margin:0 0 4px;">${escapeHtml(strings.why)}</p>
<p style="margin:0;"><a href="${escapeHtml(unsubscribe)}" style="color:#64748b;text-decoration:underline;">${escapeHtml(strings.unsubscribe)}</a></p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { locale: loc, subject, html, text };
}
