import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import type { Deps } from "../deps.ts";
import { resolveEmailLocale } from "../email/email.templates.ts";
import { notFound } from "../errors.ts";
import { formatMoney } from "./billing-mail.ts";
import { findReceiptPayment } from "./payments.repository.ts";

// A payment's receipt as a real PDF (pdf-lib 1.17.1). Labels in English or French; the standard
// PDF fonts can't draw Arabic script, so Arabic readers get the English labels (amounts and dates
// are the same for everyone).

const LABELS = {
  en: {
    title: "Receipt",
    number: "Receipt number",
    date: "Date paid",
    billedTo: "Billed to",
    workspace: "Workspace",
    description: "Description",
    period: "Period",
    discount: "Discount",
    refunded: "Refunded",
    total: "Total paid",
    method: "Payment method",
    status: "Status",
    thanks: "Thank you for your business.",
  },
  fr: {
    title: "Reçu",
    number: "Numéro de reçu",
    date: "Date du paiement",
    billedTo: "Facturé à",
    workspace: "Espace de travail",
    description: "Description",
    period: "Période",
    discount: "Remise",
    refunded: "Remboursé",
    total: "Total payé",
    method: "Moyen de paiement",
    status: "Statut",
    thanks: "Merci pour votre confiance.",
  },
} as const;

/** Characters the standard fonts (WinAnsi) can draw; anything else becomes "?". */
const winAnsi = (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff€–—‘’“”…•]/g, "?");

export async function renderReceiptPdf(
  payment: NonNullable<Awaited<ReturnType<typeof findReceiptPayment>>>,
  locale: string,
): Promise<Uint8Array> {
  const lang = resolveEmailLocale(locale) === "fr" ? "fr" : "en";
  const L = LABELS[lang];
  const intl = lang === "fr" ? "fr-FR" : "en-US";
  const money = (n: number) => winAnsi(formatMoney(n, payment.currency, intl).replace(/\u202f/g, " "));
  const day = (d: Date | null) =>
    d ? new Intl.DateTimeFormat(intl, { dateStyle: "long", timeZone: "UTC" }).format(d) : "—";

  const doc = await PDFDocument.create();
  doc.setTitle(`${L.title} ${payment.receiptNumber ?? ""}`.trim());
  doc.setAuthor("Quartet");
  doc.setCreationDate(payment.paidAt ?? payment.createdAt);
  const page = doc.addPage([595.28, 841.89]); // A4
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.06, 0.09, 0.16);
  const muted = rgb(0.39, 0.45, 0.55);
  const brand = rgb(0.31, 0.27, 0.9);
  let y = 780;

  page.drawText("Quartet", { x: 56, y, size: 22, font: bold, color: brand });
  page.drawText(winAnsi(L.title), { x: 420, y, size: 22, font: bold, color: ink });
  y -= 48;

  const row = (label: string, value: string, strong = false) => {
    page.drawText(winAnsi(label), { x: 56, y, size: 11, font, color: muted });
    page.drawText(winAnsi(value), { x: 220, y, size: 11, font: strong ? bold : font, color: ink });
    y -= 22;
  };
  row(L.number, payment.receiptNumber ?? "—", true);
  row(L.date, day(payment.paidAt));
  row(L.billedTo, payment.user ? `${payment.user.name ?? ""} <${payment.user.email}>`.trim() : "—");
  if (payment.organization) row(L.workspace, payment.organization.name);
  y -= 12;
  page.drawLine({ start: { x: 56, y: y + 8 }, end: { x: 539, y: y + 8 }, thickness: 0.5, color: muted });
  y -= 12;
  row(L.description, payment.description ?? payment.type);
  if (payment.periodStart && payment.periodEnd)
    row(L.period, `${day(payment.periodStart)} – ${day(payment.periodEnd)}`);
  const discount = Number(payment.discountAmount);
  if (discount > 0)
    row(`${L.discount}${payment.coupon ? ` (${payment.coupon.code})` : ""}`, `-${money(discount)}`);
  row(L.total, money(Number(payment.amount)), true);
  const refunded = Number(payment.refundedAmount);
  if (refunded > 0) row(L.refunded, money(refunded));
  row(
    L.method,
    payment.provider === "STRIPE"
      ? "Card (Stripe)"
      : payment.provider === "OFFLINE"
        ? "Offline checkout"
        : payment.provider,
  );
  row(L.status, payment.status);
  y -= 24;
  page.drawText(winAnsi(L.thanks), { x: 56, y, size: 11, font, color: muted });
  return doc.save();
}

/** The receipt of `paymentId` if `userId` paid it or belongs to its workspace (else NOT_FOUND). */
export async function receiptPdfFor(
  deps: Pick<Deps, "db">,
  userId: string,
  paymentId: string,
  locale: string,
) {
  const payment = /^[0-9a-f-]{36}$/i.test(paymentId)
    ? await findReceiptPayment(deps.db, paymentId, userId)
    : null;
  if (!payment?.receiptNumber) throw notFound("Receipt not found.");
  return { receiptNumber: payment.receiptNumber, pdf: await renderReceiptPdf(payment, locale) };
}
