import { transformer } from "@quartet/api/transformer";
import { TRPCClientError, type TRPCLink } from "@trpc/react-query";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";

// Subscriptions in the browser: tRPC's SSE protocol (the server's httpSubscription responses) read
// by the browser's own EventSource. tRPC's httpSubscriptionLink does the same for any runtime with
// timers, retries and polyfills, and costs every screen ~2.4 KB gzip of first-load JavaScript;
// here the browser does the work: it reconnects by itself, sending the last event id it saw
// (Last-Event-ID), which the server resumes from. Node clients (tests, scripts) use the real link.

/** Errors after which the server ends the stream and the browser reconnects (a restart, say). */
const RETRYABLE = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "BAD_GATEWAY", "GATEWAY_TIMEOUT"]);

export function browserSubscriptionLink(url: string): TRPCLink<AnyRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        let source: EventSource;
        try {
          const input = transformer.serialize(op.input);
          const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
          // Same origin: the session cookie goes with it.
          source = new EventSource(`${url}/${op.path}${query}`);
        } catch (error) {
          observer.error(TRPCClientError.from(error as Error));
          return () => {};
        }
        const read = (event: Event) => transformer.deserialize(JSON.parse((event as MessageEvent).data));
        const fail = (error: TRPCClientError<AnyRouter>) => {
          source.close();
          observer.error(error);
        };
        source.addEventListener("connected", () => observer.next({ result: { type: "started" } }));
        source.addEventListener("message", (event) => {
          const data = read(event);
          const id = (event as MessageEvent).lastEventId;
          // As httpSubscriptionLink delivers tracked() values: { id, data }.
          observer.next({ result: id ? { id, data: { id, data } } : { data } });
        });
        source.addEventListener("serialized-error", (event) => {
          const error = TRPCClientError.from<AnyRouter>({ error: read(event) });
          if (!RETRYABLE.has(String(error.data?.code))) fail(error);
        });
        source.addEventListener("return", () => {
          source.close();
          observer.next({ result: { type: "stopped" } });
          observer.complete();
        });
        source.addEventListener("error", () => {
          // CONNECTING: the browser is reconnecting by itself. CLOSED: it gave up (an HTTP error).
          if (source.readyState === EventSource.CLOSED)
            fail(new TRPCClientError("The live connection failed."));
        });
        return () => source.close();
      });
}
