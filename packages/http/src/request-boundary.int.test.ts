import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminRouter } from "@quartet/api/admin-router";
import { appRouter } from "@quartet/api/app-router";
import { TRPC_MAX_BATCH_SIZE } from "@quartet/api/batch-limit";
import { createAppClient } from "@quartet/api/client";
import { transformer } from "@quartet/api/transformer";
import { browseLimits } from "@quartet/core/desk/help-center/help-center.service";
import { signInboundEmail } from "@quartet/core/desk/mail/email-inbound.signature";
import { rotateOrgApiKey } from "@quartet/core/orgs/org-api-key.service";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { actor } from "@quartet/core/testing/integration";
import { NUL_FIELD_MESSAGE } from "@quartet/core/text-input";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESK_API_TICKETS_PATH } from "./desk-api.plugin.ts";
import { INBOUND_EMAIL_PATH } from "./inbound-email.plugin.ts";
import { buildServer } from "./server.ts";

// The request boundary of both servers, over real HTTP handling (Fastify inject) and a real
// database: NUL bytes, batch sizes, body limits, content types, unknown routes and rate limits all
// answer in one error shape — tRPC's envelope with `message`, `data.code` and `data.fieldErrors`
// on /trpc, `{ error: { code, message, fieldErrors? } }` everywhere else.

const WEB_ORIGIN = "http://localhost:3000";
const ADMIN_ORIGIN = "http://localhost:3001";
let t: TestDatabase;
let boss: PgBoss;
let deps: ReturnType<typeof makeTestDeps>;
let web: FastifyInstance;
let admin: FastifyInstance;
let slug: string;
let orgId: string;
let apiKey: string;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  const staticDir = await mkdtemp(join(tmpdir(), "quartet-spa-"));
  await writeFile(join(staticDir, "index.html"), "<!doctype html><title>Quartet SPA</title>");
  web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: WEB_ORIGIN, staticDir });
  admin = await buildServer({ deps, kind: "ADMIN", router: adminRouter, origin: ADMIN_ORIGIN });
  const staffed = await makeStaffedOrg(t.db);
  slug = staffed.org.slug;
  orgId = staffed.org.id;
  apiKey = (await rotateOrgApiKey(deps, actor(staffed.admin), { orgId })).key;
  const category = await t.db.kBCategory.create({
    data: { organizationId: orgId, name: "Account", slug: "account", order: 1 },
  });
  await t.db.kBArticle.create({
    data: {
      organizationId: orgId,
      categoryId: category.id,
      title: "Reset your password",
      slug: "reset-password",
      content: "Open settings and choose a new password.",
      status: "PUBLISHED",
      publishedAt: new Date(),
    },
  });
});

afterAll(async () => {
  await Promise.all([web?.close(), admin?.close()]);
  await boss?.stop({ graceful: false });
  await t?.drop();
});

interface TrpcErrorShape {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    fieldErrors: Record<string, string> | null;
    reason: string | null;
  };
}

/** The tRPC error(s) of a response: one per call for a batch. */
function trpcErrors(res: LightMyRequestResponse): TrpcErrorShape[] {
  const body = res.json() as { error?: unknown } | { error?: unknown }[];
  const items = Array.isArray(body) ? body : [body];
  return items.map((item) => {
    if (!item.error) throw new Error(`not an error: ${res.body}`);
    return transformer.deserialize(item.error as Parameters<typeof transformer.deserialize>[0]);
  });
}

function trpcError(res: LightMyRequestResponse): TrpcErrorShape {
  const [error] = trpcErrors(res);
  if (!error) throw new Error("no error in the response");
  return error;
}

const query = (app: FastifyInstance, path: string, input: unknown, ip = "198.51.100.1") =>
  app.inject({
    method: "GET",
    url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(transformer.serialize(input)))}`,
    remoteAddress: ip,
  });

const mutate = (app: FastifyInstance, path: string, input: unknown, origin = WEB_ORIGIN) =>
  app.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { "content-type": "application/json", origin },
    payload: JSON.stringify(transformer.serialize(input)),
  });

describe("NUL bytes", () => {
  it("help.search with a NUL: 400 naming the field, not a 500", async () => {
    const res = await query(web, "help.search", { slug, q: "pass\u0000word" });
    expect(res.statusCode).toBe(400);
    const error = trpcError(res);
    expect(error.data).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { q: NUL_FIELD_MESSAGE },
      reason: "INVALID_CHARACTER",
    });
    expect(error.message).toMatch(/NUL character/);
  });

  it("help.contact with a NUL in the name: 400 naming the field, no ticket", async () => {
    const res = await mutate(web, "help.contact", {
      slug,
      name: "Sam\u0000",
      email: "sam@example.com",
      subject: "Where is my order?",
      message: "It has been two weeks since I ordered.",
    });
    expect(res.statusCode).toBe(400);
    expect(trpcError(res).data.fieldErrors).toEqual({ name: NUL_FIELD_MESSAGE });
    expect(await t.db.ticket.count({ where: { organizationId: orgId } })).toBe(0);
  });

  it("the Tickets API: 400 with the field path for a NUL in a body field or a route parameter", async () => {
    const post = (payload: unknown) =>
      web.inject({
        method: "POST",
        url: DESK_API_TICKETS_PATH,
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        payload: JSON.stringify(payload),
      });
    const res = await post({
      subject: "Broken\u0000",
      description: "Nothing works.",
      requester: { email: "sam@example.com", name: "Sam\u0000" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: expect.stringMatching(/NUL character/),
        fieldErrors: { subject: NUL_FIELD_MESSAGE, "requester.name": NUL_FIELD_MESSAGE },
      },
    });
    const byNumber = await web.inject({
      method: "GET",
      url: `${DESK_API_TICKETS_PATH}/1%00`,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(byNumber.statusCode).toBe(400);
    expect(byNumber.json().error.fieldErrors).toEqual({ number: NUL_FIELD_MESSAGE });
    expect(await t.db.ticket.count({ where: { organizationId: orgId } })).toBe(0);
  });
});

describe("NUL bytes in an inbound mail", () => {
  it("are dropped, not a 500 the relay would retry forever: the ticket opens with clean text", async () => {
    const secret = "relay-secret-0123456789abcdef0123456789abcdef";
    const hooks = await buildServer({
      deps,
      kind: "WEB",
      router: appRouter,
      origin: WEB_ORIGIN,
      inboundEmail: { secret },
    });
    try {
      const raw = Buffer.from(
        [
          "From: =?utf-8?Q?Ad=00a?= <ada@example.test>",
          `To: ${slug}@${deps.config.inboundEmailDomain}`,
          "Subject: =?utf-8?Q?Print=00er_on_fire?=",
          "Message-ID: <nul-mail@example.test>",
          "Content-Type: text/plain; charset=utf-8",
          "Content-Transfer-Encoding: quoted-printable",
          "",
          "It is =00smoking.",
          "",
        ].join("\r\n"),
      );
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      const res = await hooks.inject({
        method: "POST",
        url: INBOUND_EMAIL_PATH,
        headers: {
          "content-type": "message/rfc822",
          "x-quartet-timestamp": String(timestamp),
          "x-quartet-signature": signInboundEmail(secret, timestamp, raw),
        },
        payload: raw,
      });
      expect(res.statusCode).toBe(202);
      const ticket = await t.db.ticket.findUniqueOrThrow({
        where: { id: res.json().ticketId },
        include: { contact: true },
      });
      expect(ticket.subject).toBe("Printer on fire");
      expect(ticket.description).toContain("It is smoking.");
      expect(ticket.contact?.name).toBe("Ada");
      await t.db.ticket.deleteMany({ where: { id: ticket.id } });
    } finally {
      await hooks.close();
    }
  });
});

describe("tRPC validation errors", () => {
  it("carry a human message (not a zod dump) and one message per field", async () => {
    const res = await mutate(web, "help.contact", {
      slug,
      name: "Sam",
      email: "not-an-email",
      subject: "Hi",
      message: "It has been two weeks since I ordered.",
    });
    expect(res.statusCode).toBe(400);
    const error = trpcError(res);
    expect(error.message).toBe(
      "Enter a valid email address, like name@example.com. (and 1 more field to fix)",
    );
    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.data.fieldErrors).toEqual({
      email: "Enter a valid email address, like name@example.com.",
      subject: "Write a short subject (at least 3 characters).",
    });
  });

  it("malformed input JSON is a 400 with a sentence", async () => {
    const res = await web.inject({ method: "GET", url: "/trpc/help.center?input=%7Bnot-json" });
    expect(res.statusCode).toBe(400);
    expect(trpcError(res).message).toBe("The request couldn't be read: its input isn't valid JSON.");
  });
});

describe("tRPC batches", () => {
  const batch = (app: FastifyInstance, count: number) => {
    const paths = Array.from({ length: count }, () => "auth.session").join(",");
    const input = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [i, transformer.serialize(undefined)]),
    );
    return app.inject({
      method: "GET",
      url: `/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
    });
  };

  it.each([
    ["web", () => web],
    ["admin", () => admin],
  ])("the %s server answers a batch up to the cap and refuses a larger one, saying so", async (_, app) => {
    expect((await batch(app(), TRPC_MAX_BATCH_SIZE)).statusCode).toBe(200);
    const res = await batch(app(), 60);
    expect(res.statusCode).toBe(400);
    const errors = trpcErrors(res);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.data).toMatchObject({ code: "BAD_REQUEST", reason: "BATCH_TOO_LARGE" });
      expect(error.message).toBe(
        `This request batches 60 calls; the limit is ${TRPC_MAX_BATCH_SIZE} per request. Send them in smaller batches.`,
      );
    }
  });
});

describe("the internal tRPC client", () => {
  it("splits its batches at the servers' cap, so many calls at once all succeed", async () => {
    const server = await buildServer({ deps, kind: "WEB", router: appRouter, origin: WEB_ORIGIN });
    await server.listen({ port: 0, host: "127.0.0.1" });
    try {
      const address = server.server.address();
      if (!address || typeof address === "string") throw new Error("no port");
      const client = createAppClient({ url: `http://127.0.0.1:${address.port}` });
      const calls = Array.from({ length: TRPC_MAX_BATCH_SIZE * 2 + 5 }, () => client.auth.session.query());
      expect(await Promise.all(calls)).toHaveLength(TRPC_MAX_BATCH_SIZE * 2 + 5);
    } finally {
      await server.close();
    }
  });
});

describe("one error shape for Fastify's own errors", () => {
  const bigBody = JSON.stringify({ json: { slug: "x", text: "a".repeat(1024 * 1024 + 10) } });

  it("413 on /trpc: tRPC's envelope with PAYLOAD_TOO_LARGE and the limit", async () => {
    const res = await web.inject({
      method: "POST",
      url: "/trpc/help.contact",
      headers: { "content-type": "application/json", origin: WEB_ORIGIN },
      payload: bigBody,
    });
    expect(res.statusCode).toBe(413);
    const error = trpcError(res);
    expect(error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413 });
    expect(error.message).toBe("The request is too large: send at most 1 MB.");
  });

  it("413, 415 and malformed JSON on the Tickets API: the JSON shape with the right code", async () => {
    const post = (contentType: string, payload: string) =>
      web.inject({
        method: "POST",
        url: DESK_API_TICKETS_PATH,
        headers: { "content-type": contentType, authorization: `Bearer ${apiKey}` },
        payload,
      });
    const tooLarge = await post("application/json", bigBody);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "The request is too large: send at most 1 MB." },
    });
    const wrongType = await post("text/xml", "<ticket/>");
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toEqual({
      error: {
        code: "UNSUPPORTED_MEDIA_TYPE",
        message:
          'The content type "text/xml" isn\'t accepted here: send JSON (Content-Type: application/json).',
      },
    });
    const malformed = await post("application/json", "{not json");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({
      error: { code: "BAD_REQUEST", message: "The request body isn't valid JSON." },
    });
  });

  it("415 on the files route keeps its code (was labelled BAD_REQUEST)", async () => {
    const res = await web.inject({
      method: "POST",
      url: `/files/desk/attachments?orgId=${orgId}`,
      headers: { "content-type": "text/xml", origin: WEB_ORIGIN },
      payload: "<file/>",
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("415 on /trpc: tRPC's envelope", async () => {
    const res = await web.inject({
      method: "POST",
      url: "/trpc/help.contact",
      headers: { "content-type": "text/xml", origin: WEB_ORIGIN },
      payload: "<contact/>",
    });
    expect(res.statusCode).toBe(415);
    expect(trpcError(res).data.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("a cross-site tRPC mutation: 403 in tRPC's envelope, so the client can read it", async () => {
    const res = await mutate(web, "help.vote", { slug }, "https://evil.example");
    expect(res.statusCode).toBe(403);
    expect(trpcError(res).data.code).toBe("FORBIDDEN");
  });

  it("an unknown route answers 404 in the JSON shape, on both servers", async () => {
    for (const [app, origin, method, url] of [
      [web, WEB_ORIGIN, "POST", "/nothing-here"],
      [web, WEB_ORIGIN, "GET", "/api/v9/unknown"],
      [web, WEB_ORIGIN, "GET", "/hooks/unknown"],
      [admin, ADMIN_ORIGIN, "DELETE", "/healthz"],
    ] as const) {
      const res = await app.inject({ method, url, headers: { origin } });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json()).toEqual({
        error: { code: "NOT_FOUND", message: "There's nothing at this address." },
      });
    }
    // A malformed address (bad percent-encoding) is a 400 in the same shape.
    const badUrl = await web.inject({ method: "GET", url: `${DESK_API_TICKETS_PATH}/%E0%A4%A` });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toEqual({ error: { code: "BAD_REQUEST", message: "This address isn't valid." } });
    // The SPA still gets its client-side routes.
    expect((await web.inject({ method: "GET", url: "/w/acme/desk" })).statusCode).toBe(200);
  });
});

describe("help-center rate limits over HTTP", () => {
  it("search over the limit is a 429 with a human message and Retry-After", async () => {
    const ip = "198.51.100.77";
    const rule = browseLimits.searchesPerIp(ip);
    const now = deps.clock.now();
    await t.db.rateLimitCounter.create({
      data: {
        key: rule.key,
        count: rule.limit,
        windowStart: now,
        expiresAt: new Date(now.getTime() + 30_000),
      },
    });
    const res = await query(web, "help.search", { slug, q: "password" }, ip);
    expect(res.statusCode).toBe(429);
    expect(res.headers["retry-after"]).toBe("30");
    const error = trpcError(res);
    expect(error.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    expect(error.message).toBe("You're searching very fast. Please wait 30 seconds and try again.");
    // Another address still searches.
    expect((await query(web, "help.search", { slug, q: "password" }, "198.51.100.78")).statusCode).toBe(200);
  });
});
