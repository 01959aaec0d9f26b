/**
 * CSRF guard for state-changing requests: the browser must say the request comes from our own
 * origin. Sec-Fetch-Site is checked first (sent by all current browsers), then Origin, then Referer.
 * Non-browser clients (no such headers) are allowed only when `allowHeaderless` is set, e.g. for
 * internal callers that authenticate without cookies.
 */
export interface CsrfHeaders {
  origin?: string | undefined;
  referer?: string | undefined;
  secFetchSite?: string | undefined;
}

export function isSameOriginRequest(
  headers: CsrfHeaders,
  allowedOrigins: readonly string[],
  allowHeaderless = false,
): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site === "cross-site" || site === "same-site") return false;
  const origin = headers.origin ?? originOf(headers.referer);
  if (origin && origin !== "null") return allowedOrigins.includes(origin);
  if (site === "same-origin" || site === "none") return true;
  return allowHeaderless;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
