import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type pg from "pg";

// What the bare yardsticks of `bench:desk` and `bench:inbox` share: the app's session cookie and
// checks (session + user, active membership in a live workspace, the role), by hand on `pg`.

const COOKIE = "quartet_session";
const IDLE_MS = 30 * 24 * 3600_000;
const TOUCH_MS = 60_000;
const ROLE_RANK: Record<string, number> = { MEMBER: 0, AGENT: 1, ADMIN: 2, OWNER: 3 };
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface SessionRow {
  user_id: string;
  kind: string;
  two_factor_pending: boolean;
  last_activity_at: Date;
  expires_at: Date;
  absolute_expires_at: Date;
  status: string;
  deleted_at: Date | null;
}

/** Session and user in one query; slides the expiry at most once a minute, like the app. */
export async function signedInUser(pool: pg.Pool, req: FastifyRequest): Promise<string> {
  const token = req.cookies[COOKIE];
  if (!token) throw new HttpError(401, "Please sign in to continue.");
  const id = createHash("sha256").update(token).digest("hex");
  const { rows } = await pool.query<SessionRow>(
    `SELECT s.user_id, s.kind, s.two_factor_pending, s.last_activity_at, s.expires_at,
            s.absolute_expires_at, u.status, u.deleted_at
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
    [id],
  );
  const s = rows[0];
  const now = Date.now();
  if (
    s?.kind !== "WEB" ||
    s.two_factor_pending ||
    now >= s.expires_at.getTime() ||
    now >= s.absolute_expires_at.getTime() ||
    s.status !== "ACTIVE" ||
    s.deleted_at
  ) {
    throw new HttpError(401, "Please sign in to continue.");
  }
  if (now - s.last_activity_at.getTime() >= TOUCH_MS) {
    const expiresAt = new Date(Math.min(now + IDLE_MS, s.absolute_expires_at.getTime()));
    await pool.query("UPDATE sessions SET last_activity_at = $2, expires_at = $3 WHERE id = $1", [
      id,
      new Date(now),
      expiresAt,
    ]);
  }
  return s.user_id;
}

/** The workspace id once the caller is an active member with at least `minRole` (404 / 403 otherwise). */
export async function requireMember(
  pool: pg.Pool,
  orgId: unknown,
  userId: string,
  minRole = "MEMBER",
): Promise<string> {
  if (typeof orgId !== "string" || !UUID.test(orgId)) throw new HttpError(400, "Invalid orgId.");
  const { rows } = await pool.query<{ role: string }>(
    `SELECT m.role FROM memberships m JOIN organizations o ON o.id = m.organization_id
     WHERE m.organization_id = $1 AND m.user_id = $2 AND NOT m.disabled AND o.deleted_at IS NULL`,
    [orgId, userId],
  );
  const role = rows[0]?.role;
  if (!role) throw new HttpError(404, "Workspace not found.");
  if ((ROLE_RANK[role] ?? -1) < (ROLE_RANK[minRole] ?? 0)) throw new HttpError(403, "Forbidden.");
  return orgId;
}

/** Runs a route, answering an HttpError with its status and message. */
export async function handle(reply: FastifyReply, run: () => Promise<unknown>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return reply.code(error.status).send({ error: error.message });
    throw error;
  }
}
