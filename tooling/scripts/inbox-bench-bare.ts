import { createHash } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import pg from "pg";

// The yardstick of `pnpm bench:inbox`: the inbox's conversation list (open view, newest activity
// first, keyset cursor) as a bare Fastify + `pg` server would serve it — the same session cookie and
// checks (session + user, active membership in a live workspace), the same SQL as
// core/src/inbox/conversations/conversation.repository.ts, the same JSON, and nothing else (no tRPC,
// zod, Prisma or transformer). The benchmark runs it beside the real server and prints the ratio.
//
//   DATABASE_URL=… PORT=… tsx tooling/scripts/inbox-bench-bare.ts

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("error", () => {});
const COOKIE = "quartet_session";
const IDLE_MS = 30 * 24 * 3600_000;
const TOUCH_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class HttpError extends Error {
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
async function signedInUser(req: FastifyRequest): Promise<string> {
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

async function requireMember(orgId: unknown, userId: string): Promise<string> {
  if (typeof orgId !== "string" || !UUID.test(orgId)) throw new HttpError(400, "Invalid orgId.");
  const { rows } = await pool.query<{ role: string }>(
    `SELECT m.role FROM memberships m JOIN organizations o ON o.id = m.organization_id
     WHERE m.organization_id = $1 AND m.user_id = $2 AND NOT m.disabled AND o.deleted_at IS NULL`,
    [orgId, userId],
  );
  if (!rows[0]) throw new HttpError(404, "Workspace not found.");
  return orgId;
}

// The list's statement, as conversation.repository.ts builds it for the open view.
const LIST_SQL = (keyset: boolean) => `
  SELECT c.id, c.platform, pc.id AS connection_id,
    coalesce(pc.platform_display_name, pc.platform_username, pc.platform_user_id) AS connection_name,
    c.contact_id, c.contact_name, c.contact_avatar_url, c.last_message_preview, c.last_message_at,
    c.unread_count, c.status, c.snoozed_until,
    u.id AS assignee_id, u.name AS assignee_name, u.email AS assignee_email,
    t.id AS ticket_id, t.number AS ticket_number,
    (SELECT coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name), '[]'::json)
       FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
      WHERE cl.conversation_id = c.id) AS labels
  FROM conversations c
    JOIN platform_connections pc ON pc.id = c.platform_connection_id
    LEFT JOIN users u ON u.id = c.assigned_to_id
    LEFT JOIN tickets t ON t.id = c.ticket_id
  WHERE c.organization_id = $1::uuid
    AND c.status = 'OPEN' AND (c.snoozed_until IS NULL OR c.snoozed_until <= $2::timestamptz)
    AND c.last_message_at IS NOT NULL
    ${keyset ? "AND c.last_message_at <= $4::timestamptz AND (c.last_message_at < $4::timestamptz OR c.id < $5::uuid)" : ""}
  ORDER BY c.last_message_at DESC, c.id DESC
  LIMIT $3`;

// biome-ignore lint/suspicious/noExplicitAny: rows of hand-written SQL
type Row = Record<string, any>;

function listItem(r: Row) {
  return {
    id: r.id,
    platform: r.platform,
    connection: { id: r.connection_id, name: r.connection_name },
    contactId: r.contact_id,
    contactName: r.contact_name,
    contactAvatarUrl: r.contact_avatar_url,
    lastMessagePreview: r.last_message_preview,
    lastMessageAt: r.last_message_at,
    unreadCount: r.unread_count,
    status: r.status,
    snoozedUntil: r.snoozed_until,
    assignedTo: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? r.assignee_email ?? "" } : null,
    labels: r.labels,
    ticket: r.ticket_id && r.ticket_number !== null ? { id: r.ticket_id, number: r.ticket_number } : null,
  };
}

function decodeCursor(raw: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as [string, string];
    if (!UUID.test(id) || Number.isNaN(Date.parse(at))) throw new Error("bad");
    return { at, id };
  } catch {
    throw new HttpError(400, "This list link has expired. Reload the list.");
  }
}

async function handle(reply: FastifyReply, run: () => Promise<unknown>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return reply.code(error.status).send({ error: error.message });
    throw error;
  }
}

const app = Fastify({ logger: false });
await app.register(fastifyCookie);

app.get("/healthz", async () => ({ status: "ok" }));

/** A page of the open inbox, newest activity first. */
app.get("/bare/inbox", (req, reply) =>
  handle(reply, async () => {
    const q = req.query as { orgId?: string; limit?: string; cursor?: string };
    const userId = await signedInUser(req);
    const orgId = await requireMember(q.orgId, userId);
    const limit = Math.min(100, Math.max(1, Number(q.limit ?? 25) || 25));
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const params: unknown[] = [orgId, new Date(), limit + 1];
    if (after) params.push(after.at, after.id);
    const { rows } = await pool.query(LIST_SQL(after !== null), params);
    const items = rows.slice(0, limit).map(listItem);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last?.lastMessageAt
        ? Buffer.from(JSON.stringify([last.lastMessageAt.toISOString(), last.id])).toString("base64url")
        : null;
    return { items, nextCursor };
  }),
);

await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  });
}
