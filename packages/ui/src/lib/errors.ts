/**
 * Reading errors that come back from tRPC without importing the router types: the API's error
 * formatter puts `code`, `fieldErrors` (field path → message) and `reason` on `error.data`.
 */
export interface ApiErrorData {
  code?: string;
  httpStatus?: number;
  fieldErrors?: Record<string, string> | null;
  reason?: string | null;
  /** Structured facts of a domain refusal, e.g. PLAN_LIMIT's { key, limit, current, plan, upgradeTo }. */
  details?: Record<string, unknown> | null;
}

function dataOf(error: unknown): ApiErrorData | null {
  if (error && typeof error === "object" && "data" in error) {
    const data = (error as { data?: unknown }).data;
    if (data && typeof data === "object") return data as ApiErrorData;
  }
  return null;
}

export function errorCode(error: unknown): string | null {
  return dataOf(error)?.code ?? null;
}

export function errorReason(error: unknown): string | null {
  return dataOf(error)?.reason ?? null;
}

export function errorDetails(error: unknown): Record<string, unknown> | null {
  return dataOf(error)?.details ?? null;
}

export function fieldErrorsOf(error: unknown): Record<string, string> {
  return dataOf(error)?.fieldErrors ?? {};
}

/** The id or token asked for names nothing (gone, mistyped, malformed): retrying won't help. */
export function isMissingRecord(error: unknown): boolean {
  const code = errorCode(error);
  return code === "NOT_FOUND" || code === "BAD_REQUEST";
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === "UNAUTHORIZED";
}

/** True when the request never reached the server (offline, server down, proxy error). */
export function isNetworkError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const data = dataOf(error);
  if (data?.code) return false;
  const message = (error as { message?: string }).message ?? "";
  return /fetch|network|Failed to|Unexpected token|JSON/i.test(message);
}

/**
 * Server messages are English. An SPA can register a translator for machine-readable reasons
 * (`error.data.reason`, e.g. "INVALID_CREDENTIALS") so people reading French or Arabic get their
 * language; it returns null to keep the server's sentence.
 */
type ReasonTranslator = (reason: string, error: unknown) => string | null;
let reasonTranslator: ReasonTranslator | null = null;

export function setErrorTranslator(translator: ReasonTranslator | null): void {
  reasonTranslator = translator;
}

/** The translated sentence for this error's reason, if the app has one. */
export function translatedReason(error: unknown): string | null {
  const reason = errorReason(error);
  return reason && reasonTranslator ? reasonTranslator(reason, error) : null;
}

/**
 * A sentence a person can act on. `fallback` is used for network failures and empty messages
 * (it should already be translated).
 */
export function errorMessage(error: unknown, fallback: string): string {
  if (!error) return fallback;
  if (isNetworkError(error)) return fallback;
  const translated = translatedReason(error);
  if (translated) return translated;
  const message = (error as { message?: string }).message;
  return message && message.length < 300 ? message : fallback;
}
