import type { DbOrTx } from "@quartet/db/client";
import type { Logger } from "../deps.ts";
import { REALTIME_CHANNEL, type RealtimeRow, readAfterCursors, readHead } from "./realtime.repository.ts";

// This process's fan-out of the realtime channel. One LISTEN connection hears "workspace X has new
// events"; the hub then reads the new rows of the workspaces it has local subscribers for (one
// statement for all of them, however many subscribers) and hands each row to every local
// subscriber of that workspace. Workspaces nobody here watches cost nothing but the notification.

/** Rows read per workspace per statement; a workspace with more is read again at once. */
const READ_BATCH = 500;
/** A subscriber this far behind (a stalled client) is dropped to a "resync" instead of buffering. */
const MAX_QUEUE = 2000;
/** After a failed read the hub retries this much later (and on the next notification). */
const RETRY_MS = 1000;

export type HubItem =
  | { type: "rows"; rows: RealtimeRow[] }
  /** Events up to `seq` were dropped (the subscriber fell behind): resync, go on after `seq`. */
  | { type: "overflow"; seq: number }
  /** The process is shutting down: the client should reconnect (to another process). */
  | { type: "closed" };

export interface HubSubscription {
  /** The next rows (in seq order, possibly overlapping what was already seen), or a marker. */
  next(options: { signal: AbortSignal; timeoutMs: number }): Promise<HubItem | "timeout" | "aborted">;
  /** Everything queued right now (no waiting), in order. */
  takeQueued(): HubItem[];
  unsubscribe(): void;
}

export interface RealtimeHub {
  /** Follows `orgId` for a new local subscriber; every event committed after this resolves reaches it. */
  subscribe(orgId: string): Promise<HubSubscription>;
  /** A NOTIFY arrived: `orgId` has new events. */
  notify(orgId: string): void;
  /** The LISTEN connection (re)connected: notifications may have been lost, catch up from the table. */
  reconnected(): void;
  /** Ends every local stream (shutdown): each subscriber gets "closed". */
  closeStreams(): void;
  stats(): { workspaces: number; subscribers: number; reads: number; delivered: number };
  /** How often an open stream re-checks its session and membership. */
  readonly accessRecheckMs: number;
}

interface Subscriber {
  queue: HubItem[];
  queued: number;
  wake: (() => void) | null;
}

interface Followed {
  /** Last seq read for this workspace; null until the first head read. */
  cursor: number | null;
  ready: Promise<void>;
  subs: Set<Subscriber>;
  dirty: boolean;
}

/** Default for how often an open stream re-checks that its session and membership still stand. */
export const ACCESS_RECHECK_MS = 60_000;

export function createRealtimeHub(deps: {
  db: DbOrTx;
  log: Pick<Logger, "warn" | "error">;
  /** Tests shorten it; the default re-checks each stream once a minute. */
  accessRecheckMs?: number;
}): RealtimeHub {
  const followed = new Map<string, Followed>();
  let draining = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let reads = 0;
  let delivered = 0;

  const push = (sub: Subscriber, item: HubItem) => {
    if (item.type === "rows") {
      if (sub.queued + item.rows.length > MAX_QUEUE) {
        const last = item.rows[item.rows.length - 1] as RealtimeRow;
        sub.queue = [{ type: "overflow", seq: last.seq }];
        sub.queued = 0;
      } else {
        sub.queue.push(item);
        sub.queued += item.rows.length;
      }
    } else {
      sub.queue.push(item);
    }
    sub.wake?.();
  };

  const drain = async () => {
    if (draining || closed) return;
    draining = true;
    try {
      for (;;) {
        const batch = [...followed.entries()].filter(([, f]) => f.dirty && f.cursor !== null);
        if (batch.length === 0) break;
        for (const [, f] of batch) f.dirty = false;
        let rows: RealtimeRow[];
        try {
          reads++;
          rows = await readAfterCursors(
            deps.db,
            batch.map(([orgId, f]) => ({ orgId, after: f.cursor as number })),
            READ_BATCH,
          );
        } catch (error) {
          for (const [, f] of batch) f.dirty = true;
          deps.log.warn({ err: error }, "realtime: reading new events failed; retrying");
          retryTimer ??= setTimeout(() => {
            retryTimer = null;
            void drain();
          }, RETRY_MS);
          break;
        }
        const byOrg = new Map<string, RealtimeRow[]>();
        for (const row of rows) {
          const list = byOrg.get(row.orgId) ?? [];
          list.push(row);
          byOrg.set(row.orgId, list);
        }
        for (const [orgId, f] of batch) {
          const fresh = (byOrg.get(orgId) ?? []).filter((r) => r.seq > (f.cursor as number));
          if (fresh.length === 0) continue;
          f.cursor = (fresh[fresh.length - 1] as RealtimeRow).seq;
          if (fresh.length >= READ_BATCH) f.dirty = true;
          for (const sub of f.subs) push(sub, { type: "rows", rows: fresh });
          delivered += fresh.length * f.subs.size;
        }
      }
    } finally {
      draining = false;
    }
  };

  const follow = (orgId: string): Followed => {
    const existing = followed.get(orgId);
    if (existing) return existing;
    const f: Followed = { cursor: null, ready: Promise.resolve(), subs: new Set(), dirty: false };
    // Everything committed up to the head is the subscriber's replay (read after this); the hub
    // delivers what comes after it. A notification during this read marks it dirty for later.
    f.ready = readHead(deps.db, orgId).then(
      (head) => {
        f.cursor = head;
        if (f.dirty) void drain();
      },
      (error: unknown) => {
        if (followed.get(orgId) === f) followed.delete(orgId);
        throw error;
      },
    );
    followed.set(orgId, f);
    return f;
  };

  return {
    async subscribe(orgId) {
      const f = follow(orgId);
      const sub: Subscriber = { queue: [], queued: 0, wake: null };
      f.subs.add(sub);
      const unsubscribe = () => {
        f.subs.delete(sub);
        sub.wake?.();
        if (f.subs.size === 0 && followed.get(orgId) === f) followed.delete(orgId);
      };
      try {
        await f.ready;
      } catch (error) {
        unsubscribe();
        throw error;
      }
      if (closed) push(sub, { type: "closed" });
      return {
        unsubscribe,
        takeQueued() {
          const items = sub.queue;
          sub.queue = [];
          sub.queued = 0;
          return items;
        },
        async next({ signal, timeoutMs }) {
          for (;;) {
            const item = sub.queue.shift();
            if (item) {
              if (item.type === "rows") sub.queued -= item.rows.length;
              return item;
            }
            if (signal.aborted) return "aborted";
            const outcome = await new Promise<"woken" | "timeout" | "aborted">((resolve) => {
              const timer = setTimeout(() => done("timeout"), timeoutMs);
              const onAbort = () => done("aborted");
              function done(result: "woken" | "timeout" | "aborted") {
                clearTimeout(timer);
                signal.removeEventListener("abort", onAbort);
                sub.wake = null;
                resolve(result);
              }
              sub.wake = () => done("woken");
              signal.addEventListener("abort", onAbort, { once: true });
            });
            if (outcome !== "woken") return outcome;
          }
        },
      };
    },
    notify(orgId) {
      const f = followed.get(orgId);
      if (!f) return;
      f.dirty = true;
      if (f.cursor !== null) void drain();
    },
    reconnected() {
      for (const f of followed.values()) f.dirty = true;
      void drain();
    },
    closeStreams() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const f of followed.values()) for (const sub of f.subs) push(sub, { type: "closed" });
    },
    accessRecheckMs: deps.accessRecheckMs ?? ACCESS_RECHECK_MS,
    stats() {
      let subscribers = 0;
      for (const f of followed.values()) subscribers += f.subs.size;
      return { workspaces: followed.size, subscribers, reads, delivered };
    },
  };
}

/** A connection that can LISTEN: pg-boss' own Db (a dedicated client that reconnects with backoff). */
export interface RealtimeListenSource {
  listen?(
    channel: string,
    onNotification: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<{ close(): Promise<void> }>;
}

/**
 * Holds this process's LISTEN connection on the realtime channel, on pg-boss' listener (as the
 * runtime settings do): after a reconnect the hub reads what it missed from the table, since
 * notifications sent while it was down are lost.
 */
export async function listenForRealtime(
  hub: RealtimeHub,
  source: RealtimeListenSource,
  log: Pick<Logger, "info" | "warn">,
): Promise<{ close(): Promise<void> }> {
  if (typeof source.listen !== "function") {
    log.warn("realtime: this database connection can't LISTEN; live updates are off");
    return { close: async () => {} };
  }
  let first = true;
  return source.listen(
    REALTIME_CHANNEL,
    (orgId) => hub.notify(orgId),
    () => {
      if (!first) log.info("realtime: listener reconnected, catching up from the event log");
      first = false;
      hub.reconnected();
    },
  );
}
