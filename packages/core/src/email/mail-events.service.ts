import type { Db } from "@quartet/db/client";
import type { EmailStatus } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { z } from "zod";
import type { Clock, Logger } from "../deps.ts";
import { suppressAddress } from "./email-suppression.ts";

// Delivery events from the mail provider (Resend's shapes: email.delivered, email.bounced,
// email.complained), already verified by the webhook plugin. Each webhook-id is stored once
// (a replay is a no-op) and moves the EmailLog found by the provider's message id forward only:
// SENT → DELIVERED → BOUNCED / COMPLAINED; an older event never overwrites a newer state.

export const mailEventSchema = z.object({
  type: z.string().min(1).max(50),
  created_at: z.string().max(64).optional(),
  data: z
    .object({
      email_id: z.string().min(1).max(255),
      to: z.union([z.array(z.string().max(320)), z.string().max(320)]).optional(),
      bounce: z
        .object({ message: z.string().max(2000).optional(), type: z.string().max(50).optional() })
        .passthrough()
        .optional(),
    })
    .passthrough(),
});
export type MailEvent = z.infer<typeof mailEventSchema>;

const TARGET: Record<string, EmailStatus> = {
  "email.delivered": "DELIVERED",
  "email.bounced": "BOUNCED",
  "email.complained": "COMPLAINED",
};

/** How far along a mail is; an event only moves it to a higher rank. */
const RANK: Record<EmailStatus, number> = {
  PENDING: 0,
  SENDING: 1,
  FAILED: 1,
  SENT: 2,
  DELIVERED: 3,
  BOUNCED: 4,
  COMPLAINED: 5,
};

export type MailEventOutcome = "applied" | "duplicate" | "ignored" | "unknown_message" | "unsupported_type";

export async function handleMailEvent(
  deps: { db: Db; clock: Clock; log: Logger },
  webhookId: string,
  raw: unknown,
): Promise<MailEventOutcome> {
  const event = mailEventSchema.parse(raw);
  const target = TARGET[event.type];
  const messageId = event.data.email_id;
  return deps.db.$transaction(async (tx) => {
    // The webhook-id claims the event first: a concurrent duplicate waits on the unique index, then
    // finds it taken and does nothing.
    const claimed = await tx.mailWebhookEvent.createMany({
      data: [
        {
          webhookId,
          type: event.type,
          providerMessageId: messageId,
          outcome: "pending",
          payload: raw as Prisma.InputJsonValue,
        },
      ],
      skipDuplicates: true,
    });
    if (claimed.count === 0) return "duplicate" as const;
    const finish = async (outcome: MailEventOutcome, emailLogId: string | null = null) => {
      await tx.mailWebhookEvent.update({ where: { webhookId }, data: { outcome, emailLogId } });
      return outcome;
    };
    if (!target) return finish("unsupported_type");
    // Resend's id is the transport's message id; an SMTP relay may report our Message-ID instead.
    const log = await tx.emailLog.findFirst({
      where: { OR: [{ providerMessageId: messageId }, { messageId }] },
      select: { id: true, status: true, recipientEmail: true },
    });
    if (!log) return finish("unknown_message");
    const now = deps.clock.now();
    if (RANK[target] > RANK[log.status]) {
      await tx.emailLog.updateMany({
        where: { id: log.id, status: log.status },
        data: {
          status: target,
          ...(target === "DELIVERED" ? { deliveredAt: now } : {}),
          ...(target === "BOUNCED" ? { bouncedAt: now } : {}),
        },
      });
    }
    // Suppression stands whatever the order: a permanent bounce or a complaint stops non-essential mail.
    const transient =
      target === "BOUNCED" && /^(transient|temporary|soft)/i.test(event.data.bounce?.type ?? "");
    if ((target === "BOUNCED" && !transient) || target === "COMPLAINED") {
      await suppressAddress(tx, {
        email: log.recipientEmail,
        reason: target,
        emailLogId: log.id,
        detail: event.data.bounce?.message ?? null,
      });
    }
    const outcome = RANK[target] > RANK[log.status] ? "applied" : "ignored";
    return finish(outcome, log.id);
  });
}
