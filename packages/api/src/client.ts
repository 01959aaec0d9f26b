import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCLink,
} from "@trpc/client";
import type { AdminRouter } from "./admin-router.ts";
import type { AppRouter } from "./app-router.ts";
import { TRPC_MAX_BATCH_SIZE } from "./batch-limit.ts";
import { transformer } from "./transformer.ts";

export interface InternalClientOptions {
  /** Origin of the server, e.g. http://localhost:3000 (the client calls `${url}/trpc`). */
  url: string;
  /** Called before each request for extra headers (a session cookie, say). */
  headers?: () => Record<string, string>;
  /** Called with each response's Set-Cookie headers so a script can keep its session. */
  onSetCookie?: (cookies: string[]) => void;
  /**
   * For subscriptions (the live channel, Server-Sent Events): an EventSource class taking a
   * `fetch` option, such as the `eventsource` package's in Node. Its requests carry `headers()`.
   */
  EventSource?: new (
    url: string,
    init?: { fetch?: typeof fetch },
  ) => unknown;
}

function link(options: InternalClientOptions) {
  const batch = batchLink(options);
  const { EventSource } = options;
  if (!EventSource) return batch;
  return splitLink({
    condition: (op) => op.type === "subscription",
    true: httpSubscriptionLink({
      url: `${options.url}/trpc`,
      transformer,
      // biome-ignore lint/suspicious/noExplicitAny: any EventSource class with a `fetch` option
      EventSource: EventSource as any,
      eventSourceOptions: {
        fetch: (input: string | URL | Request, init?: RequestInit) =>
          fetch(input, {
            ...init,
            headers: { ...(init?.headers as Record<string, string>), ...options.headers?.() },
          }),
      },
    }),
    false: batch,
    // biome-ignore lint/suspicious/noExplicitAny: the split link serves either router
  }) as TRPCLink<any>;
}

function batchLink({ url, headers, onSetCookie }: InternalClientOptions) {
  return httpBatchLink({
    url: `${url}/trpc`,
    transformer,
    maxItems: TRPC_MAX_BATCH_SIZE,
    // Internal callers are not browsers: they declare our own origin, which the CSRF guard checks.
    headers: () => ({ origin: url, ...headers?.() }),
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      const setCookies = res.headers.getSetCookie();
      if (setCookies.length > 0) onSetCookie?.(setCookies);
      return res;
    },
  });
}

/** Typed client for the customer API, for e2e tests, scripts and internal services. */
export function createAppClient(options: InternalClientOptions) {
  return createTRPCClient<AppRouter>({ links: [link(options)] });
}

/** Typed client for the admin API. */
export function createAdminClient(options: InternalClientOptions) {
  return createTRPCClient<AdminRouter>({ links: [link(options)] });
}

/** Keeps cookies between calls for a script acting as one browser. */
export function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: (): Record<string, string> =>
      jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } : {},
    store: (setCookies: string[]) => {
      for (const c of setCookies) {
        const [pair] = c.split(";");
        const eq = pair!.indexOf("=");
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        if (value === "" || /max-age=0/i.test(c) || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
        else jar.set(name, value);
      }
    },
  };
}
