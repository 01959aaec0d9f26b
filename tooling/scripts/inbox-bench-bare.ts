import fastifyCookie from "@fastify/cookie";
import Fastify from "fastify";
import pg from "pg";
import { HttpError, handle, requireMember, signedInUser, UUID } from "./bench-bare-auth.ts";

// The yardstick of `pnpm bench:inbox`: the inbox's conversation list (open view, newest activity
// first, keyset cursor) as a bare Fastify + `pg` server would serve it — the same session cookie and
// checks (session + user, active membership in a live workspace), the same SQL as
// core/src/inbox/conversations/conversation.repository.ts, the same JSON, and nothing else (no tRPC,
// zod, Prisma or transformer). The benchmark runs it beside the real server and prints the ratio.
//
//   DATABASE_URL=… PORT=… tsx tooling/scripts/inbox-bench-bare.ts

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("error", () => {});

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

const app = Fastify({ logger: false });
await app.register(fastifyCookie);

app.get("/healthz", async () => ({ status: "ok" }));

/** A page of the open inbox, newest activity first. */
app.get("/bare/inbox", (req, reply) =>
  handle(reply, async () => {
    const q = req.query as { orgId?: string; limit?: string; cursor?: string };
    const userId = await signedInUser(pool, req);
    const orgId = await requireMember(pool, q.orgId, userId);
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
