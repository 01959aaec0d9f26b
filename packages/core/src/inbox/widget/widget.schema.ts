import { z } from "zod";
import { text } from "../../text-input.ts";

// The chat widget's public API: what a visitor's browser may send (validated field by field; a
// mistake answers 400 with the field's message) and what it gets back.

export const publicKeySchema = z
  .string({ message: "The widget's key is missing." })
  .trim()
  .regex(/^wc_[A-Za-z0-9_-]{16,40}$/, "This isn't a chat widget key (it starts with wc_).");

const visitorName = text().trim().max(120, "Use at most 120 characters.");
const visitorEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter an email address like name@example.com."));

/** The page the visitor is on (shown to agents), as the browser reports it. */
const pageUrl = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => {
    if (!v) return null;
    try {
      const url = new URL(v);
      return url.protocol === "http:" || url.protocol === "https:" ? url.toString().slice(0, 500) : null;
    } catch {
      return null;
    }
  });

export const startSessionInput = z.object({
  publicKey: publicKeySchema,
  /** The token kept from an earlier visit (a bad or foreign one starts a new visitor). */
  visitorToken: z.string().max(2000).nullish(),
  name: visitorName.optional(),
  email: visitorEmail.optional(),
  pageUrl,
});
export type StartSessionInput = z.input<typeof startSessionInput>;

export const MAX_MESSAGE_LENGTH = 4000;

export const sendMessageInput = z.object({
  publicKey: publicKeySchema,
  text: text()
    .trim()
    .min(1, "Write a message first.")
    .max(MAX_MESSAGE_LENGTH, `Use at most ${MAX_MESSAGE_LENGTH} characters.`),
  /** The widget's own id for this message: a retried send is stored once. */
  clientMessageId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "clientMessageId is 8-64 letters, digits, - or _.")
    .optional(),
  pageUrl,
});
export type SendMessageInput = z.input<typeof sendMessageInput>;

export const identifyInput = z.object({
  publicKey: publicKeySchema,
  email: visitorEmail,
  name: visitorName.optional(),
});
export type IdentifyInput = z.input<typeof identifyInput>;

export const pollInput = z.object({
  publicKey: publicKeySchema,
  /** The `cursor` of the last answer: only newer messages come back. */
  after: z
    .string()
    .max(200)
    .regex(/^\d{1,16}_[0-9a-f-]{36}$/, "This cursor isn't one the widget was given.")
    .optional(),
  /** Seconds to wait for a new message before answering empty (long poll). */
  wait: z.coerce.number().int().min(0).max(25).default(0),
});
export type PollInput = z.input<typeof pollInput>;

export const readInput = z.object({
  publicKey: publicKeySchema,
  /** The newest agent message shown to the visitor: it and every earlier one are read. */
  upTo: z.uuid("This isn't a message id."),
});
export type ReadInput = z.input<typeof readInput>;

export interface WidgetLook {
  name: string;
  color: string;
  greeting: string;
}

export interface VisitorMessage {
  id: string;
  /** "visitor" wrote it, or an "agent" of the workspace. */
  from: "visitor" | "agent";
  text: string;
  /** The agent's first name, for the bubble. */
  agentName: string | null;
  createdAt: string;
  /** Agent messages: DELIVERED once fetched, READ once shown. */
  status: "SENT" | "DELIVERED" | "READ";
}

export interface VisitorSession {
  visitorToken: string;
  visitor: { name: string | null; email: string | null };
  widget: WidgetLook;
  messages: VisitorMessage[];
  cursor: string | null;
}

export interface VisitorPoll {
  messages: VisitorMessage[];
  cursor: string | null;
}
