import fastifyCookie from "@fastify/cookie";
import Fastify from "fastify";
import pg from "pg";
import { HttpError, handle, requireMember, signedInUser, UUID } from "./bench-bare-auth.ts";

// The yardstick of `pnpm bench:desk`: the Desk's ticket list and detail as a bare Fastify + `pg`
// server would serve them — the same session cookie and checks (session + user, active membership
// in a live workspace), the same JSON, hand-written SQL and nothing else (no tRPC, zod, Prisma or
// transformer). The benchmark runs it beside the real server and prints the ratio.
//
//   DATABASE_URL=… PORT=… tsx tooling/scripts/desk-bench-bare.ts

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("error", () => {});

const LIST_COLUMNS = `
  t.id, t.number, t.subject, t.status, t.priority, t.channel, t.tags, t.first_response_at,
  t.sla_due_at, t.sla_breached, t.sla_warn_at, t.created_at, t.updated_at,
  c.id AS c_id, c.name AS c_name, c.email AS c_email, c.phone AS c_phone,
  a.id AS a_id, a.name AS a_name, a.email AS a_email, a.avatar_url AS a_avatar_url,
  tm.id AS tm_id, tm.name AS tm_name`;
const LIST_JOINS = `
  JOIN contacts c ON c.id = t.contact_id
  LEFT JOIN users a ON a.id = t.assignee_id
  LEFT JOIN teams tm ON tm.id = t.team_id`;

// biome-ignore lint/suspicious/noExplicitAny: rows of hand-written SQL
type Row = Record<string, any>;

function listItem(r: Row) {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    tags: r.tags,
    firstResponseAt: r.first_response_at,
    slaDueAt: r.sla_due_at,
    slaBreached: r.sla_breached,
    slaWarnAt: r.sla_warn_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    contact: { id: r.c_id, name: r.c_name, email: r.c_email, phone: r.c_phone },
    assignee: r.a_id ? { id: r.a_id, name: r.a_name, email: r.a_email, avatarUrl: r.a_avatar_url } : null,
    team: r.tm_id ? { id: r.tm_id, name: r.tm_name } : null,
  };
}

const iso = (v: string | null) => (v === null ? null : new Date(v));

const app = Fastify({ logger: false });
await app.register(fastifyCookie);

app.get("/healthz", async () => ({ status: "ok" }));

/** First page of the list, newest activity first (the Desk's default view). */
app.get("/bare/tickets", (req, reply) =>
  handle(reply, async () => {
    const q = req.query as { orgId?: string; limit?: string };
    const userId = await signedInUser(pool, req);
    const orgId = await requireMember(pool, q.orgId, userId, "MEMBER");
    const limit = Math.min(100, Math.max(1, Number(q.limit ?? 25) || 25));
    const { rows } = await pool.query(
      `SELECT ${LIST_COLUMNS} FROM tickets t ${LIST_JOINS}
       WHERE t.organization_id = $1 AND t.deleted_at IS NULL
       ORDER BY t.updated_at DESC, t.id DESC LIMIT $2`,
      [orgId, limit + 1],
    );
    const items = rows.slice(0, limit).map(listItem);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? Buffer.from(JSON.stringify(["updatedAt", last.updatedAt.toISOString(), last.id])).toString(
            "base64url",
          )
        : null;
    return { items, nextCursor };
  }),
);

const USER_JSON = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'email', ${alias}.email, 'avatarUrl', ${alias}.avatar_url) END`;
const CONTACT_JSON = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'email', ${alias}.email, 'phone', ${alias}.phone) END`;

/** A ticket with its conversation and timeline, in one statement. */
app.get("/bare/tickets/:id", (req, reply) =>
  handle(reply, async () => {
    const q = req.query as { orgId?: string };
    const { id } = req.params as { id: string };
    const userId = await signedInUser(pool, req);
    const orgId = await requireMember(pool, q.orgId, userId, "MEMBER");
    if (!UUID.test(id)) throw new HttpError(400, "Invalid id.");
    const { rows } = await pool.query(
      `SELECT ${LIST_COLUMNS}, t.description, t.custom_fields, t.resolved_at, t.closed_at, t.merged_into_id,
         ${USER_JSON("cb")} AS created_by,
         CASE WHEN mi.id IS NULL THEN NULL ELSE json_build_object('id', mi.id, 'number', mi.number, 'subject', mi.subject) END AS merged_into,
         (SELECT coalesce(json_agg(json_build_object(
             'id', m.id, 'message', m.message, 'messageHtml', m.message_html, 'isInternal', m.is_internal,
             'attachmentUrls', m.attachment_urls, 'emailMessageId', m.email_message_id, 'createdAt', m.created_at,
             'authorUser', ${USER_JSON("mu")}, 'authorContact', ${CONTACT_JSON("mc")},
             'attachments', (SELECT coalesce(json_agg(json_build_object('id', f.id, 'fileName', f.file_name,
                                 'mimeType', f.mime_type, 'sizeBytes', f.size_bytes) ORDER BY f.created_at), '[]')
                             FROM desk_attachments f WHERE f.message_id = m.id)
           ) ORDER BY m.seq), '[]')
          FROM ticket_messages m LEFT JOIN users mu ON mu.id = m.author_user_id
          LEFT JOIN contacts mc ON mc.id = m.author_contact_id
          WHERE m.ticket_id = t.id) AS messages,
         (SELECT coalesce(json_agg(json_build_object(
             'id', ac.id, 'actionType', ac.action_type, 'oldValue', ac.old_value, 'newValue', ac.new_value,
             'createdAt', ac.created_at, 'actor', ${USER_JSON("au")}) ORDER BY ac.seq), '[]')
          FROM ticket_activities ac LEFT JOIN users au ON au.id = ac.actor_id
          WHERE ac.ticket_id = t.id) AS activities,
         (SELECT coalesce(json_agg(json_build_object('id', f.id, 'fileName', f.file_name,
                  'mimeType', f.mime_type, 'sizeBytes', f.size_bytes) ORDER BY f.created_at), '[]')
          FROM desk_attachments f WHERE f.ticket_id = t.id AND f.message_id IS NULL) AS attachments
       FROM tickets t ${LIST_JOINS}
       LEFT JOIN users cb ON cb.id = t.created_by_id
       LEFT JOIN tickets mi ON mi.id = t.merged_into_id
       WHERE t.id = $1 AND t.organization_id = $2 AND t.deleted_at IS NULL`,
      [id, orgId],
    );
    const r = rows[0];
    if (!r) throw new HttpError(404, "Ticket not found.");
    return {
      ...listItem(r),
      description: r.description,
      customFields: r.custom_fields,
      resolvedAt: r.resolved_at,
      closedAt: r.closed_at,
      mergedIntoId: r.merged_into_id,
      mergedInto: r.merged_into,
      createdBy: r.created_by,
      messages: (r.messages as Row[]).map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
      activities: (r.activities as Row[]).map((a) => ({ ...a, createdAt: iso(a.createdAt) })),
      attachments: r.attachments,
    };
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
