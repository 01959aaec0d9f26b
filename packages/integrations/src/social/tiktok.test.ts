import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeSocial, startFakeSocial } from "../testing/fake-social.ts";
import { tiktok, tiktokDelivery } from "../testing/social-payloads.ts";
import { ChannelError, WebhookPayloadError } from "./errors.ts";
import { createOAuthState } from "./meta-oauth.ts";
import { type SocialProviders, socialProviders } from "./registry.ts";
import { parseTikTokWebhook } from "./tiktok.ts";
import type { ChannelCredentials, MessageEvent, StatusEvent } from "./types.ts";

const BIZ = { id: "biz-open-id", name: "acme.shop" };
const USER = { id: "user-42", name: "lea_m" };
const AT = new Date("2026-04-05T06:07:08Z");
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");
const event = (
  name: "im_receive_msg" | "im_send_msg" | "im_mark_read_msg",
  content: Record<string, unknown>,
) => bytes(tiktokDelivery({ clientKey: "ck", businessId: BIZ.id, event: name, content, at: AT }));

describe("TikTok webhook events", () => {
  it("a text from a user (content as a JSON string, as TikTok sends it)", () => {
    const [e] = parseTikTokWebhook(
      event("im_receive_msg", tiktok.text("conv-1", USER, BIZ, "Salut 😀", { messageId: "tt-1", at: AT })),
    );
    expect(e).toEqual({
      kind: "message",
      platform: "TIKTOK",
      accountId: BIZ.id,
      timestamp: AT,
      conversationExternalId: "conv-1",
      externalMessageId: "tt-1",
      direction: "INBOUND",
      sentByThisApp: false,
      contact: { externalId: USER.id, name: "lea_m", username: "lea_m", phone: null, email: null },
      contentType: "TEXT",
      text: "Salut 😀",
      media: null,
      location: null,
      replyToExternalId: null,
      unsupportedType: null,
    } satisfies MessageEvent);
  });

  it("an image (media id with its conversation and message), a sticker, a shared post, a reply", () => {
    const [image] = parseTikTokWebhook(
      event("im_receive_msg", tiktok.image("conv-1", USER, BIZ, "media-9", { messageId: "tt-2" })),
    ) as MessageEvent[];
    expect(image!.contentType).toBe("IMAGE");
    expect(image!.media).toMatchObject({ mediaId: "media-9", conversationId: "conv-1", messageId: "tt-2" });
    const [sticker] = parseTikTokWebhook(
      event("im_receive_msg", tiktok.sticker("conv-1", USER, BIZ)),
    ) as MessageEvent[];
    expect(sticker!.contentType).toBe("STICKER");
    const [share] = parseTikTokWebhook(
      event("im_receive_msg", tiktok.sharePost("conv-1", USER, BIZ, "https://www.tiktok.com/embed/7")),
    ) as MessageEvent[];
    expect(share).toMatchObject({
      contentType: "TEXT",
      text: "https://www.tiktok.com/embed/7",
      unsupportedType: "share_post",
    });
    const [reply] = parseTikTokWebhook(
      event("im_receive_msg", tiktok.text("conv-1", USER, BIZ, "this", { replyTo: "tt-out-1" })),
    ) as MessageEvent[];
    expect(reply!.replyToExternalId).toBe("tt-out-1");
  });

  it("a message the business sent (im_send_msg) is OUTBOUND to the user", () => {
    const [e] = parseTikTokWebhook(
      event("im_send_msg", tiktok.text("conv-1", BIZ, USER, "from the app")),
    ) as MessageEvent[];
    expect(e).toMatchObject({
      direction: "OUTBOUND",
      contact: { externalId: USER.id, name: "lea_m" },
      sentByThisApp: null,
    });
  });

  it("the user reading the conversation is a READ watermark; the business reading is ignored", () => {
    const lastRead = new Date("2026-04-05T06:00:00Z");
    const [e] = parseTikTokWebhook(event("im_mark_read_msg", tiktok.read("conv-1", USER, lastRead)));
    expect(e).toEqual({
      kind: "status",
      platform: "TIKTOK",
      accountId: BIZ.id,
      timestamp: AT,
      contactExternalId: USER.id,
      conversationExternalId: "conv-1",
      externalMessageId: null,
      upTo: lastRead,
      status: "READ",
      error: null,
    } satisfies StatusEvent);
    expect(parseTikTokWebhook(event("im_mark_read_msg", tiktok.read("conv-1", BIZ, lastRead)))).toEqual([]);
  });

  it("ignores other events; refuses what isn't a TikTok event", () => {
    expect(
      parseTikTokWebhook(
        bytes({ client_key: "ck", event: "user.follow", user_openid: BIZ.id, content: "{}" }),
      ),
    ).toEqual([]);
    expect(() => parseTikTokWebhook(Buffer.from("nope"))).toThrow(WebhookPayloadError);
    expect(() => parseTikTokWebhook(bytes({ object: "page" }))).toThrow(WebhookPayloadError);
    expect(() =>
      parseTikTokWebhook(bytes({ event: "im_receive_msg", user_openid: "b", content: "{not json" })),
    ).toThrow(WebhookPayloadError);
  });
});

let fake: FakeSocial;
let providers: SocialProviders;
const creds: ChannelCredentials = { accessToken: "tt-token", accountId: BIZ.id, refreshToken: null };

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
});
afterAll(() => fake.close());
beforeEach(() => fake.clearRecords());

describe("TikTok Business Messaging API", () => {
  it("replies to a conversation with text, referencing a message", async () => {
    const provider = providers.require("TIKTOK");
    const result = await provider.sendMessage(creds, {
      to: "conv-1",
      text: "Merci 🙏",
      replyToExternalId: "tt-1",
    });
    expect(result.externalMessageId).toMatch(/^tt-out-/);
    const request = fake.requests[0]!;
    expect(request).toMatchObject({ method: "POST", path: "/open_api/v1.3/business/message/send/" });
    expect(request.headers["access-token"]).toBe("tt-token");
    expect(request.json).toEqual({
      business_id: BIZ.id,
      recipient_type: "CONVERSATION",
      recipient: "conv-1",
      referenced_message_info: { referenced_message_id: "tt-1" },
      message_type: "TEXT",
      text: { body: "Merci 🙏" },
    });
  });

  it("sends an image: bytes are uploaded first; a URL is downloaded (SSRF-safe) then uploaded", async () => {
    const provider = providers.require("TIKTOK");
    await provider.sendMessage(creds, {
      to: "conv-1",
      media: { kind: "IMAGE", bytes: new Uint8Array(2048), mimeType: "image/png", filename: "p.png" },
    });
    const upload = fake.requests.find((r) => r.path.endsWith("media/upload/"))!;
    expect(upload.form).toMatchObject({
      business_id: BIZ.id,
      media_type: "IMAGE",
      file: { filename: "p.png", type: "image/png", size: 2048 },
    });
    const send = fake.requests.find((r) => r.path.endsWith("message/send/"))!;
    expect(send.json).toMatchObject({
      message_type: "IMAGE",
      image: { media_id: expect.stringMatching(/^tt-media-/) },
    });

    fake.clearRecords();
    const hosted = fake.addMedia({ bytes: Buffer.alloc(100, 7), mimeType: "image/jpeg" });
    await provider.sendMessage(creds, { to: "conv-1", media: { kind: "IMAGE", url: fake.mediaUrl(hosted) } });
    expect(fake.requests.map((r) => r.path)).toEqual([
      `/cdn/${hosted}`,
      "/open_api/v1.3/business/message/media/upload/",
      "/open_api/v1.3/business/message/send/",
    ]);

    expect(
      await channelError(
        provider.sendMessage(creds, {
          to: "conv-1",
          media: { kind: "IMAGE", bytes: new Uint8Array(4 * 1024 * 1024), mimeType: "image/png" },
        }),
      ),
    ).toMatchObject({ code: "MEDIA" });
    expect(
      await channelError(
        provider.sendMessage(creds, { to: "conv-1", media: { kind: "VIDEO", url: "https://x/v.mp4" } }),
      ),
    ).toMatchObject({ code: "MEDIA" });
    expect(
      await channelError(
        provider.sendMessage(creds, { to: "conv-1", template: { name: "t", language: "en" } }),
      ),
    ).toMatchObject({ code: "UNSUPPORTED" });
  });

  it("maps TikTok's codes: revoked token, rate limit, message cap, outage", async () => {
    const provider = providers.require("TIKTOK");
    fake.expireToken("revoked");
    expect(
      await channelError(provider.sendMessage({ ...creds, accessToken: "revoked" }, { to: "c", text: "x" })),
    ).toMatchObject({
      code: "TOKEN_EXPIRED",
      tokenExpired: true,
      providerCode: "40105",
      retryable: false,
    });
    fake.failNext("message/send/", { tiktok: { code: 40100, message: "Requests too frequent." } });
    expect(await channelError(provider.sendMessage(creds, { to: "c", text: "x" }))).toMatchObject({
      code: "RATE_LIMITED",
      retryable: true,
    });
    fake.failNext("message/send/", {
      tiktok: { code: 40064, message: "You are sending messages too fast. Take a rest." },
    });
    expect(await channelError(provider.sendMessage(creds, { to: "c", text: "x" }))).toMatchObject({
      code: "MESSAGE_LIMIT",
      retryable: false,
      detail: "You are sending messages too fast. Take a rest.",
    });
    fake.failNext("message/send/", { status: 502 });
    expect(await channelError(provider.sendMessage(creds, { to: "c", text: "x" }))).toMatchObject({
      code: "UNAVAILABLE",
      retryable: true,
    });
    fake.failNext("message/send/", { tiktok: { code: 50000, message: "System error" } });
    expect(await channelError(provider.sendMessage(creds, { to: "c", text: "x" }))).toMatchObject({
      code: "UNAVAILABLE",
    });
  });

  it("downloads a received image through the media download URL", async () => {
    const provider = providers.require("TIKTOK");
    const mediaId = fake.addMedia({ bytes: Buffer.from("png!"), mimeType: "image/png" });
    const media = await provider.fetchMedia(creds, {
      mediaId,
      url: null,
      mimeType: null,
      filename: null,
      caption: null,
      sha256: null,
      conversationId: "conv-1",
      messageId: "tt-2",
    });
    expect(media).toMatchObject({ bytes: Buffer.from("png!"), mimeType: "image/png" });
    expect(fake.requests[0]!.json).toEqual({
      business_id: BIZ.id,
      conversation_id: "conv-1",
      message_id: "tt-2",
      media_id: mediaId,
      media_type: "IMAGE",
    });
    expect(
      await channelError(
        provider.fetchMedia(creds, {
          mediaId,
          url: null,
          mimeType: null,
          filename: null,
          caption: null,
          sha256: null,
        }),
      ),
    ).toMatchObject({ code: "MEDIA" });
  });

  it("names the business account; markRead is a no-op; no profiles or templates", async () => {
    const provider = providers.require("TIKTOK");
    fake.setTikTokBusiness(BIZ.id, {
      username: "acme.shop",
      display_name: "Acme",
      profile_image: "https://p16.example/a.jpg",
    });
    await expect(provider.fetchAccount(creds)).resolves.toEqual({
      accountId: BIZ.id,
      displayName: "Acme",
      username: "acme.shop",
      phone: null,
      avatarUrl: "https://p16.example/a.jpg",
    });
    expect(JSON.parse(fake.requests[0]!.query.fields!)).toEqual([
      "username",
      "display_name",
      "profile_image",
    ]);
    fake.clearRecords();
    await provider.markRead(creds, { conversationExternalId: "conv-1", externalMessageId: "tt-1" });
    expect(fake.requests).toHaveLength(0);
    await expect(provider.fetchProfile(creds, { externalId: USER.id })).resolves.toBeNull();
    await expect(provider.listTemplates(creds)).resolves.toEqual([]);
  });
});

describe("TikTok OAuth and token refresh", () => {
  const redirectUri = "https://app.quartet.test/oauth/tiktok/callback";

  it("authorization URL with state → code exchange → tokens with expiry → refresh_token grant", async () => {
    const oauth = providers.tiktokOAuth!;
    expect(oauth.pkce).toBe(false);
    const state = createOAuthState();
    const url = oauth.authorizationUrl({ redirectUri, state, codeVerifier: oauth.createCodeVerifier() });
    expect(url.origin + url.pathname).toBe(fake.tiktokAuthorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_key: fake.options.tiktokClientKey,
      response_type: "code",
      redirect_uri: redirectUri,
      state,
    });
    expect(url.searchParams.get("scope")).toContain("message.list.send");
    expect(url.searchParams.has("code_challenge")).toBe(false);

    const callback = fake.approveTikTokLogin(url, { businessId: BIZ.id });
    expect(callback.searchParams.get("state")).toBe(state);
    const before = Date.now();
    const tokens = await oauth.exchangeCode({ code: callback.searchParams.get("code")!, redirectUri });
    expect(tokens).toMatchObject({
      accountId: BIZ.id,
      accessToken: expect.stringMatching(/^act\./),
      refreshToken: expect.stringMatching(/^rft\./),
    });
    expect(tokens.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 86_400_000 - 1000);
    expect(tokens.refreshTokenExpiresAt!.getTime()).toBeGreaterThan(before + 300 * 86_400_000);
    expect(tokens.scopes).toContain("message.list.send");
    expect(fake.requests.at(-1)!.json).toMatchObject({
      grant_type: "authorization_code",
      client_id: fake.options.tiktokClientKey,
    });

    // Single-use code.
    expect(
      await channelError(oauth.exchangeCode({ code: callback.searchParams.get("code")!, redirectUri })),
    ).toMatchObject({ code: "INVALID_REQUEST" });

    const provider = providers.require("TIKTOK");
    const refreshed = await provider.refreshToken({ ...creds, refreshToken: tokens.refreshToken });
    expect(refreshed).toMatchObject({ accountId: BIZ.id, accessToken: expect.stringMatching(/^act\./) });
    expect(refreshed!.refreshToken).not.toBe(tokens.refreshToken);
    expect(fake.requests.at(-1)!.json).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: tokens.refreshToken,
    });
    // The old refresh token was rotated out.
    expect(
      await channelError(provider.refreshToken({ ...creds, refreshToken: tokens.refreshToken })),
    ).toMatchObject({
      code: "INVALID_REQUEST",
    });
    await expect(provider.refreshToken({ ...creds, refreshToken: null })).resolves.toBeNull();
  });

  it("with PKCE on: the challenge travels in the URL and the verifier must match at the exchange", async () => {
    const pkce = socialProviders(fake.config({ tiktokPkce: true })).tiktokOAuth!;
    const state = createOAuthState();
    const verifier = pkce.createCodeVerifier()!;
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    const url = pkce.authorizationUrl({ redirectUri, state, codeVerifier: verifier });
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[0-9a-f]{64}$/);
    expect(() => pkce.authorizationUrl({ redirectUri, state })).toThrow(/verifier/);

    const wrong = fake.approveTikTokLogin(url, { businessId: BIZ.id });
    expect(
      await channelError(
        pkce.exchangeCode({
          code: wrong.searchParams.get("code")!,
          redirectUri,
          codeVerifier: `${verifier}x`,
        }),
      ),
    ).toMatchObject({ code: "INVALID_REQUEST" });
    const right = fake.approveTikTokLogin(url, { businessId: BIZ.id });
    await expect(
      pkce.exchangeCode({ code: right.searchParams.get("code")!, redirectUri, codeVerifier: verifier }),
    ).resolves.toMatchObject({ accountId: BIZ.id });
  });
});
