/**
 * Thrown by a handler when retrying cannot help (a payload that no longer validates, a row in a
 * state the job can't act on). The worker sends the job straight to its dead-letter queue instead
 * of burning the remaining retries.
 */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly code = "PERMANENT",
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export function isPermanentJobError(error: unknown): error is PermanentJobError {
  return error instanceof PermanentJobError || (error instanceof Error && error.name === "PermanentJobError");
}
