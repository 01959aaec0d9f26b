import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import Fastify from "fastify";
import pg from "pg";

// The yardstick of `pnpm bench:inbox-ingest`: what receiving a Meta webhook costs at the least — the
// raw body, its X-Hub-Signature-256 checked with the app secret, and one durable insert keyed by the
// body's SHA-256 (a redelivery stored once) — as a bare Fastify + `pg` server, into its own table.
//
//   DATABASE_URL=… PORT=… META_APP_SECRET=… tsx tooling/scripts/inbox-ingest-bench-bare.ts

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("error", () => {});
const secret = process.env.META_APP_SECRET ?? "";
await pool.query(
  `CREATE TABLE IF NOT EXISTS bench_bare_webhooks (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text NOT NULL, body_hash varchar(64) NOT NULL UNIQUE,
     received_at timestamptz NOT NULL DEFAULT now())`,
);

const app = Fastify({ bodyLimit: 1024 * 1024 });
app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
app.get("/healthz", async () => ({ ok: true }));
app.post("/hooks/inbox/whatsapp", async (req, reply) => {
  const raw = req.body as Buffer;
  const header = String(req.headers["x-hub-signature-256"] ?? "");
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`);
  const given = Buffer.from(header);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return reply.code(401).send({ error: "bad signature" });
  const hash = createHash("sha256").update(raw).digest("hex");
  const { rowCount } = await pool.query(
    "INSERT INTO bench_bare_webhooks (body, body_hash) VALUES ($1, $2) ON CONFLICT (body_hash) DO NOTHING",
    [raw.toString("utf8"), hash],
  );
  return { received: true, duplicate: rowCount === 0 };
});
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
