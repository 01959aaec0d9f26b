import { createHmac } from "node:crypto";
import { ChannelError, type ChannelErrorCode, channelError } from "./errors.ts";
import { callApi, trimBase } from "./http.ts";

// The Graph API client shared by WhatsApp, Messenger and Instagram: bearer token, appsecret_proof
// (so a leaked token alone is useless when the app requires it), and Meta's error object mapped to
// ChannelError. https://developers.facebook.com/docs/graph-api/guides/error-handling

export const META_GRAPH_BASE_URL = "https://graph.facebook.com/v21.0";
export const META_DIALOG_BASE_URL = "https://www.facebook.com/v21.0";

export interface MetaConfig {
  appId: string;
  appSecret: string;
  /** The verify token typed into the app's webhook settings (GET handshake). */
  verifyToken: string;
  /** Default https://graph.facebook.com/v21.0 (tests: the fake server). */
  graphBaseUrl?: string;
  /** Where the Facebook Login dialog lives. Default https://www.facebook.com/v21.0. */
  dialogBaseUrl?: string;
}

export interface GraphCall {
  method?: "GET" | "POST" | "DELETE";
  token?: string | null;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

interface MetaErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
  error_user_title?: string;
  error_data?: { details?: string } | string;
  fbtrace_id?: string;
}

// Meta error codes → what the service should do.
// https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
// https://developers.facebook.com/docs/messenger-platform/error-codes
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056]);
const UNAVAILABLE_CODES = new Set([1, 2, 131000, 131016, 133004]);
const RECIPIENT_CODES = new Set([131026, 131021, 551, 1545041]);
const TEMPLATE_CODES = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069]);
const MEDIA_CODES = new Set([131051, 131052, 131053]);
const PERMISSION_CODES = new Set([3, 10, 200, 131005, 131031]);

export function metaErrorCode(
  code: number | undefined,
  subcode: number | undefined,
  status: number,
): ChannelErrorCode {
  if (code === 190 || code === 102 || code === 463 || code === 467) return "TOKEN_EXPIRED";
  // Outside the 24 h window: WhatsApp re-engagement; Messenger 10/2018278; Instagram 10/2534022.
  if (code === 131047 || (code === 10 && (subcode === 2018278 || subcode === 2534022)))
    return "OUTSIDE_WINDOW";
  if (code === 100 && (subcode === 2018001 || subcode === 2018109)) return "RECIPIENT_UNAVAILABLE";
  if (code !== undefined) {
    if (RATE_LIMIT_CODES.has(code)) return "RATE_LIMITED";
    if (UNAVAILABLE_CODES.has(code)) return "UNAVAILABLE";
    if (RECIPIENT_CODES.has(code)) return "RECIPIENT_UNAVAILABLE";
    if (TEMPLATE_CODES.has(code)) return "TEMPLATE";
    if (MEDIA_CODES.has(code)) return "MEDIA";
    if (PERMISSION_CODES.has(code)) return "PERMISSION";
    if (code === 100) return "INVALID_REQUEST";
  }
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "UNAVAILABLE";
  if (status === 401) return "TOKEN_EXPIRED";
  if (status === 403) return "PERMISSION";
  return status >= 400 && status < 500 ? "INVALID_REQUEST" : "UNKNOWN";
}

/** The ChannelError for a Meta error object (API answers and webhook status errors alike). */
export function metaError(error: MetaErrorBody | null | undefined, status: number): ChannelError {
  const code = typeof error?.code === "number" ? error.code : undefined;
  const subcode = typeof error?.error_subcode === "number" ? error.error_subcode : undefined;
  const details = typeof error?.error_data === "object" ? error.error_data?.details : error?.error_data;
  const providerCode =
    code === undefined ? null : subcode === undefined ? String(code) : `${code}/${subcode}`;
  return channelError(metaErrorCode(code, subcode, status), {
    providerCode,
    detail: error?.error_user_msg || details || error?.message || null,
    httpStatus: status || null,
  });
}

export class MetaGraph {
  readonly baseUrl: string;

  constructor(
    readonly config: MetaConfig,
    readonly timeoutMs: number,
  ) {
    this.baseUrl = trimBase(config.graphBaseUrl ?? META_GRAPH_BASE_URL);
  }

  /** HMAC-SHA256 of the token with the app secret, sent with every call that carries a token. */
  appSecretProof(token: string): string {
    return createHmac("sha256", this.config.appSecret).update(token).digest("hex");
  }

  url(path: string, query: Record<string, string | number | undefined> = {}): URL {
    // Ids come from payloads and the database: never let one climb out of the API's path.
    if (!/^[\w.-]+(\/[\w.-]+)*$/.test(path) || path.split("/").some((s) => s === "." || s === ".."))
      throw channelError("INVALID_REQUEST", { detail: "invalid id" });
    const url = new URL(`${this.baseUrl}/${path.replace(/^\/+/, "")}`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  /** The parsed JSON of a 2xx answer; a ChannelError for anything else. */
  async call(path: string, call: GraphCall = {}): Promise<Record<string, unknown>> {
    const query = { ...call.query };
    const headers: Record<string, string> = {};
    if (call.token) {
      headers.authorization = `Bearer ${call.token}`;
      if (this.config.appSecret) query.appsecret_proof = this.appSecretProof(call.token);
    }
    const response = await callApi(this.url(path, query), {
      method: call.method,
      headers,
      body: call.body,
      timeoutMs: this.timeoutMs,
    });
    const json = response.json as { error?: MetaErrorBody } | null;
    if (response.status >= 200 && response.status < 300 && json && typeof json === "object" && !json.error)
      return json as Record<string, unknown>;
    throw metaError(json?.error, response.status);
  }
}

export function requireString(value: unknown, what: string): string {
  if (typeof value === "string" && value) return value;
  if (typeof value === "number") return String(value);
  throw new ChannelError({ code: "UNKNOWN", message: `The platform's answer has no ${what}.` });
}
