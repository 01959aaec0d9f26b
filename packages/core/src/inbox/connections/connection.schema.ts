import type { ConnectionStatus, Platform } from "@quartet/db/enums";
import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of the Settings → Channels page: the workspace's platform connections.

export const orgInput = z.object({ orgId: z.uuid() });
export type OrgInput = z.infer<typeof orgInput>;

export const connectionIdInput = z.object({ orgId: z.uuid(), connectionId: z.uuid() });
export type ConnectionIdInput = z.infer<typeof connectionIdInput>;

/** Meta ids are digits (phone number id, WhatsApp Business Account id). */
const metaId = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Paste the ${what}.`)
    .max(40, `The ${what} is at most 40 digits.`)
    .regex(/^\d+$/, `The ${what} is a number (digits only), as Meta's WhatsApp Manager shows it.`);

const accessTokenSchema = text()
  .trim()
  .min(20, "Paste the whole access token (a long string from Meta's WhatsApp Manager).")
  .max(2000, "An access token is at most 2000 characters.")
  .regex(/^\S+$/, "An access token has no spaces.");

export const connectWhatsAppInput = z.object({
  orgId: z.uuid(),
  /** A System User's permanent token (or a temporary one while testing). */
  accessToken: accessTokenSchema,
  phoneNumberId: metaId("phone number ID"),
  businessAccountId: metaId("WhatsApp Business Account ID"),
});
export type ConnectWhatsAppInput = z.input<typeof connectWhatsAppInput>;

export const WIDGET_DEFAULT_COLOR = "#4f46e5";

const widgetName = text()
  .trim()
  .min(1, "Give the chat a name your visitors will see.")
  .max(60, "Use at most 60 characters.");
const widgetColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #4f46e5.")
  .transform((v) => v.toLowerCase());
const widgetGreeting = text().trim().max(300, "Use at most 300 characters.");

export const createWidgetInput = z.object({
  orgId: z.uuid(),
  name: widgetName,
  color: widgetColor.default(WIDGET_DEFAULT_COLOR),
  greeting: widgetGreeting.default(""),
});
export type CreateWidgetInput = z.input<typeof createWidgetInput>;

export const updateWidgetInput = z.object({
  orgId: z.uuid(),
  connectionId: z.uuid(),
  name: widgetName.optional(),
  color: widgetColor.optional(),
  greeting: widgetGreeting.optional(),
});
export type UpdateWidgetInput = z.input<typeof updateWidgetInput>;

export const reconnectInput = z.object({
  orgId: z.uuid(),
  connectionId: z.uuid(),
  /** WhatsApp: the new access token (the ids stay those of the connection). */
  accessToken: accessTokenSchema.optional(),
});
export type ReconnectInput = z.input<typeof reconnectInput>;

/** The chat widget's look, kept in the connection's metadata. */
export interface WidgetSettings {
  /** Shown in the panel's header (the connection's display name). */
  name: string;
  color: string;
  greeting: string;
}

export const widgetMetadataSchema = z.object({
  color: z
    .string()
    .regex(/^#[0-9a-f]{6}$/)
    .catch(WIDGET_DEFAULT_COLOR),
  greeting: z.string().max(300).catch(""),
});

/** How a connection is made, and so how the page offers to reconnect it. */
export type ConnectMethod = "META_OAUTH" | "TIKTOK_OAUTH" | "TOKEN" | "LOCAL";

export const CONNECT_METHOD: Record<Platform, ConnectMethod> = {
  WHATSAPP: "TOKEN",
  FACEBOOK: "META_OAUTH",
  INSTAGRAM: "META_OAUTH",
  TIKTOK: "TIKTOK_OAUTH",
  WEBCHAT: "LOCAL",
  SANDBOX: "LOCAL",
};

export interface ConnectionItem {
  id: string;
  platform: Platform;
  /** The account's id on the platform (page id, phone number id…; the widget's public key). */
  accountId: string;
  name: string;
  username: string | null;
  status: ConnectionStatus;
  /** Why it is EXPIRED or in ERROR, in the provider's words when it gave any. */
  errorMessage: string | null;
  lastSyncAt: Date | null;
  tokenExpiresAt: Date | null;
  connectMethod: ConnectMethod;
  connectedBy: { id: string; name: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
  /** WEBCHAT only. */
  widget: WidgetSettings | null;
  /** WhatsApp: the Business Account id. */
  businessAccountId: string | null;
  conversationCount: number;
}

export interface ConnectionList {
  items: ConnectionItem[];
  /** The plan's channel limit (null: unlimited) and what counts against it now. */
  limit: number | null;
  used: number;
  /** Which connect buttons work on this server (OAuth apps configured). */
  available: { meta: boolean; tiktok: boolean; whatsapp: boolean };
}

export interface HealthProblem {
  connectionId: string;
  platform: Platform;
  name: string;
  status: Extract<ConnectionStatus, "EXPIRED" | "ERROR">;
  errorMessage: string | null;
  since: Date;
}

export interface ConnectionHealth {
  /** Connections that need someone to reconnect them (the inbox's banner). */
  problems: HealthProblem[];
  /** The caller may reconnect (OWNER or ADMIN). */
  canManage: boolean;
}

export interface WidgetSnippet {
  publicKey: string;
  scriptUrl: string;
  /** The `<script>` tag to paste before `</body>`. */
  snippet: string;
  /** A page of ours that embeds the widget, to try it. */
  previewUrl: string;
}
