import type { AppRouter } from "@quartet/api/app-router";
import type { TRPCClient } from "@trpc/client";
import { useEffect, useRef } from "react";
import { trpc } from "./trpc.ts";

// Live updates: ONE Server-Sent Events stream per workspace and tab (realtime.events), shared by
// every screen that listens, so the list, the open ticket and later the inbox don't each hold one of
// the browser's few connections per origin. An event says what changed (ids and a kind); screens
// refetch what shows it. The stream resumes after its last event id on any reconnect; when events
// were missed for good (a laptop asleep for hours) it says "resync" and screens refetch everything,
// as they do once when a fresh stream says "ready" (changes made while it was starting).

type Client = TRPCClient<AppRouter>;
type Tracked = Parameters<NonNullable<Parameters<Client["realtime"]["events"]["subscribe"]>[1]["onData"]>>[0];
/** One message of the stream: `ready`, `event` / `events` (topic + payload), or `resync`. */
export type LiveMessage = Tracked["data"];
/** One change (an `event` message, or one of an `events` batch). */
export type LiveEvent = Extract<LiveMessage, { type: "events" }>["events"][number];

interface Listener {
  topics: readonly string[] | null;
  onEvent: (event: LiveEvent) => void;
  onResync: () => void;
}

interface Connection {
  listeners: Set<Listener>;
  stop: (() => void) | null;
  lastEventId: string | null;
  failures: number;
  retry: ReturnType<typeof setTimeout> | null;
  /** Closes the stream a moment after the last listener left (route changes reuse it). */
  idle: ReturnType<typeof setTimeout> | null;
}

/** A screen change unmounts and remounts listeners: keep the stream this long without any. */
const IDLE_CLOSE_MS = 3_000;
const connections = new Map<string, Connection>();

function connect(client: Client, orgId: string, conn: Connection) {
  const sub = client.realtime.events.subscribe(
    { orgId, lastEventId: conn.lastEventId },
    {
      onData(tracked) {
        conn.lastEventId = tracked.id;
        conn.failures = 0;
        const message = tracked.data;
        const events: LiveEvent[] =
          message.type === "event" ? [message] : message.type === "events" ? message.events : [];
        for (const listener of [...conn.listeners]) {
          // A fresh stream follows changes from `ready` on: what the screens fetched before it (the
          // first load races the stream's start) may already be stale, so they refetch once.
          if (message.type === "resync" || message.type === "ready") listener.onResync();
          for (const event of events) {
            if (!listener.topics || listener.topics.includes(event.topic)) listener.onEvent(event);
          }
        }
      },
      onError() {
        // The link reconnects by itself after network drops and restarts; this is a refusal or a
        // failed reconnect (a proxy's 502): start over with the last event id, backing off.
        conn.stop = null;
        conn.failures++;
        const wait = Math.min(30_000, 1000 * 2 ** Math.min(conn.failures - 1, 5));
        conn.retry = setTimeout(() => {
          conn.retry = null;
          if (conn.listeners.size > 0) connect(client, orgId, conn);
        }, wait);
      },
    },
  );
  conn.stop = () => sub.unsubscribe();
}

function close(orgId: string, conn: Connection) {
  conn.stop?.();
  conn.stop = null;
  if (conn.retry) clearTimeout(conn.retry);
  connections.delete(orgId);
}

/**
 * Calls `onEvent` for each live event of the workspace (only `topics`, when given) and `onResync`
 * when events were missed and everything shown should be refetched. Handlers may change between
 * renders; the stream is opened once per workspace and shared.
 */
export function useLive(
  orgId: string | null | undefined,
  options: {
    topics?: readonly string[];
    onEvent: (event: LiveEvent) => void;
    onResync?: () => void;
  },
): void {
  const client = trpc.useUtils().client as unknown as Client;
  const latest = useRef(options);
  latest.current = options;
  const topicsKey = options.topics?.join(",") ?? "";

  useEffect(() => {
    if (!orgId) return;
    let conn = connections.get(orgId);
    if (!conn) {
      conn = { listeners: new Set(), stop: null, lastEventId: null, failures: 0, retry: null, idle: null };
      connections.set(orgId, conn);
      connect(client, orgId, conn);
    }
    if (conn.idle) {
      clearTimeout(conn.idle);
      conn.idle = null;
    }
    const listener: Listener = {
      topics: topicsKey ? topicsKey.split(",") : null,
      onEvent: (event) => latest.current.onEvent(event),
      onResync: () => latest.current.onResync?.(),
    };
    conn.listeners.add(listener);
    const current = conn;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        current.idle = setTimeout(() => close(orgId, current), IDLE_CLOSE_MS);
      }
    };
  }, [client, orgId, topicsKey]);
}

/**
 * Refetches after live events: `refetch` runs once per burst (a bulk action of 50 tickets is one
 * refetch), `delayMs` after the first matching event, and after a resync.
 */
export function useLiveRefetch(
  orgId: string | null | undefined,
  options: {
    topics: readonly string[];
    /** Which events concern this screen (default: all of its topics). */
    match?: (event: LiveEvent) => boolean;
    refetch: () => void;
    delayMs?: number;
  },
): void {
  const latest = useRef(options);
  latest.current = options;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const schedule = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current.refetch();
    }, latest.current.delayMs ?? 250);
  };
  useLive(orgId, {
    topics: options.topics,
    onEvent: (event) => {
      if (!latest.current.match || latest.current.match(event)) schedule();
    },
    onResync: schedule,
  });
}
