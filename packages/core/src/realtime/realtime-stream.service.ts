import type { MemberRole } from "@quartet/db/enums";
import type { Clock, Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { atLeast } from "../orgs/org-access.service.ts";
import { type RealtimeRow, readHead, readRange, roleIfStillInOrg } from "./realtime.repository.ts";
import type { RealtimeEvent, RealtimeMessage, RealtimeSubscribeInput } from "./realtime.schema.ts";
import type { HubSubscription, RealtimeHub } from "./realtime-hub.ts";
import { type RealtimeTopic, realtimeTopicNames, realtimeTopics } from "./realtime-topics.ts";

/** Events per `events` message (a replay or a burst). */
const MAX_BATCH = 200;
/** A reconnect further behind than this refetches everything instead of replaying. */
export const REPLAY_LIMIT = 1000;

/** The process is closing the stream (shutdown): the client should reconnect, elsewhere. */
export class RealtimeClosingError extends Error {
  constructor() {
    super("This server is restarting; reconnecting.");
    this.name = "RealtimeClosingError";
  }
}

export interface RealtimeAccess {
  orgId: string;
  userId: string;
  sessionId: string;
  /** The role the request was checked with (orgProcedure). */
  role: MemberRole;
}

type StreamDeps = Pick<Deps, "db" | "clock"> & { realtime?: RealtimeHub; clock: Clock };

function readableTopics(role: MemberRole, requested: RealtimeTopic[] | undefined): Set<RealtimeTopic> {
  if (requested) {
    const refused = requested.filter((t) => !atLeast(role, realtimeTopics[t].minRole));
    if (refused.length > 0) {
      throw new AppError("FORBIDDEN", "Your role in this workspace doesn't allow these live updates.", {
        topics: `Not allowed: ${refused.join(", ")}`,
      });
    }
    return new Set(requested);
  }
  return new Set(realtimeTopicNames.filter((t) => atLeast(role, realtimeTopics[t].minRole)));
}

/** A client's last event id, or null when it isn't one we could have sent. */
function parseEventId(raw: string | null | undefined): number | null | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/**
 * The workspace's live events for one subscriber: first what it missed after `lastEventId` (or a
 * `resync` when that can't be replayed exactly), then every new event as it commits, in seq order,
 * each once. Ends when `signal` aborts; throws RealtimeClosingError on shutdown and NOT_FOUND when
 * the session or membership ends while the stream is open.
 */
export function streamRealtime(
  deps: StreamDeps,
  access: RealtimeAccess,
  input: Pick<RealtimeSubscribeInput, "topics" | "lastEventId">,
  signal: AbortSignal,
): AsyncGenerator<RealtimeMessage, void, undefined> {
  // Checked before the stream starts, so the request itself is refused with the right code.
  const hub = deps.realtime;
  if (!hub) throw new AppError("PRECONDITION_FAILED", "Live updates are not available on this server.");
  const topics = readableTopics(access.role, input.topics);
  return stream(deps, hub, access, input, topics, signal);
}

async function* stream(
  deps: StreamDeps,
  hub: RealtimeHub,
  access: RealtimeAccess,
  input: Pick<RealtimeSubscribeInput, "topics" | "lastEventId">,
  initialTopics: Set<RealtimeTopic>,
  signal: AbortSignal,
): AsyncGenerator<RealtimeMessage, void, undefined> {
  let topics = initialTopics;
  const requested = input.topics;
  const last = parseEventId(input.lastEventId);

  // Follow first, then read: every event committed after the hub's cursor reaches `sub`, and the
  // replay below reads up to a head taken after that, so the two overlap rather than leave a gap.
  const sub: HubSubscription = await hub.subscribe(access.orgId);
  try {
    const head = await readHead(deps.db, access.orgId);
    let cursor = head;
    if (last === undefined) {
      yield { type: "ready", seq: head };
    } else {
      const missed = last === null || last > head ? -1 : head - last;
      const rows =
        missed > 0 && missed <= REPLAY_LIMIT
          ? await readRange(deps.db, access.orgId, last as number, head, missed)
          : [];
      if (missed < 0 || missed > REPLAY_LIMIT || rows.length !== missed) {
        // Unknown id (another database, a reset log) or events pruned or too many: start over.
        yield { type: "resync", seq: head };
      } else {
        for (let i = 0; i < rows.length; i += MAX_BATCH) {
          const chunk = rows.slice(i, i + MAX_BATCH);
          const message = batchMessage(chunk, topics, (chunk[chunk.length - 1] as RealtimeRow).seq);
          if (message) yield message;
        }
      }
    }

    let recheckAt = Date.now() + hub.accessRecheckMs;
    for (;;) {
      const first = await sub.next({ signal, timeoutMs: Math.max(0, recheckAt - Date.now()) });
      if (first === "aborted") return;
      if (first === "timeout" || Date.now() >= recheckAt) {
        const role = await roleIfStillInOrg(deps.db, {
          sessionId: access.sessionId,
          userId: access.userId,
          orgId: access.orgId,
          now: deps.clock.now(),
        });
        if (!role) throw new AppError("NOT_FOUND", "Workspace not found.");
        if (role !== access.role) {
          // A new role reads a different set of topics (a topic it asked for by name may be refused).
          topics = readableTopics(role, requested);
        }
        recheckAt = Date.now() + hub.accessRecheckMs;
        if (first === "timeout") continue;
      }
      // Whatever else is already queued goes out with it: a client that fell behind (a burst, a
      // slow network) catches up in a few messages instead of one per event.
      let batch: RealtimeRow[] = [];
      for (const item of [first, ...sub.takeQueued()]) {
        if (item.type === "rows") {
          for (const row of item.rows) {
            if (row.seq <= cursor) continue; // already replayed
            if (row.seq !== cursor + 1) {
              // Never expected (seqs are gap-free per workspace), but a client must not miss one silently.
              batch = [];
              cursor = row.seq;
              yield { type: "resync", seq: cursor };
              continue;
            }
            cursor = row.seq;
            batch.push(row);
          }
          continue;
        }
        const message = batchMessage(batch, topics, cursor);
        if (message) yield message;
        batch = [];
        if (item.type === "closed") throw new RealtimeClosingError();
        if (item.seq > cursor) {
          // Overflow: this subscriber fell too far behind and its queue was dropped.
          cursor = item.seq;
          yield { type: "resync", seq: cursor };
        }
      }
      for (let i = 0; i < batch.length; i += MAX_BATCH) {
        const chunk = batch.slice(i, i + MAX_BATCH);
        const message = batchMessage(chunk, topics, (chunk[chunk.length - 1] as RealtimeRow).seq);
        if (message) yield message;
      }
    }
  } finally {
    sub.unsubscribe();
  }
}

function toEvent(row: RealtimeRow): RealtimeEvent {
  return {
    seq: row.seq,
    topic: row.topic as RealtimeTopic,
    payload: row.payload as Record<string, unknown>,
    at: row.at,
  };
}

/**
 * The message for consecutive rows (up to `seq`) that the subscriber may read: one `event`, or
 * `events` for several; null when none of them is for it.
 */
function batchMessage(rows: RealtimeRow[], topics: Set<RealtimeTopic>, seq: number): RealtimeMessage | null {
  const events = rows.filter((r) => topics.has(r.topic as RealtimeTopic)).map(toEvent);
  if (events.length === 0) return null;
  if (events.length === 1) return { type: "event", ...(events[0] as RealtimeEvent) };
  return { type: "events", seq, events };
}
