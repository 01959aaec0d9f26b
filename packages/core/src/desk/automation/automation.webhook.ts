import { createHmac } from "node:crypto";
import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import ipaddr from "ipaddr.js";

// The "webhook" automation action: a signed JSON POST to a URL an admin typed. It runs in the
// worker (never in a request) and is guarded against SSRF: the host is resolved first and every
// address must be a public unicast address, and the connection goes to that vetted address (no
// second DNS lookup a rebinding attacker could answer differently). No redirects are followed.

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
  /** Tests and self-hosted setups posting to their own network (config allowPrivateWebhookTargets). */
  allowPrivateTargets: boolean;
  timeoutMs?: number;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp lets receivers refuse replays. */
export function signWebhookBody(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** Why an address may not be called (loopback, private, link-local incl. cloud metadata, …), or null. */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  // Only ordinary public addresses: loopback, private (10/8, 172.16/12, 192.168/16), link-local
  // (169.254/16, where cloud metadata lives), unique-local (fc00::/7), CGNAT, multicast… are refused.
  return range === "unicast" ? null : range;
}

/** The host's addresses, refusing the call when any of them is not public. */
export async function resolvePublicAddress(hostname: string, allowPrivate: boolean): Promise<LookupAddress> {
  const host = hostname.replace(/^\[|\]$/g, "");
  let addresses: LookupAddress[];
  try {
    addresses = ipaddr.isValid(host)
      ? [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }]
      : await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new WebhookError(`Could not resolve ${host}.`);
  }
  const first = addresses[0];
  if (!first) throw new WebhookError(`Could not resolve ${host}.`);
  if (!allowPrivate) {
    for (const a of addresses) {
      const reason = forbiddenAddressReason(a.address);
      if (reason) throw new WebhookError(`Refused to call ${host}: ${a.address} is a ${reason} address.`);
    }
  }
  return first;
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
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookError("The webhook URL is not valid.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && options.allowPrivateTargets)) {
    throw new WebhookError("Webhooks must use https://.");
  }
  const target = await resolvePublicAddress(url.hostname, options.allowPrivateTargets);
  const body = JSON.stringify(payload);
  const client = url.protocol === "https:" ? https : http;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;

  return new Promise<WebhookResult>((resolve, reject) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const req = client.request(
      url,
      {
        method: "POST",
        signal,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "Quartet-Automation/1",
          [SIGNATURE_HEADER]: signWebhookBody(secret, body, at),
        },
        // Connect to the address we vetted; TLS still checks the certificate against the hostname.
        lookup: (_host, opts, cb) => {
          if ((opts as { all?: boolean }).all) {
            (cb as unknown as (e: null, a: LookupAddress[]) => void)(null, [target]);
          } else {
            cb(null, target.address, target.family);
          }
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let received = 0;
        res.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > WEBHOOK_MAX_RESPONSE_BYTES) {
            res.destroy();
            reject(new WebhookError("The webhook's answer was larger than 64 KB."));
          }
        });
        res.on("error", (error) => reject(new WebhookError(error.message)));
        res.on("end", () => {
          if (status >= 300 && status < 400) reject(new WebhookError(`The webhook redirected (${status}).`));
          else if (status < 200 || status >= 300) reject(new WebhookError(`The webhook answered ${status}.`));
          else resolve({ status });
        });
      },
    );
    req.on("error", (error) => {
      reject(
        new WebhookError(
          signal.aborted
            ? `The webhook took longer than ${timeoutMs / 1000} s.`
            : `Webhook failed: ${error.message}`,
        ),
      );
    });
    req.end(body);
  });
}
