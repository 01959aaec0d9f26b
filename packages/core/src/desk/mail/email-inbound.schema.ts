import { z } from "zod";
import { strippedText } from "../../text-input.ts";

/** What happened to one posted mail (the HTTP route answers it with 202). */
export const INBOUND_EMAIL_OUTCOMES = [
  "created",
  "replied",
  "duplicate",
  "ignored",
  "unknown_workspace",
] as const;
export type InboundEmailOutcome = (typeof INBOUND_EMAIL_OUTCOMES)[number];

export interface InboundEmailResult {
  outcome: InboundEmailOutcome;
  ticketId?: string;
}

/** The largest raw message the endpoint accepts (attachments included). */
export const INBOUND_EMAIL_MAX_BYTES = 25 * 1024 * 1024;

const SUBJECT_MAX = 200;
/** Longer bodies are cut, not refused: the customer's mail must not bounce for being long. */
const BODY_MAX = 100_000;

const validAddress = z.email().max(255);

/** Mailboxes of a To or Cc header, at most 100, each a valid address with a one-line name. */
const mailboxList = z
  .array(z.object({ address: z.string(), name: z.string().nullable() }))
  .default([])
  .transform((list) =>
    list
      .filter((m) => validAddress.safeParse(m.address).success)
      .slice(0, 100)
      .map((m) => ({
        address: m.address.toLowerCase(),
        name:
          m.name
            ?.replace(/[\r\n\0]+/g, " ")
            .trim()
            .slice(0, 200) || null,
      })),
  );

/**
 * The parsed mail as the desk accepts it: a usable sender address, a subject that fits a ticket,
 * a bounded body. Field errors name the header at fault. NUL characters (which Postgres text can't
 * hold) are dropped from every text field: a customer's mail is taken as sent, never refused for one.
 */
export const inboundEmailSchema = z.object({
  messageId: strippedText().min(3).max(998),
  inReplyTo: strippedText().max(998).nullable(),
  references: z.array(strippedText().max(998)).transform((ids) => ids.slice(-50)),
  from: z.object(
    {
      address: z.email({ message: "The sender address (From) is not a valid email address." }),
      name: strippedText()
        .nullable()
        .transform(
          (n) =>
            n
              ?.replace(/[\r\n]+/g, " ")
              .trim()
              .slice(0, 200) || null,
        ),
    },
    { message: "The message has no sender address (From)." },
  ),
  recipients: z.array(strippedText()),
  /** The To and Cc mailboxes: valid addresses only (a bad one is dropped, never refuses the mail). */
  to: mailboxList,
  cc: mailboxList,
  subject: strippedText().transform(
    (s) => s.replace(/\s+/g, " ").trim().slice(0, SUBJECT_MAX) || "(no subject)",
  ),
  text: strippedText().transform((t) => t.slice(0, BODY_MAX)),
  autoHeaders: z.object({
    autoSubmitted: strippedText().nullable(),
    precedence: strippedText().nullable(),
    xAutoreply: strippedText().nullable(),
  }),
});

export type InboundEmail = z.infer<typeof inboundEmailSchema>;
