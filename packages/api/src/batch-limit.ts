// tRPC batches many calls into one HTTP request; unbounded, one request could run any number of
// queries. Both servers refuse a batch over this size, and our clients split theirs at it.

/** Calls one tRPC request may carry, on the web and the admin server alike. */
export const TRPC_MAX_BATCH_SIZE = 20;

export const BATCH_TOO_LARGE_REASON = "BATCH_TOO_LARGE";

export function batchTooLargeMessage(count: number): string {
  return `This request batches ${count} calls; the limit is ${TRPC_MAX_BATCH_SIZE} per request. Send them in smaller batches.`;
}
