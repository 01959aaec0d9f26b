import { AppError } from "@quartet/core/errors";
import { realtimeSubscribeInput } from "@quartet/core/realtime/realtime.schema";
import { RealtimeClosingError, streamRealtime } from "@quartet/core/realtime/realtime-stream.service";
import { TRPCError, tracked } from "@trpc/server";
import { orgProcedure, router } from "../trpc.ts";

// The live channel: one SSE stream per browser tab and workspace (httpSubscriptionLink). Each
// message carries the workspace's event seq as its SSE id, so a reconnect (the browser's
// Last-Event-ID, or the link's lastEventId) resumes right after the last one received.

/** Errors raised mid-stream reach the client as tRPC errors: a retryable one makes it reconnect. */
function streamError(error: unknown): unknown {
  if (error instanceof RealtimeClosingError) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message, cause: error });
  }
  if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) {
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  }
  return error;
}

export const realtimeRouter = router({
  /**
   * The workspace's live events (topics the caller's role may read, or those named): `ready`,
   * then `event`s as they commit; `resync` when missed events can't be replayed.
   */
  events: orgProcedure("MEMBER")
    .input(realtimeSubscribeInput.omit({ orgId: true }))
    .subscription(async ({ ctx, input, signal }) => {
      const messages = streamRealtime(
        ctx.deps,
        { orgId: ctx.org.id, userId: ctx.user.id, sessionId: ctx.session.id, role: ctx.org.role },
        input,
        signal ?? new AbortController().signal,
      );
      return (async function* () {
        try {
          for await (const message of messages) yield tracked(String(message.seq), message);
        } catch (error) {
          throw streamError(error);
        }
      })();
    }),
});
