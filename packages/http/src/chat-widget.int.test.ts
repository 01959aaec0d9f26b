import { appRouter } from "@quartet/api/app-router";
import { createWidget, disconnectConnection } from "@quartet/core/inbox/connections/connection.service";
import { sendMessage } from "@quartet/core/inbox/messages/message.service";
import { handleSendMessage } from "@quartet/core/inbox/messages/message-send.handler";
import { createRealtimeHub, listenForRealtime } from "@quartet/core/realtime/realtime-hub";
import { makeTestDeps, silentLogger, startTestBoss, type TestDeps } from "@quartet/core/testing/deps";
import { actor } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { socialProviders } from "@quartet/integrations/social/registry";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHAT_RATE_LIMITS } from "./chat-widget.plugin.ts";
import { startWebServer } from "./testing/cookie-browser.ts";

// The website chat widget over real HTTP: a visitor on another site starts a chat, writes, and an
// agent's reply (sent through the inbox's real send path) reaches the visitor's long poll live,
// then counts as delivered and read; email identifies the contact; CORS, rate limits, body limits
// and bad input answer like a public API should.

const SITE = "https://shop.example.com";
let t: TestDatabase;
let boss: PgBoss;
let deps: TestDeps;
let web: FastifyInstance;
let origin: string;
let closeListener: () => Promise<void>;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  const base = makeTestDeps(t.db, boss);
  const realtime = createRealtimeHub({ db: t.db, log: silentLogger });
  const listener = await listenForRealtime(realtime, boss.getDb(), silentLogger);
  closeListener = () => listener.close();
  deps = { ...base, realtime, social: socialProviders({}) };
  // Behind a proxy: each test visitor has its own address (X-Forwarded-For).
  ({ app: web, origin } = await startWebServer(deps, appRouter, { trustProxy: true }));
});

afterAll(async () => {
  await web?.close();
  await closeListener?.();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

async function widgetOrg() {
  const w = await makeStaffedOrg(t.db);
  const widget = await createWidget(deps, actor(w.admin), {
    orgId: w.org.id,
    name: "Acme support",
    color: "#0ea5e9",
    greeting: "Hi! Ask us anything.",
  });
  return { ...w, publicKey: widget.accountId, connectionId: widget.id };
}

/** The visitor's browser on another site: CORS requests, the token in a header. */
class Visitor {
  token: string | null = null;
  cursor: string | null = null;
  constructor(
    readonly publicKey: string,
    readonly ip = "203.0.113.7",
  ) {}
  async call(method: "GET" | "POST", path: string, body?: unknown) {
    const res = await fetch(`${origin}/chat/api${path}`, {
      method,
      headers: {
        origin: SITE,
        "x-forwarded-for": this.ip,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown> & {
      error?: { message: string; fieldErrors?: Record<string, string> };
    };
    return { status: res.status, headers: res.headers, json };
  }
  async start(extra: Record<string, unknown> = {}) {
    const r = await this.call("POST", "/session", {
      publicKey: this.publicKey,
      visitorToken: this.token,
      ...extra,
    });
    expect(r.status).toBe(200);
    this.token = r.json.visitorToken as string;
    this.cursor = (r.json.cursor as string | null) ?? null;
    return r.json;
  }
  async say(text: string, clientMessageId?: string) {
    return this.call("POST", "/messages", {
      publicKey: this.publicKey,
      text,
      clientMessageId,
      pageUrl: `${SITE}/pricing`,
    });
  }
  async poll(wait = 0) {
    const q = new URLSearchParams({ publicKey: this.publicKey, wait: String(wait) });
    if (this.cursor) q.set("after", this.cursor);
    const r = await this.call("GET", `/messages?${q}`);
    expect(r.status).toBe(200);
    this.cursor = (r.json.cursor as string | null) ?? this.cursor;
    return r.json.messages as {
      id: string;
      from: string;
      text: string;
      status: string;
      agentName: string | null;
    }[];
  }
}

/** The agent answers through the inbox: PENDING + job, then the job runs (as the worker would). */
async function agentReplies(w: Awaited<ReturnType<typeof widgetOrg>>, conversationId: string, text: string) {
  const sent = await sendMessage(deps, actor(w.agent), { orgId: w.org.id, conversationId, text });
  const outcome = await handleSendMessage(deps, { messageId: sent.id }, { id: "job", retryCount: 0 });
  expect(outcome.outcome).toBe("sent");
  return sent.id;
}

describe("a visitor chats with the workspace", () => {
  it("starts, writes (the inbox gets it), and the agent's reply reaches the waiting visitor live", async () => {
    const w = await widgetOrg();
    const visitor = new Visitor(w.publicKey);
    const session = await visitor.start({ name: "Vera Visitor", pageUrl: `${SITE}/pricing` });
    expect(session.widget).toEqual({
      name: "Acme support",
      color: "#0ea5e9",
      greeting: "Hi! Ask us anything.",
    });
    expect(session.messages).toEqual([]);

    const sent = await visitor.say("Do you ship to Canada?", "client-msg-0001");
    expect(sent.status).toBe(201);
    expect(sent.headers.get("access-control-allow-origin")).toBe("*");
    expect(sent.json).toMatchObject({ from: "visitor", text: "Do you ship to Canada?" });
    // A retried send (same client id) is stored once.
    expect((await visitor.say("Do you ship to Canada?", "client-msg-0001")).json.id).toBe(sent.json.id);

    const conversation = await t.db.conversation.findFirstOrThrow({
      where: { organizationId: w.org.id, platform: "WEBCHAT" },
      include: { contact: true },
    });
    expect(conversation).toMatchObject({
      contactName: "Vera Visitor",
      unreadCount: 1,
      lastMessagePreview: "Do you ship to Canada?",
    });
    expect(conversation.contact?.name).toBe("Vera Visitor");
    expect((conversation.metadata as { widget?: { pageUrl?: string } }).widget?.pageUrl).toBe(
      `${SITE}/pricing`,
    );
    expect(await t.db.message.count({ where: { conversationId: conversation.id } })).toBe(1);

    // The visitor waits (long poll); the agent answers 300 ms later; the reply arrives at once.
    expect((await visitor.poll()).map((m) => m.text)).toEqual(["Do you ship to Canada?"]);
    const started = Date.now();
    const waiting = visitor.poll(20);
    await new Promise((r) => setTimeout(r, 300));
    deps.clock.advance(60_000);
    const replyId = await agentReplies(w, conversation.id, "Yes, in 3-5 days.");
    const received = await waiting;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(received).toEqual([
      expect.objectContaining({
        id: replyId,
        from: "agent",
        text: "Yes, in 3-5 days.",
        agentName: "Aggie",
        status: "DELIVERED",
      }),
    ]);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: replyId } })).status).toBe("DELIVERED");

    // Shown in the panel: READ.
    const read = await visitor.call("POST", "/read", { publicKey: w.publicKey, upTo: replyId });
    expect(read.json).toEqual({ read: 1 });
    const after = await t.db.message.findUniqueOrThrow({ where: { id: replyId } });
    expect(after.status).toBe("READ");
    expect(after.readAt).not.toBeNull();

    // Back later (same token): the thread is there.
    const again = await new Visitor(w.publicKey).call("POST", "/session", {
      publicKey: w.publicKey,
      visitorToken: visitor.token,
    });
    expect((again.json.messages as { text: string }[]).map((m) => m.text)).toEqual([
      "Do you ship to Canada?",
      "Yes, in 3-5 days.",
    ]);
  });

  it("an email given at the start identifies the contact; given later, the conversation moves to that contact", async () => {
    const w = await widgetOrg();
    const known = await t.db.contact.create({
      data: { organizationId: w.org.id, email: "dana@example.com", name: "Dana" },
    });

    const first = new Visitor(w.publicKey, "203.0.113.20");
    await first.start({ email: "Dana@Example.com" });
    await first.say("Hello, it's Dana");
    const c1 = await t.db.conversation.findFirstOrThrow({
      where: { organizationId: w.org.id, externalId: { not: "" } },
    });
    expect(c1.contactId).toBe(known.id);

    const second = new Visitor(w.publicKey, "203.0.113.21");
    await second.start();
    await second.say("Anonymous question");
    const c2 = await t.db.conversation.findFirstOrThrow({
      where: { organizationId: w.org.id, id: { not: c1.id } },
    });
    expect(c2.contactId).not.toBe(known.id);
    const bare = c2.contactId as string;
    const identified = await second.call("POST", "/identify", {
      publicKey: w.publicKey,
      email: "dana@example.com",
    });
    expect(identified.status).toBe(200);
    expect((await t.db.conversation.findUniqueOrThrow({ where: { id: c2.id } })).contactId).toBe(known.id);
    expect(await t.db.contact.findUnique({ where: { id: bare } })).toBeNull();

    // A new address fills the anonymous contact's email.
    const third = new Visitor(w.publicKey, "203.0.113.22");
    await third.start();
    await third.say("Hi");
    const c3 = await t.db.conversation.findFirstOrThrow({
      where: { organizationId: w.org.id, id: { notIn: [c1.id, c2.id] } },
    });
    await third.call("POST", "/identify", {
      publicKey: w.publicKey,
      email: "new.person@example.com",
      name: "Nico",
    });
    const contact = await t.db.contact.findUniqueOrThrow({ where: { id: c3.contactId as string } });
    expect({ email: contact.email, name: contact.name }).toEqual({
      email: "new.person@example.com",
      name: "Nico",
    });
  });

  it("a visitor only sees their own thread; tokens are bound to their widget", async () => {
    const w = await widgetOrg();
    const other = await widgetOrg();
    const alice = new Visitor(w.publicKey, "203.0.113.30");
    await alice.start();
    await alice.say("Alice's secret");
    const bob = new Visitor(w.publicKey, "203.0.113.31");
    await bob.start();
    expect(await bob.poll()).toEqual([]);

    // Alice's token on another widget, or tampered: refused.
    const stranger = new Visitor(other.publicKey, "203.0.113.32");
    stranger.token = alice.token;
    expect((await stranger.say("hi")).status).toBe(401);
    const tampered = new Visitor(w.publicKey, "203.0.113.33");
    tampered.token = `${alice.token?.slice(0, -3)}abc`;
    expect((await tampered.say("hi")).status).toBe(401);
    // A session with a foreign token starts a new visitor rather than resuming Alice.
    const fresh = await stranger.start();
    expect(fresh.messages).toEqual([]);
  });
});

describe("a public API", () => {
  it("answers CORS preflights and serves the script cross-origin", async () => {
    const pre = await fetch(`${origin}/chat/api/messages`, {
      method: "OPTIONS",
      headers: {
        origin: SITE,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    const script = await fetch(`${origin}/chat/widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(script.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(await script.text()).toContain("data-quartet-chat");
  });

  it("bad input → 400 with the field's message; too big → 413; unknown or disconnected widget → 404", async () => {
    const w = await widgetOrg();
    const visitor = new Visitor(w.publicKey, "203.0.113.40");
    await visitor.start();
    const empty = await visitor.say("   ");
    expect(empty.status).toBe(400);
    expect(empty.json.error?.fieldErrors).toEqual({ text: "Write a message first." });
    const badKey = await visitor.call("POST", "/session", { publicKey: "nope" });
    expect(badKey.status).toBe(400);
    expect(badKey.json.error?.fieldErrors?.publicKey).toMatch(/starts with wc_/);
    const badEmail = await visitor.call("POST", "/identify", {
      publicKey: w.publicKey,
      email: "not-an-email",
    });
    expect(badEmail.json.error?.fieldErrors?.email).toMatch(/email address/);
    const huge = await visitor.say("x".repeat(9000));
    expect(huge.status).toBe(413);
    expect(huge.headers.get("access-control-allow-origin")).toBe("*");

    const unknown = await new Visitor("wc_AAAAAAAAAAAAAAAAAAAAAAAA", "203.0.113.41").call(
      "POST",
      "/session",
      {
        publicKey: "wc_AAAAAAAAAAAAAAAAAAAAAAAA",
      },
    );
    expect(unknown.status).toBe(404);
    await disconnectConnection(deps, actor(w.owner), { orgId: w.org.id, connectionId: w.connectionId });
    expect((await visitor.say("still there?")).status).toBe(404);
  });

  it("limits each visitor and each IP (429 with Retry-After)", async () => {
    const w = await widgetOrg();
    const visitor = new Visitor(w.publicKey, "203.0.113.50");
    await visitor.start();
    const perVisitor = CHAT_RATE_LIMITS.send.visitor as number;
    for (let i = 0; i < perVisitor; i++) expect((await visitor.say(`message ${i}`)).status).toBe(201);
    const refused = await visitor.say("one too many");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");

    // Many visitors behind one address: the IP's limit.
    const ip = "203.0.113.51";
    let status = 0;
    for (let i = 0; i <= CHAT_RATE_LIMITS.session.ip; i++) {
      status = (await new Visitor(w.publicKey, ip).call("POST", "/session", { publicKey: w.publicKey }))
        .status;
    }
    expect(status).toBe(429);
  });
});
