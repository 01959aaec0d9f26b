import { invalidateUserSessions } from "@quartet/auth/session";
import type { Deps, UserActor } from "../deps.ts";
import { notFound } from "../errors.ts";
import type { RevokeSessionInput } from "./identity.schema.ts";
import { recordAuthEventFrom } from "./identity.shared.ts";
import { deleteUserSession, listActiveSessions } from "./session.repository.ts";

// The account page's "where you're signed in" list.

export interface SessionListItem {
  id: string;
  kind: "WEB" | "ADMIN";
  deviceInfo: { browser: string; os: string; type: string };
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActivityAt: Date;
  current: boolean;
}

function deviceOf(value: unknown): SessionListItem["deviceInfo"] {
  const info = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const str = (v: unknown, fallback: string) => (typeof v === "string" && v !== "" ? v : fallback);
  return {
    browser: str(info.browser, "Unknown"),
    os: str(info.os, "Unknown"),
    type: str(info.type, "unknown"),
  };
}

export async function listSessions(deps: Deps, actor: UserActor): Promise<SessionListItem[]> {
  const rows = await listActiveSessions(deps.db, actor.userId, deps.clock.now());
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    deviceInfo: deviceOf(row.deviceInfo),
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    createdAt: row.createdAt,
    lastActivityAt: row.lastActivityAt,
    current: row.id === actor.sessionId,
  }));
  // The session in use first, then by recent activity.
  return items.sort((a, b) => Number(b.current) - Number(a.current));
}

export async function revokeSession(
  deps: Deps,
  actor: UserActor,
  input: RevokeSessionInput,
): Promise<{ ok: true }> {
  const removed = await deleteUserSession(deps.db, actor.userId, input.sessionId);
  if (!removed) throw notFound("That session has already ended.");
  await recordAuthEventFrom(deps.db, actor, {
    type: "SESSION_REVOKED",
    outcome: "SUCCESS",
    userId: actor.userId,
    metadata: { current: input.sessionId === actor.sessionId, count: 1 },
    at: deps.clock.now(),
  });
  return { ok: true };
}

/** Signs out everywhere except here. */
export async function revokeOtherSessions(deps: Deps, actor: UserActor): Promise<{ count: number }> {
  const count = await invalidateUserSessions(deps.db, actor.userId, actor.sessionId);
  await recordAuthEventFrom(deps.db, actor, {
    type: "SESSION_REVOKED",
    outcome: "SUCCESS",
    userId: actor.userId,
    metadata: { others: true, count },
    at: deps.clock.now(),
  });
  return { count };
}
