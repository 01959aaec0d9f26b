import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { checkAddress, isLocalhostName } from "./address-policy.ts";

// The one fetcher for URLs that users type (automation webhooks now; Publish media and feeds,
// Inbox attachments later). It is an SSRF guard as much as an HTTP client:
// - the host is resolved ONCE per hop and every address it resolves to must be public
//   (address-policy.ts); the socket then connects to that checked address through a pinned
//   `lookup`, so a DNS answer that changes between check and connect (rebinding) is never used;
// - redirects are followed by hand, each hop's URL, scheme and addresses checked again;
// - one deadline covers every hop, and the response body is capped while it streams;
// - error messages name the host the user typed, never the address it resolved to.

export type SafeFetchErrorCode =
  | "INVALID_URL"
  | "PROTOCOL"
  | "FORBIDDEN_ADDRESS"
  | "DNS"
  | "CONNECT"
  | "TIMEOUT"
  | "TOO_LARGE"
  | "TOO_MANY_REDIRECTS";

export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SafeFetchError";
  }
}

/** Resolves a host name to every address it has (the default uses the system resolver). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface SafeFetchOptions {
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * Let requests reach loopback, private and link-local addresses, and plain http:// (a self-hosted
   * setup calling its own network, e.g. AUTOMATION_ALLOW_PRIVATE_WEBHOOKS; tests). DNS is still
   * resolved once and pinned.
   */
  allowPrivateAddresses?: boolean;
  /** Allow plain http:// to public hosts (default: only with allowPrivateAddresses). */
  allowHttp?: boolean;
  /** `follow` (default): follow up to maxRedirects, re-checking each hop. `manual`: return the 3xx. */
  redirect?: "follow" | "manual";
  maxRedirects?: number;
  /** One deadline for the whole exchange, every hop and the body included. Default 10 s. */
  timeoutMs?: number;
  /** The response body may not exceed this. Default 1 MiB. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** DNS (tests inject one; default the system resolver). Called once per hop. */
  resolve?: HostResolver;
  /**
   * Which resolved addresses may be called (default: public unicast only, see address-policy.ts).
   * Ignored when allowPrivateAddresses is on.
   */
  isAllowedAddress?: (address: string) => boolean;
}

export interface SafeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered (after redirects). */
  url: string;
  /** Every URL visited before it, in order. */
  redirectedFrom: string[];
  body: Buffer;
  text(): string;
}

export const SAFE_FETCH_DEFAULTS = { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, maxRedirects: 5 };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/** Fetches `rawUrl` under the SSRF guard (see the file comment). Resolves for any final status. */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const timeoutMs = options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs;
  const maxRedirects = options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;

  let url = parseUrl(rawUrl);
  let method: string = options.method ?? "GET";
  let body = options.body;
  let headers = { ...(options.headers ?? {}) };
  const visited: string[] = [];
  for (;;) {
    const target = await checkTarget(url, options);
    let response: SafeResponse;
    try {
      response = await requestOnce(url, target, { method, headers, body, signal }, options, visited);
    } catch (error) {
      if (error instanceof SafeFetchError) throw error;
      if (timeout.aborted)
        throw new SafeFetchError("TIMEOUT", `${url.host} took longer than ${timeoutMs / 1000} s.`);
      if (signal.aborted) throw new SafeFetchError("TIMEOUT", `The request to ${url.host} was cancelled.`);
      // Node's messages carry the address it connected to ("connect ECONNREFUSED 10.0.0.5:443"):
      // keep only the code.
      const code = (error as { code?: unknown }).code;
      throw new SafeFetchError(
        "CONNECT",
        `Could not reach ${url.host}${typeof code === "string" ? ` (${code})` : ""}.`,
      );
    }
    const location = response.headers.location;
    if (options.redirect === "manual" || !REDIRECTS.has(response.status) || !location) return response;
    if (visited.length >= maxRedirects)
      throw new SafeFetchError(
        "TOO_MANY_REDIRECTS",
        `More than ${maxRedirects} redirects from ${visited[0] ?? url.host}.`,
      );
    visited.push(url.toString());
    const next = parseUrl(location, url);
    // The fetch standard's method rewrite: 303 (and 301/302 after a POST) continue as a GET.
    if (
      response.status === 303
        ? method !== "HEAD"
        : (response.status === 301 || response.status === 302) && method === "POST"
    ) {
      method = "GET";
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)));
    }
    if (next.origin !== url.origin)
      headers = Object.fromEntries(
        Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.has(k.toLowerCase())),
      );
    url = next;
  }
}

function parseUrl(raw: string, base?: URL): URL {
  try {
    // The WHATWG parser turns 2130706433, 0177.0.0.1, 0x7f.1 and 127.1 into 127.0.0.1.
    return new URL(raw, base);
  } catch {
    throw new SafeFetchError("INVALID_URL", "The URL is not valid.");
  }
}

/** Scheme and address checks for one hop; the address returned is the one the socket will use. */
async function checkTarget(url: URL, options: SafeFetchOptions): Promise<LookupAddress> {
  const allowPrivate = options.allowPrivateAddresses === true;
  const allowHttp = options.allowHttp ?? allowPrivate;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowHttp))
    throw new SafeFetchError(
      "PROTOCOL",
      allowHttp ? "Only http:// and https:// URLs can be called." : "Only https:// URLs can be called.",
    );
  if (url.username || url.password)
    throw new SafeFetchError("INVALID_URL", "URLs with a user name or password are not allowed.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const refused = () =>
    new SafeFetchError("FORBIDDEN_ADDRESS", `Refused to call ${url.hostname}: it is not a public address.`);
  if (!allowPrivate && isLocalhostName(host)) throw refused();

  let addresses: LookupAddress[];
  const literal = checkAddress(host);
  if (literal.ok || literal.reason !== "not an IP address") {
    addresses = [{ address: host, family: host.includes(":") ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch {
      throw new SafeFetchError("DNS", `Could not resolve ${url.hostname}.`);
    }
  }
  const first = addresses[0];
  if (!first) throw new SafeFetchError("DNS", `Could not resolve ${url.hostname}.`);
  if (!allowPrivate) {
    const allowed = options.isAllowedAddress ?? ((address: string) => checkAddress(address).ok);
    // Every address, not just the first: the connection could otherwise fall back to another one.
    if (!addresses.every((a) => allowed(a.address))) throw refused();
  }
  return first;
}

function requestOnce(
  url: URL,
  target: LookupAddress,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string | Uint8Array | undefined;
    signal: AbortSignal;
  },
  options: SafeFetchOptions,
  visited: string[],
): Promise<SafeResponse> {
  const maxBytes = options.maxResponseBytes ?? SAFE_FETCH_DEFAULTS.maxResponseBytes;
  const client = url.protocol === "https:" ? https : http;
  const headers: Record<string, string | number> = { "user-agent": "Quartet/1", ...init.headers };
  if (init.body !== undefined) headers["content-length"] = Buffer.byteLength(init.body);
  return new Promise<SafeResponse>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: init.method,
        headers,
        signal: init.signal,
        // A fresh connection per hop (no pooled socket chosen by host name).
        agent: false,
        // Pinned: the socket goes to the address that was checked; TLS still verifies the
        // certificate against the host name.
        lookup: (_hostname, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all)
            (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [target]);
          else callback(null, target.address, target.family);
        },
      },
      (res) => {
        const declared = Number(res.headers["content-length"]);
        const tooLarge = () =>
          new SafeFetchError(
            "TOO_LARGE",
            `The answer from ${url.host} is larger than ${formatBytes(maxBytes)}.`,
          );
        if (Number.isFinite(declared) && declared > maxBytes) {
          res.destroy();
          reject(tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        res.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) {
            res.destroy();
            reject(tooLarge());
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", reject);
        res.on("end", () => {
          const bodyBytes = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            url: url.toString(),
            redirectedFrom: [...visited],
            body: bodyBytes,
            text: () => bodyBytes.toString("utf8"),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}
