import { parentPort, workerData } from "node:worker_threads";
import { createAppClient } from "@quartet/api/client";
import { EventSource } from "eventsource";

// The browsers of `pnpm bench:realtime`, in a worker thread: reading hundreds of SSE streams must
// not delay the publishing thread's clock. Each delivery is stamped with the absolute time
// (timeOrigin + now), comparable across threads.

const { origin, cookie, orgId, count } = workerData as {
  origin: string;
  cookie: string;
  orgId: string;
  count: number;
};
const port = parentPort;
if (!port) throw new Error("run as a worker thread");

const deliveries: [number, number][][] = Array.from({ length: count }, () => []);
let ready = 0;
const subs = Array.from({ length: count }, (_, i) => {
  const client = createAppClient({ url: origin, headers: () => ({ cookie }), EventSource });
  return client.realtime.events.subscribe(
    { orgId },
    {
      onData: ({ data }) => {
        if (data.type === "ready") {
          if (++ready === count) port.postMessage({ type: "ready" });
        } else {
          const at = performance.timeOrigin + performance.now();
          const events = data.type === "event" ? [data] : data.type === "events" ? data.events : [];
          for (const e of events) deliveries[i]?.push([e.seq, at]);
        }
      },
      onError: (error) => console.error("stream error:", error.message),
    },
  );
});

port.on("message", (message: { type: "count" | "collect" | "close" }) => {
  if (message.type === "count") {
    port.postMessage({ type: "count", min: Math.min(...deliveries.map((d) => d.length)) });
  } else if (message.type === "collect") {
    port.postMessage({ type: "collect", deliveries });
    for (const d of deliveries) d.length = 0;
  } else {
    for (const s of subs) s.unsubscribe();
    port.close();
  }
});
