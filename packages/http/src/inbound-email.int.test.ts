import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { adminRouter } from "@quartet/api/admin-router";
import { appRouter } from "@quartet/api/app-router";
import { INBOUND_EMAIL_MAX_BYTES } from "@quartet/core/desk/mail/email-inbound.schema";
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

/**
 * Posts over a real socket, writing `chunks()` one at a time and waiting for each to drain, and
 * stops writing as soon as the server answers. Says how much was sent when the answer came.
 */
function streamPost(
  port: number,
  headers: Record<string, string>,
  chunks: () => Generator<Buffer>,
): Promise<{
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  sentBeforeAnswer: number;
  sentAll: boolean;
}> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    let sentAll = false;
    const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: INBOUND_EMAIL_PATH, headers });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer after sending ${sent} bytes`));
    }, 20_000);
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString();
      });
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBeforeAnswer, sentAll });
        req.destroy();
      };
      res.on("end", done);
      res.on("error", done);
    });
    // A reset while we are still writing is expected once the server has answered and closed.
    req.on("error", (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    const it = chunks();
    const pump = () => {
      while (!answered) {
        const next = it.next();
        if (next.done) {
          sentAll = true;
          req.end();
          return;
        }
        sent += next.value.length;
        if (!req.write(next.value)) {
          req.once("drain", pump);
          return;
        }
      }
    };
    pump();
  });
}

/**
 * The server answers and closes while we are still writing; our next write makes its kernel send a
 * reset, and a reset that arrives before Node has read the answer discards it (EPIPE/ECONNRESET
 * with no response). That transport race is retried; any other outcome is the server's.
 */
async function refusedPost(...args: Parameters<typeof streamPost>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await streamPost(...args);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== "EPIPE" && code !== "ECONNRESET")) throw error;
    }
  }
}

function* repeat(chunk: Buffer, times: number) {
  for (let i = 0; i < times; i++) yield chunk;
}

describe("POST /hooks/desk/inbound-email over a real socket: nothing is buffered before the signature", () => {
  let port = 0;
  beforeAll(async () => {
    await web.listen({ port: 0, host: "127.0.0.1" });
    port = (web.server.address() as AddressInfo).port;
  });
  const MB = 1024 * 1024;
  const declared20Mb = { "content-type": "message/rfc822", "content-length": String(20 * MB) };

  it("answers 401 to a missing, malformed or stale signature while the client is still sending", async () => {
    const now = nowSeconds();
    const variants: Record<string, Record<string, string>> = {
      "no headers": {},
      "no signature": { "x-quartet-timestamp": String(now) },
      "malformed signature": { "x-quartet-timestamp": String(now), "x-quartet-signature": "sha256=nope" },
      "malformed timestamp": {
        "x-quartet-timestamp": "soon",
        "x-quartet-signature": `sha256=${"0".repeat(64)}`,
      },
      "stale timestamp": {
        "x-quartet-timestamp": String(now - 3600),
        "x-quartet-signature": `sha256=${"0".repeat(64)}`,
      },
    };
    for (const [name, headers] of Object.entries(variants)) {
      // 20 MB announced, 64 KB written, then the client waits for an answer that must come now.
      const res = await streamPost(port, { ...declared20Mb, ...headers }, () =>
        repeat(Buffer.alloc(64 * 1024, 120), 320),
      );
      expect(res.status, name).toBe(401);
      expect(JSON.parse(res.body), name).toEqual({
        error: { code: "UNAUTHORIZED", message: "The request signature is missing or invalid." },
      });
      expect(res.headers.connection, name).toBe("close");
      expect(res.sentAll, name).toBe(false);
      expect(res.sentBeforeAnswer, name).toBeLessThan(20 * MB);
    }
  });

  it("a correctly signed mail streamed in small chunks still opens the ticket", async () => {
    const { org } = await makeStaffedOrg(t.db);
    const raw = await mailTo(org.slug, "Streamed in pieces");
    const ts = nowSeconds();
    const res = await streamPost(
      port,
      {
        "content-type": "message/rfc822",
        "x-quartet-timestamp": String(ts),
        "x-quartet-signature": signInboundEmail(SECRET, ts, raw),
        "transfer-encoding": "chunked",
      },
      function* () {
        for (let i = 0; i < raw.length; i += 100) yield raw.subarray(i, i + 100);
      },
    );
    expect(res.status).toBe(202);
    const { ticketId } = JSON.parse(res.body) as { ticketId: string };
    expect(await t.db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({
      organizationId: org.id,
      subject: "Streamed in pieces",
    });
  });

  it("answers 413 to an announced size over the cap before reading, and cuts a chunked body at the cap", async () => {
    const ts = nowSeconds();
    const signed = {
      "content-type": "message/rfc822",
      "x-quartet-timestamp": String(ts),
      "x-quartet-signature": `sha256=${"a".repeat(64)}`,
    };
    const announced = await refusedPost(
      port,
      { ...signed, "content-length": String(INBOUND_EMAIL_MAX_BYTES + 1) },
      () => repeat(Buffer.alloc(64 * 1024, 120), 401),
    );
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.body).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(announced.sentAll).toBe(false);

    // No length announced: the server counts while the HMAC runs and stops at 25 MB (of 40 MB sent).
    const chunked = await refusedPost(port, { ...signed, "transfer-encoding": "chunked" }, () =>
      repeat(Buffer.alloc(MB, 120), 40),
    );
    expect(chunked.status).toBe(413);
    expect(chunked.sentAll).toBe(false);
    expect(chunked.sentBeforeAnswer).toBeGreaterThan(INBOUND_EMAIL_MAX_BYTES - 4 * MB);
  });
});
