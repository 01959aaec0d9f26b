import { adminRouter } from "@quartet/api/admin-router";
import { appRouter } from "@quartet/api/app-router";
import { signInboundEmail } from "@quartet/core/desk/mail/email-inbound.signature";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { composeMime } from "@quartet/integrations/mail/mime-compose";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INBOUND_EMAIL_PATH } from "./inbound-email.plugin.ts";
import { buildServer } from "./server.ts";

const SECRET = "relay-secret-0123456789abcdef0123456789abcdef";
let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let admin: FastifyInstance;
let deps: ReturnType<typeof makeTestDeps>;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  const common = { deps, origin: "http://localhost:3000", inboundEmail: { secret: SECRET } };
  web = await buildServer({ ...common, kind: "WEB", router: appRouter });
  admin = await buildServer({ ...common, kind: "ADMIN", router: adminRouter });
});

afterAll(async () => {
  await Promise.all([web?.close(), admin?.close()]);
  await boss?.stop({ graceful: false });
  await t?.drop();
});

const nowSeconds = () => Math.floor(deps.clock.now().getTime() / 1000);

/** Posts raw MIME the way the relay does (no Origin, no cookie), signed unless told otherwise. */
function post(
  app: FastifyInstance,
  raw: Buffer,
  options: { secret?: string; timestamp?: number; signature?: string; contentType?: string } = {},
) {
  const timestamp = options.timestamp ?? nowSeconds();
  return app.inject({
    method: "POST",
    url: INBOUND_EMAIL_PATH,
    headers: {
      "content-type": options.contentType ?? "message/rfc822",
      "x-quartet-timestamp": String(timestamp),
      "x-quartet-signature": options.signature ?? signInboundEmail(options.secret ?? SECRET, timestamp, raw),
    },
    payload: raw,
  });
}

async function mailTo(slug: string, subject = "Printer on fire") {
  return composeMime({
    from: "Ada <ada@example.test>",
    to: `${slug}@${deps.config.inboundEmailDomain}`,
    subject,
    messageId: `<${Math.random().toString(36).slice(2)}@example.test>`,
    text: "It is smoking.",
  });
}

describe("POST /hooks/desk/inbound-email", () => {
  it("accepts a signed mail without Origin or cookie (202) and the ticket exists", async () => {
    const { org } = await makeStaffedOrg(t.db);
    const res = await post(web, await mailTo(org.slug));
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.outcome).toBe("created");
    const ticket = await t.db.ticket.findUniqueOrThrow({ where: { id: body.ticketId } });
    expect(ticket).toMatchObject({ organizationId: org.id, channel: "EMAIL", subject: "Printer on fire" });
  });

  it("refuses a wrong signature with 401 and writes nothing", async () => {
    const { org } = await makeStaffedOrg(t.db);
    const raw = await mailTo(org.slug);
    const wrongKey = await post(web, raw, { secret: "another-secret-0123456789abcdef0123456789" });
    expect(wrongKey.statusCode).toBe(401);
    const tampered = await post(web, Buffer.concat([raw, Buffer.from("x")]), {
      signature: signInboundEmail(SECRET, nowSeconds(), raw),
    });
    expect(tampered.statusCode).toBe(401);
    const missing = await web.inject({
      method: "POST",
      url: INBOUND_EMAIL_PATH,
      headers: { "content-type": "message/rfc822" },
      payload: raw,
    });
    expect(missing.statusCode).toBe(401);
    expect(await t.db.ticket.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("refuses a stale (or future) timestamp with 401 even when correctly signed", async () => {
    const { org } = await makeStaffedOrg(t.db);
    const raw = await mailTo(org.slug);
    expect((await post(web, raw, { timestamp: nowSeconds() - 301 })).statusCode).toBe(401);
    expect((await post(web, raw, { timestamp: nowSeconds() + 301 })).statusCode).toBe(401);
    expect((await post(web, raw, { timestamp: nowSeconds() - 299 })).statusCode).toBe(202);
  });

  it("answers 400 for bytes that are not a mail, and 202 with the outcome for mail it drops", async () => {
    const bad = await post(web, Buffer.from("not a mail at all"), {
      contentType: "application/octet-stream",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("BAD_REQUEST");
    const unknown = await post(web, await mailTo("no-such-workspace"));
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual({ outcome: "unknown_workspace" });
  });

  it("refuses other content types and does not exist on the admin server", async () => {
    const { org } = await makeStaffedOrg(t.db);
    const raw = await mailTo(org.slug);
    expect((await post(web, raw, { contentType: "text/plain" })).statusCode).toBe(415);
    // No such route on admin: the CSRF guard answers first for an origin-less POST.
    expect([403, 404]).toContain((await post(admin, raw)).statusCode);
    expect(await t.db.ticket.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("takes a large mail (above the 1 MB API limit)", async () => {
    const { org } = await makeStaffedOrg(t.db);
    const raw = await composeMime({
      from: "ada@example.test",
      to: `${org.slug}@${deps.config.inboundEmailDomain}`,
      subject: "Big scan",
      text: "See attached.",
      attachments: [
        { filename: "scan.pdf", content: Buffer.alloc(3 * 1024 * 1024, 7), contentType: "application/pdf" },
      ],
    });
    const res = await post(web, raw);
    expect(res.statusCode).toBe(202);
    expect(await t.db.deskAttachment.count({ where: { ticketId: res.json().ticketId } })).toBe(1);
  });
});
