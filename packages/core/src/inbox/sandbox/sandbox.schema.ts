import type { ContentType, MessageDirection, MessageStatus } from "@quartet/db/enums";
import { z } from "zod";
import { text } from "../../text-input.ts";

// The sandbox page: a member plays a customer of the workspace's offline channel.

/** A sandbox customer's id: the thread's id on the channel (made by us when a new name is typed). */
export const sandboxCustomerId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "A customer id is 1-64 letters, digits, - or _.");

const customerName = text()
  .trim()
  .min(1, "Type the customer's name.")
  .max(80, "A name is at most 80 characters.");

const sandboxScope = {
  orgId: z.uuid(),
  /** The workspace's sandbox channel when omitted (there is one per workspace). */
  connectionId: z.uuid().optional(),
};

export const sandboxOverviewInput = z.object({ orgId: z.uuid() });
export type SandboxOverviewInput = z.infer<typeof sandboxOverviewInput>;

export const SANDBOX_MEDIA_KINDS = ["image", "file", "location"] as const;
export type SandboxMediaKind = (typeof SANDBOX_MEDIA_KINDS)[number];

export const sendSandboxInput = z
  .object({
    ...sandboxScope,
    /** A new customer has a name and no id yet; a known one may leave its name as it is. */
    customer: z
      .object({ id: sandboxCustomerId.optional(), name: customerName.optional() })
      .refine((c) => !!c.id || !!c.name, { path: ["name"], message: "Type the customer's name." }),
    text: text().trim().max(4000, "A message is at most 4,000 characters.").optional(),
    /** A sample attachment the sandbox makes (an image, a PDF) or a location. */
    mediaKind: z.enum(SANDBOX_MEDIA_KINDS).optional(),
    /** The page's id for this send: sending it twice (a double click, a retry) stores one message. */
    clientMessageId: z.uuid().optional(),
  })
  .refine((v) => !!v.text || !!v.mediaKind, {
    path: ["text"],
    message: "Type a message or pick an attachment.",
  });
export type SendSandboxInput = z.input<typeof sendSandboxInput>;

export const sandboxThreadInput = z.object({ ...sandboxScope, customerId: sandboxCustomerId });
export type SandboxThreadInput = z.input<typeof sandboxThreadInput>;

/** The customer's phone got (DELIVERED) or showed (READ) the business's messages. */
export const sandboxReceiptsInput = z.object({
  ...sandboxScope,
  customerId: sandboxCustomerId,
  status: z.enum(["DELIVERED", "READ"]),
});
export type SandboxReceiptsInput = z.input<typeof sandboxReceiptsInput>;

/** The customer reacts to one of the business's messages (null: takes the reaction back). */
export const sandboxReactInput = z.object({
  ...sandboxScope,
  customerId: sandboxCustomerId,
  messageId: z.uuid(),
  emoji: z
    .string()
    .min(1)
    .max(16)
    .regex(/^\P{L}+$/u, "Pick an emoji.")
    .nullable(),
});
export type SandboxReactInput = z.input<typeof sandboxReactInput>;

export interface SandboxConnection {
  id: string;
  name: string;
  status: string;
}

export interface SandboxCustomer {
  id: string;
  name: string | null;
  conversationId: string;
  lastMessagePreview: string | null;
  lastMessageAt: Date | null;
}

export interface SandboxOverview {
  /** null: the workspace has no sandbox channel yet (Settings → Channels creates it). */
  connection: SandboxConnection | null;
  customers: SandboxCustomer[];
}

/** A message as the customer's phone shows it. */
export interface SandboxThreadMessage {
  id: string;
  /** INBOUND: the customer wrote it; OUTBOUND: the business did. */
  direction: MessageDirection;
  content: string | null;
  contentType: ContentType;
  status: MessageStatus;
  /** `url`: where members download it once stored (the inbox's media route). */
  media: {
    url: string | null;
    fileName: string | null;
    mimeType: string | null;
    state: string | null;
  } | null;
  location: { latitude: number; longitude: number; name: string | null } | null;
  reactions: { emoji: string; from: string }[];
  /** When it was sent (the platform's time; for a sandbox message, when the customer sent it). */
  at: Date;
}

export interface SandboxThread {
  customer: { id: string; name: string | null };
  conversationId: string | null;
  messages: SandboxThreadMessage[];
}
