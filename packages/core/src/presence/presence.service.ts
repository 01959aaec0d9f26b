import type { PresenceState } from "@quartet/db/enums";
import type { Deps } from "../deps.ts";
import * as repo from "./presence.repository.ts";
import {
  PRESENCE_STALE_MS,
  PRESENCE_WINDOW_MS,
  type PresenceKey,
  type PresentPerson,
  TYPING_WINDOW_MS,
} from "./presence.schema.ts";

// Presence on shared resources, kept in Postgres so every web process sees the same people. These
// functions trust their caller: a module's service checks that the actor may see the resource
// (workspace membership, the resource exists in it) and then calls them — see
// desk/tickets/ticket-presence.service.ts. A client beats every 5–10 s while the resource is open
// (one upsert) and reads the others (one select); `leave` on close; the sweep deletes what's left.

type PresenceDeps = Pick<Deps, "db" | "clock">;

/** The others seen on the resource within the window (never `key.userId` itself). */
export function listOthers(deps: PresenceDeps, key: PresenceKey): Promise<PresentPerson[]> {
  const now = deps.clock.now().getTime();
  return repo.listPresent(deps.db, {
    orgId: key.orgId,
    kind: key.kind,
    resourceId: key.resourceId,
    exceptUserId: key.userId,
    since: new Date(now - PRESENCE_WINDOW_MS),
    typingSince: new Date(now - TYPING_WINDOW_MS),
  });
}

/** Records that `key.userId` is on the resource in `state` now, and returns the others. */
export async function beat(
  deps: PresenceDeps,
  key: PresenceKey,
  state: PresenceState,
): Promise<PresentPerson[]> {
  await repo.upsertPresence(deps.db, key, state, deps.clock.now());
  return listOthers(deps, key);
}

/** `key.userId` closed the resource: the others stop seeing them at their next poll. */
export async function leave(deps: PresenceDeps, key: PresenceKey): Promise<void> {
  await repo.deletePresence(deps.db, key);
}

/** Deletes rows no heartbeat refreshed for a while (run by maintenance.cleanup); returns how many. */
export function sweepStalePresence(deps: PresenceDeps): Promise<number> {
  return repo.deleteStalePresence(deps.db, new Date(deps.clock.now().getTime() - PRESENCE_STALE_MS));
}
