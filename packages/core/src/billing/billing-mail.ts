import type { Tx } from "@quartet/db/client";
import type { Plan } from "@quartet/db/enums";
import type { Deps } from "../deps.ts";
import { mailUser } from "../email/email.queue.ts";
import type { EmailTemplateData } from "../email/email.templates.ts";
import {
  type BillingRecipient,
  claimNotice,
  findBillingContacts,
  findRecipient,
} from "./payments.repository.ts";

// Billing mails, each sent once: a notice key is claimed in the transaction that queues the mail,
// so a replayed event or a second run of the lifecycle job sends nothing more.

type MailDeps = Pick<Deps, "boss" | "config">;

export const PLAN_NAMES: Record<Plan, string> = { FREE: "Free", PRO: "Pro", BUSINESS: "Business" };

export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

export function formatWhen(
  date: Date,
  recipient: Pick<BillingRecipient, "locale" | "timezone">,
  withTime = false,
) {
  const options: Intl.DateTimeFormatOptions = withTime
    ? { dateStyle: "medium", timeStyle: "short" }
    : { dateStyle: "medium" };
  try {
    return new Intl.DateTimeFormat(recipient.locale, { ...options, timeZone: recipient.timezone }).format(
      date,
    );
  } catch {
    return new Intl.DateTimeFormat("en", { ...options, timeZone: "UTC" }).format(date);
  }
}

export const billingLink = (deps: MailDeps, slug: string) =>
  `${deps.config.webUrl}/w/${slug}/settings/billing`;

type WorkspaceMail =
  | "SUBSCRIPTION_CONFIRMED"
  | "SUBSCRIPTION_CANCELLED"
  | "SUBSCRIPTION_EXPIRING_SOON"
  | "PAYMENT_FAILED";

/**
 * Mails the workspace's owners and admins once for `key` (or only `onlyUserId`, e.g. the buyer).
 * Returns how many mails were queued (0 when the key was already used).
 */
export async function mailWorkspaceOnce<K extends WorkspaceMail>(
  tx: Tx,
  deps: MailDeps,
  input: {
    key: string;
    orgId: string;
    type: K;
    now: Date;
    onlyUserId?: string | null;
    data: (
      recipient: BillingRecipient,
      org: { name: string; slug: string; link: string },
    ) => Omit<EmailTemplateData[K], "name" | "workspaceName" | "link">;
  },
): Promise<number> {
  if (!(await claimNotice(tx, input.key, input.now))) return 0;
  const org = await findBillingContacts(tx, input.orgId);
  if (!org) return 0;
  let recipients = org.recipients;
  if (input.onlyUserId) {
    const buyer = await findRecipient(tx, input.onlyUserId);
    recipients = buyer ? [buyer] : recipients;
  }
  const link = billingLink(deps, org.slug);
  for (const r of recipients) {
    const data = {
      name: r.name,
      workspaceName: org.name,
      link,
      ...input.data(r, { name: org.name, slug: org.slug, link }),
    } as EmailTemplateData[K];
    await mailUser(tx, deps.boss, r, input.type, data);
  }
  return recipients.length;
}

type PersonMail = "DAY_PASS_PURCHASED" | "DAY_PASS_EXPIRING_SOON" | "DAY_PASS_EXPIRED";

/** Mails one person once for `key` (claimKey false: the caller already claimed it another way). */
export async function mailPersonOnce<K extends PersonMail>(
  tx: Tx,
  deps: MailDeps,
  input: {
    key: string | null;
    userId: string;
    type: K;
    now: Date;
    data: (recipient: BillingRecipient) => Omit<EmailTemplateData[K], "name" | "link">;
  },
): Promise<boolean> {
  if (input.key && !(await claimNotice(tx, input.key, input.now))) return false;
  const r = await findRecipient(tx, input.userId);
  if (!r) return false;
  const data = { name: r.name, link: `${deps.config.webUrl}/`, ...input.data(r) } as EmailTemplateData[K];
  await mailUser(tx, deps.boss, r, input.type, data);
  return true;
}
