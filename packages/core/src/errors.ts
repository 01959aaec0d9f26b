/** Domain error codes; the API's error formatter maps each to a tRPC/HTTP status. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  /** The workspace's plan doesn't allow it (billing's PlanLimitError): the client offers an upgrade. */
  | "PAYMENT_REQUIRED"
  | "INTERNAL";

export class AppError extends Error {
  /** Structured facts the client may show or branch on (e.g. a plan limit's key, limit and use). */
  readonly details?: Record<string, unknown>;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Field-level details shown under the form field, e.g. { email: "Already registered" }. */
    readonly fieldErrors?: Record<string, string>,
    /** Machine-readable reason the client can branch on (e.g. "TWO_FACTOR_REQUIRED"). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (why = "You don't have permission to do that") => new AppError("FORBIDDEN", why);

/** TOO_MANY_REQUESTS with the wait: the HTTP layer sends it as `Retry-After`. */
export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    reason = "RATE_LIMITED",
  ) {
    super("TOO_MANY_REQUESTS", message, undefined, reason);
    this.name = "RateLimitError";
  }
}
