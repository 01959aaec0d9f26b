// Every failure of an outside call is a ChannelError the services can act on without reading the
// platform's error format: retry it (worker backoff), mark the connection EXPIRED (tokenExpired),
// or show the person why (message, the provider's own words in `detail`).

export type ChannelErrorCode =
  /** The access token expired or was revoked: reconnect (Meta 190, TikTok 40105…). */
  | "TOKEN_EXPIRED"
  /** Free text after the reply window (WhatsApp 131047, Messenger 10/2018278). */
  | "OUTSIDE_WINDOW"
  | "RATE_LIMITED"
  /** The platform is down or answered 5xx / not at all. */
  | "UNAVAILABLE"
  /** The person can't receive messages (blocked, deleted, not on WhatsApp). */
  | "RECIPIENT_UNAVAILABLE"
  | "PERMISSION"
  | "TEMPLATE"
  | "MEDIA"
  /** The platform's messaging caps (TikTok's per-window message limit). */
  | "MESSAGE_LIMIT"
  | "INVALID_REQUEST"
  /** The platform has no such operation (templates outside WhatsApp…). */
  | "UNSUPPORTED"
  | "NOT_CONFIGURED"
  | "UNKNOWN";

export class ChannelError extends Error {
  readonly code: ChannelErrorCode;
  readonly retryable: boolean;
  readonly tokenExpired: boolean;
  /** The platform's own code ("190", "131047/2494010", "40105"), for logs and the stored reason. */
  readonly providerCode: string | null;
  /** The platform's own message. */
  readonly detail: string | null;
  readonly httpStatus: number | null;

  constructor(input: {
    code: ChannelErrorCode;
    message: string;
    retryable?: boolean;
    providerCode?: string | null;
    detail?: string | null;
    httpStatus?: number | null;
  }) {
    super(input.message);
    this.name = "ChannelError";
    this.code = input.code;
    this.retryable = input.retryable ?? (input.code === "RATE_LIMITED" || input.code === "UNAVAILABLE");
    this.tokenExpired = input.code === "TOKEN_EXPIRED";
    this.providerCode = input.providerCode ?? null;
    this.detail = input.detail ?? null;
    this.httpStatus = input.httpStatus ?? null;
  }

  /** What to store as the message's failure reason. */
  get reason(): string {
    return this.detail && this.detail !== this.message ? `${this.message} (${this.detail})` : this.message;
  }
}

export const HUMAN_MESSAGES: Record<ChannelErrorCode, string> = {
  TOKEN_EXPIRED: "The channel's access expired or was revoked. Reconnect the channel.",
  OUTSIDE_WINDOW:
    "The reply window is closed: the contact last wrote too long ago. Send an approved template instead.",
  RATE_LIMITED: "The platform is limiting how fast messages can be sent. It will be retried.",
  UNAVAILABLE: "The platform could not be reached. It will be retried.",
  RECIPIENT_UNAVAILABLE: "This person can't receive messages from you on this channel.",
  PERMISSION: "The channel is missing a permission for this action. Reconnect it and grant every permission.",
  TEMPLATE: "The template was refused (unknown, not approved, or its parameters don't match).",
  MEDIA: "The attachment could not be sent (type or size not accepted).",
  MESSAGE_LIMIT: "The platform's limit on messages to this person has been reached until they write again.",
  INVALID_REQUEST: "The platform refused the message.",
  UNSUPPORTED: "This channel can't do that.",
  NOT_CONFIGURED: "This channel is not configured on this server.",
  UNKNOWN: "The platform refused the request.",
};

export function channelError(
  code: ChannelErrorCode,
  extra: {
    providerCode?: string | null;
    detail?: string | null;
    httpStatus?: number | null;
    retryable?: boolean;
  } = {},
): ChannelError {
  return new ChannelError({ code, message: HUMAN_MESSAGES[code], ...extra });
}

/** The delivery's body is not a payload of this platform (not JSON, wrong object). */
export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookPayloadError";
  }
}
