import { createHmac } from "node:crypto";
import { type HostResolver, SafeFetchError, safeFetch } from "@quartet/integrations/http/safe-fetch";

// The "webhook" automation action: a signed JSON POST to a URL an admin typed. It runs in the
// worker (never in a request) through the shared SSRF-guarded fetcher (`safeFetch`): the host is
// resolved once, every address must be public (IPv4 hidden in IPv6 forms included), the socket is
// pinned to the checked address, and errors never echo the address a name resolved to.
// Redirects are not followed (as GitHub and Stripe do for their webhooks): a 3xx is a failure.

export const WEBHOOK_TIMEOUT_MS = 5000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;
export const SIGNATURE_HEADER = "X-Quartet-Signature";

export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookError";
  }
}

export interface WebhookOptions {
  /** Self-hosted setups posting to their own network (AUTOMATION_ALLOW_PRIVATE_WEBHOOKS); tests. */
  allowPrivateTargets: boolean;
  timeoutMs?: number;
  /** DNS override (tests). */
  resolve?: HostResolver;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp lets receivers refuse replays. */
export function signWebhookBody(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

export interface WebhookResult {
  status: number;
}

/**
 * POSTs `payload` as JSON, signed with `secret`. Resolves for a 2xx answer; throws a WebhookError
 * for a refused target, a non-2xx status, a redirect, a timeout or an oversized answer.
 */
export async function postWebhook(
  rawUrl: string,
  secret: string,
  payload: unknown,
  at: Date,
  options: WebhookOptions,
): Promise<WebhookResult> {
  const body = JSON.stringify(payload);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let status: number;
  try {
    const response = await safeFetch(rawUrl, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Quartet-Automation/1",
        [SIGNATURE_HEADER]: signWebhookBody(secret, body, at),
      },
      allowPrivateAddresses: options.allowPrivateTargets,
      redirect: "manual",
      timeoutMs,
      maxResponseBytes: WEBHOOK_MAX_RESPONSE_BYTES,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
    status = response.status;
  } catch (error) {
    if (!(error instanceof SafeFetchError)) throw error;
    const messages: Partial<Record<SafeFetchError["code"], string>> = {
      INVALID_URL: "The webhook URL is not valid.",
      PROTOCOL: "Webhooks must use https://.",
      TIMEOUT: `The webhook took longer than ${timeoutMs / 1000} s.`,
      TOO_LARGE: "The webhook's answer was larger than 64 KB.",
    };
    throw new WebhookError(messages[error.code] ?? error.message);
  }
  if (status >= 300 && status < 400) throw new WebhookError(`The webhook redirected (${status}).`);
  if (status < 200 || status >= 300) throw new WebhookError(`The webhook answered ${status}.`);
  return { status };
}
