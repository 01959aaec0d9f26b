import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeSocial, startFakeSocial } from "../testing/fake-social.ts";
import { ChannelError } from "./errors.ts";
import { type SocialProviders, socialProviders } from "./registry.ts";
import type { ChannelCredentials, ChannelProvider } from "./types.ts";

let fake: FakeSocial;
let providers: SocialProviders;
let whatsapp: ChannelProvider;
const creds: ChannelCredentials = { accessToken: "wa-token", accountId: "1001", wabaId: "waba-9" };

async function channelError(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

beforeAll(async () => {
  fake = await startFakeSocial();
  providers = socialProviders(fake.config());
  whatsapp = providers.require("WHATSAPP");
});
afterAll(() => fake.close());
beforeEach(() => fake.clearRecords());

describe("WhatsApp sendMessage", () => {
  it("sends text as the Cloud API documents it and returns the wamid", async () => {
    const result = await whatsapp.sendMessage(creds, {
      to: "33612345678",
      text: "Bonjour 👋 https://x.example",
    });
    expect(result.externalMessageId).toMatch(/^wamid\./);
    expect(fake.sent).toEqual([
      expect.objectContaining({
        platform: "WHATSAPP",
        accountId: "1001",
        to: "33612345678",
        kind: "text",
        id: result.externalMessageId,
      }),
    ]);
    const request = fake.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/1001/messages");
    expect(request.headers.authorization).toBe("Bearer wa-token");
    expect(request.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
    expect(request.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "33612345678",
      type: "text",
      text: { body: "Bonjour 👋 https://x.example", preview_url: true },
    });
  });

  it("replies with context, media by link or id (caption, filename), uploaded bytes", async () => {
    await whatsapp.sendMessage(creds, { to: "336", text: "this one", replyToExternalId: "wamid.IN1" });
    await whatsapp.sendMessage(creds, {
      to: "336",
      media: { kind: "IMAGE", url: "https://files.example/p.jpg", caption: "Your order" },
    });
    await whatsapp.sendMessage(creds, {
      to: "336",
      media: { kind: "FILE", mediaId: "media-77", filename: "invoice.pdf", caption: "March" },
    });
    await whatsapp.sendMessage(creds, {
      to: "336",
      media: {
        kind: "AUDIO",
        bytes: new Uint8Array([1, 2, 3, 4]),
        mimeType: "audio/ogg",
        filename: "note.ogg",
      },
    });
    const bodies = fake.requests
      .filter((r) => r.path === "/1001/messages")
      .map((r) => r.json as Record<string, unknown>);
    expect(bodies[0]).toMatchObject({ type: "text", context: { message_id: "wamid.IN1" } });
    expect(bodies[1]).toMatchObject({
      type: "image",
      image: { link: "https://files.example/p.jpg", caption: "Your order" },
    });
    expect(bodies[2]).toMatchObject({
      type: "document",
      document: { id: "media-77", filename: "invoice.pdf", caption: "March" },
    });
    const upload = fake.requests.find((r) => r.path === "/1001/media")!;
    expect(upload.form).toMatchObject({
      messaging_product: "whatsapp",
      type: "audio/ogg",
      file: { filename: "note.ogg", size: 4 },
    });
    expect(bodies[3]).toMatchObject({ type: "audio", audio: { id: expect.any(String) } });
    expect((bodies[3]!.audio as Record<string, unknown>).caption).toBeUndefined();
  });

  it("sends an approved template with its parameters", async () => {
    await whatsapp.sendMessage(creds, {
      to: "336",
      template: {
        name: "order_update",
        language: "fr",
        components: [{ type: "body", parameters: [{ type: "text", text: "A-1042" }] }],
      },
    });
    expect(fake.requests[0]!.json).toMatchObject({
      type: "template",
      template: {
        name: "order_update",
        language: { code: "fr" },
        components: [{ type: "body", parameters: [{ type: "text", text: "A-1042" }] }],
      },
    });
  });

  it("outside the 24-hour window: free text fails with OUTSIDE_WINDOW (131047), a template still goes", async () => {
    fake.closeWindow("33699");
    const error = await channelError(whatsapp.sendMessage(creds, { to: "33699", text: "hello again" }));
    expect(error).toMatchObject({
      code: "OUTSIDE_WINDOW",
      providerCode: "131047",
      retryable: false,
      tokenExpired: false,
    });
    expect(error.detail).toMatch(/24 hours/);
    expect(error.message).toMatch(/template/);
    await expect(
      whatsapp.sendMessage(creds, { to: "33699", template: { name: "hello_world", language: "en_US" } }),
    ).resolves.toMatchObject({ externalMessageId: expect.stringMatching(/^wamid\./) });
    fake.openWindow("33699");
  });

  it("an expired or revoked token is TOKEN_EXPIRED (190), not retryable", async () => {
    fake.expireToken("dead-token");
    const error = await channelError(
      whatsapp.sendMessage({ ...creds, accessToken: "dead-token" }, { to: "336", text: "hi" }),
    );
    expect(error).toMatchObject({
      code: "TOKEN_EXPIRED",
      tokenExpired: true,
      retryable: false,
      providerCode: "190/463",
      httpStatus: 401,
    });
  });

  it("rate limits and outages are retryable; bad requests are not", async () => {
    fake.failNext("/1001/messages", { meta: { code: 130429, message: "(#130429) Rate limit hit" } });
    expect(await channelError(whatsapp.sendMessage(creds, { to: "336", text: "a" }))).toMatchObject({
      code: "RATE_LIMITED",
      retryable: true,
    });
    fake.failNext("/1001/messages", { status: 503, body: "Service Unavailable" });
    expect(await channelError(whatsapp.sendMessage(creds, { to: "336", text: "b" }))).toMatchObject({
      code: "UNAVAILABLE",
      retryable: true,
      httpStatus: 503,
    });
    fake.failNext("/1001/messages", { meta: { code: 131026, message: "Message undeliverable" } });
    expect(await channelError(whatsapp.sendMessage(creds, { to: "336", text: "c" }))).toMatchObject({
      code: "RECIPIENT_UNAVAILABLE",
      retryable: false,
    });
    fake.failNext("/1001/messages", {
      meta: { code: 132001, message: "Template name does not exist in the translation" },
    });
    expect(
      await channelError(
        whatsapp.sendMessage(creds, { to: "336", template: { name: "nope", language: "en" } }),
      ),
    ).toMatchObject({ code: "TEMPLATE", retryable: false });
    expect(await channelError(whatsapp.sendMessage(creds, { to: "336" }))).toMatchObject({
      code: "INVALID_REQUEST",
    });
  });

  it("an unreachable API is UNAVAILABLE and retryable", async () => {
    const dead = socialProviders({
      meta: { appId: "a", appSecret: "s", verifyToken: "v", graphBaseUrl: "http://127.0.0.1:9/v21.0" },
      timeoutMs: 2000,
    });
    expect(
      await channelError(dead.require("WHATSAPP").sendMessage(creds, { to: "336", text: "x" })),
    ).toMatchObject({
      code: "UNAVAILABLE",
      retryable: true,
    });
  });
});

describe("WhatsApp markRead, media, templates, tokens, account", () => {
  it("marks a message read", async () => {
    await whatsapp.markRead(creds, { conversationExternalId: "336", externalMessageId: "wamid.IN9" });
    expect(fake.requests[0]!.json).toEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.IN9",
    });
  });

  it("fetches media: media id → URL → download with the bearer token", async () => {
    const bytes = Buffer.from("%PDF-1.7 fake pdf bytes");
    const mediaId = fake.addMedia({ bytes, mimeType: "application/pdf" });
    const media = await whatsapp.fetchMedia(creds, {
      mediaId,
      url: null,
      mimeType: null,
      filename: "invoice.pdf",
      caption: null,
      sha256: null,
    });
    expect(media).toEqual({ bytes, mimeType: "application/pdf", filename: "invoice.pdf" });
    const download = fake.requests.find((r) => r.path.startsWith("/lookaside/"))!;
    expect(download.headers.authorization).toBe("Bearer wa-token");
    // The lookaside URL refuses an expired token, like Meta's.
    fake.expireToken("stale-media-token");
    expect(
      await channelError(
        whatsapp.fetchMedia(
          { ...creds, accessToken: "stale-media-token" },
          { mediaId, url: null, mimeType: null, filename: null, caption: null, sha256: null },
        ),
      ),
    ).toMatchObject({ tokenExpired: true });
  });

  it("media downloads go through the SSRF guard (a private host is refused unless allowed)", async () => {
    const strict = socialProviders({ ...fake.config(), media: { allowPrivateAddresses: false } });
    const mediaId = fake.addMedia({ bytes: Buffer.from("x"), mimeType: "image/png" });
    const error = await channelError(
      strict.require("WHATSAPP").fetchMedia(creds, {
        mediaId,
        url: null,
        mimeType: null,
        filename: null,
        caption: null,
        sha256: null,
      }),
    );
    expect(error.code).toBe("MEDIA");
    expect(error.detail).toMatch(/https|public/);
  });

  it("lists only APPROVED templates of the WABA, across pages, with their body and parameter count", async () => {
    fake.setTemplates("waba-9", [
      {
        name: "order_update",
        language: "fr",
        status: "APPROVED",
        category: "UTILITY",
        components: [
          { type: "HEADER", format: "TEXT", text: "Commande" },
          { type: "BODY", text: "Bonjour {{1}}, votre commande {{2}} est partie. {{1}}" },
        ],
      },
      { name: "promo", language: "en_US", status: "REJECTED", components: [{ type: "BODY", text: "Sale!" }] },
      { name: "pending_one", language: "en_US", status: "PENDING", components: [] },
      ...Array.from({ length: 120 }, (_, i) => ({
        name: `bulk_${i}`,
        language: "en_US",
        status: i % 2 ? "APPROVED" : "PAUSED",
        components: [{ type: "BODY", text: "Hi" }],
      })),
    ]);
    const templates = await whatsapp.listTemplates(creds);
    expect(templates.every((t) => t.status === "APPROVED")).toBe(true);
    expect(templates.map((t) => t.name)).not.toContain("promo");
    expect(templates.map((t) => t.name)).not.toContain("pending_one");
    expect(templates).toHaveLength(1 + 60);
    expect(templates[0]).toMatchObject({
      name: "order_update",
      language: "fr",
      category: "UTILITY",
      bodyText: "Bonjour {{1}}, votre commande {{2}} est partie. {{1}}",
      parameterCount: 2,
    });
    const calls = fake.requests.filter((r) => r.path === "/waba-9/message_templates");
    expect(calls.length).toBe(2);
    expect(calls[1]!.query.after).toBe("100");
    expect(await channelError(whatsapp.listTemplates({ ...creds, wabaId: null }))).toMatchObject({
      code: "INVALID_REQUEST",
    });
  });

  it("refreshes a token with Meta's long-lived exchange", async () => {
    const before = Date.now();
    const tokens = await whatsapp.refreshToken(creds);
    expect(tokens).toMatchObject({ accessToken: expect.stringMatching(/^EAAL/), refreshToken: null });
    expect(tokens!.expiresAt!.getTime()).toBeGreaterThan(before + 59 * 24 * 3600 * 1000);
    const call = fake.requests.find((r) => r.path === "/oauth/access_token")!;
    expect(call.query).toMatchObject({
      grant_type: "fb_exchange_token",
      client_id: fake.options.metaAppId,
      client_secret: fake.options.metaAppSecret,
      fb_exchange_token: "wa-token",
    });
    fake.expireToken("gone-token");
    expect(await channelError(whatsapp.refreshToken({ ...creds, accessToken: "gone-token" }))).toMatchObject({
      tokenExpired: true,
    });
  });

  it("names the phone number on connect and subscribes the WABA to webhooks", async () => {
    fake.setObject("1001", { display_phone_number: "+1 555-000-1111", verified_name: "Acme Support" });
    await expect(whatsapp.fetchAccount(creds)).resolves.toEqual({
      accountId: "1001",
      displayName: "Acme Support",
      username: null,
      phone: "+1 555-000-1111",
      avatarUrl: null,
    });
    expect(await channelError(whatsapp.fetchAccount({ ...creds, accountId: "missing" }))).toMatchObject({
      code: "INVALID_REQUEST",
    });
    await whatsapp.subscribeWebhooks(creds);
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: "/waba-9/subscribed_apps" });
    await expect(whatsapp.fetchProfile(creds, { externalId: "336" })).resolves.toBeNull();
  });

  it("never lets an id from a payload leave the API path", async () => {
    expect(
      await channelError(
        whatsapp.fetchMedia(creds, {
          mediaId: "../../me",
          url: null,
          mimeType: null,
          filename: null,
          caption: null,
          sha256: null,
        }),
      ),
    ).toMatchObject({ code: "INVALID_REQUEST" });
    expect(fake.requests).toHaveLength(0);
  });
});
