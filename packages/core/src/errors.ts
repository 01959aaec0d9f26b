/** Domain error codes; the API's error formatter maps each to a tRPC/HTTP status. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  | "INTERNAL";

export class AppError extends Error {
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
