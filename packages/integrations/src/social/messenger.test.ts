import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeSocial, startFakeSocial } from "../testing/fake-social.ts";
import { ChannelError } from "./errors.ts";
import { createOAuthState, sameState } from "./meta-oauth.ts";
import { type SocialProviders, socialProviders } from "./registry.ts";
import type { ChannelCredentials } from "./types.ts";

let fake: FakeSocial;
let providers: SocialProviders;
const page: ChannelCredentials = { accessToken: "page-token", accountId: "PAGE1" };
const ig: ChannelCredentials = { accessToken: "page-token", accountId: "IG1", pageId: "PAGE1" };

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

describe("Messenger Send API", () => {
  it("sends text as a RESPONSE to the PSID through the page, with reply_to", async () => {
    const messenger = providers.require("FACEBOOK");
    const result = await messenger.sendMessage(page, {
      to: "PSID1",
      text: "Hello!",
      replyToExternalId: "m_in",
    });
    expect(result.externalMessageId).toMatch(/^m_/);
    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/PAGE1/messages" });
    expect(fake.requests[0]!.headers.authorization).toBe("Bearer page-token");
    expect(fake.requests[0]!.json).toEqual({
      recipient: { id: "PSID1" },
      messaging_type: "RESPONSE",
      reply_to: { mid: "m_in" },
      message: { text: "Hello!" },
    });
  });

  it("sends attachments by URL, by attachment id, and uploads bytes as multipart filedata", async () => {
    const messenger = providers.require("FACEBOOK");
    await messenger.sendMessage(page, {
      to: "PSID1",
      media: { kind: "IMAGE", url: "https://files.example/a.png" },
    });
    await messenger.sendMessage(page, { to: "PSID1", media: { kind: "FILE", mediaId: "att-5" } });
    await messenger.sendMessage(page, {
      to: "PSID1",
      media: { kind: "VIDEO", bytes: new Uint8Array(10), mimeType: "video/mp4", filename: "clip.mp4" },
    });
    expect(fake.requests[0]!.json).toMatchObject({
      message: {
        attachment: { type: "image", payload: { url: "https://files.example/a.png", is_reusable: false } },
      },
    });
    expect(fake.requests[1]!.json).toMatchObject({
      message: { attachment: { type: "file", payload: { attachment_id: "att-5" } } },
    });
    const form = fake.requests[2]!.form!;
    expect(JSON.parse(form.recipient as string)).toEqual({ id: "PSID1" });
    expect(JSON.parse(form.message as string)).toEqual({
      attachment: { type: "video", payload: { is_reusable: false } },
    });
    expect(form.filedata).toMatchObject({ filename: "clip.mp4", type: "video/mp4", size: 10 });
    expect(fake.sent.map((s) => s.kind)).toEqual(["image", "file", "video"]);
  });

  it("outside the 24 h window: OUTSIDE_WINDOW (10/2018278); the HUMAN_AGENT tag goes through", async () => {
    const messenger = providers.require("FACEBOOK");
    fake.closeWindow("PSID_OLD");
    const error = await channelError(messenger.sendMessage(page, { to: "PSID_OLD", text: "late" }));
    expect(error).toMatchObject({ code: "OUTSIDE_WINDOW", providerCode: "10/2018278", retryable: false });
    await messenger.sendMessage(page, { to: "PSID_OLD", text: "a person answering", humanAgent: true });
    expect(fake.requests.at(-1)!.json).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
  });

  it("refuses templates and stickers; maps an expired page token", async () => {
    const messenger = providers.require("FACEBOOK");
    expect(
      await channelError(messenger.sendMessage(page, { to: "P", template: { name: "x", language: "en" } })),
    ).toMatchObject({ code: "UNSUPPORTED" });
    expect(
      await channelError(
        messenger.sendMessage(page, { to: "P", media: { kind: "STICKER", url: "https://x/s.png" } }),
      ),
    ).toMatchObject({ code: "MEDIA" });
    fake.expireToken("old-page-token");
    expect(
      await channelError(
        messenger.sendMessage({ ...page, accessToken: "old-page-token" }, { to: "P", text: "x" }),
      ),
    ).toMatchObject({ code: "TOKEN_EXPIRED", tokenExpired: true });
  });

  it("marks seen, fetches a profile and a CDN attachment, names the page, subscribes it", async () => {
    const messenger = providers.require("FACEBOOK");
    await messenger.markRead(page, { conversationExternalId: "PSID1", externalMessageId: null });
    expect(fake.requests[0]!.json).toEqual({ recipient: { id: "PSID1" }, sender_action: "mark_seen" });

    fake.setObject("PSID1", {
      first_name: "Léa",
      last_name: "Martin",
      profile_pic: "https://cdn.example/lea.jpg",
    });
    await expect(messenger.fetchProfile(page, { externalId: "PSID1" })).resolves.toEqual({
      externalId: "PSID1",
      name: "Léa Martin",
      username: null,
      avatarUrl: "https://cdn.example/lea.jpg",
    });

    const id = fake.addMedia({ bytes: Buffer.from("jpegbytes"), mimeType: "image/jpeg" });
    const media = await messenger.fetchMedia(page, {
      mediaId: null,
      url: fake.mediaUrl(id),
      mimeType: null,
      filename: null,
      caption: null,
      sha256: null,
    });
    expect(media).toMatchObject({ bytes: Buffer.from("jpegbytes"), mimeType: "image/jpeg" });
    // No token goes to a CDN.
    expect(fake.requests.find((r) => r.path.startsWith("/cdn/"))!.headers.authorization).toBeUndefined();

    fake.setObject("PAGE1", {
      name: "Acme",
      username: "acme",
      picture: { data: { url: "https://cdn.example/acme.png" } },
    });
    await expect(messenger.fetchAccount(page)).resolves.toEqual({
      accountId: "PAGE1",
      displayName: "Acme",
      username: "acme",
      phone: null,
      avatarUrl: "https://cdn.example/acme.png",
    });
    await messenger.subscribeWebhooks(page);
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: "/PAGE1/subscribed_apps" });
    expect(fake.requests.at(-1)!.query.subscribed_fields).toContain("message_echoes");
    await expect(messenger.listTemplates(page)).resolves.toEqual([]);
  });
});

describe("Instagram messaging", () => {
  it("sends through the linked page to the IG-scoped id, without Messenger's reply_to", async () => {
    const instagram = providers.require("INSTAGRAM");
    await instagram.sendMessage(ig, { to: "IGSID1", text: "Merci !", replyToExternalId: "ig_m" });
    expect(fake.requests[0]).toMatchObject({ path: "/PAGE1/messages" });
    expect(fake.requests[0]!.json).toEqual({
      recipient: { id: "IGSID1" },
      messaging_type: "RESPONSE",
      message: { text: "Merci !" },
    });
    expect(
      await channelError(instagram.sendMessage({ ...ig, pageId: null }, { to: "IGSID1", text: "x" })),
    ).toMatchObject({ code: "INVALID_REQUEST" });
    expect(
      await channelError(
        instagram.sendMessage(ig, { to: "IGSID1", media: { kind: "FILE", url: "https://x/f.pdf" } }),
      ),
    ).toMatchObject({ code: "MEDIA" });
  });

  it("fetches an IG profile with username, and the account", async () => {
    const instagram = providers.require("INSTAGRAM");
    fake.setObject("IGSID1", {
      name: "Nora",
      username: "nora.design",
      profile_pic: "https://cdn.example/n.jpg",
    });
    await expect(instagram.fetchProfile(ig, { externalId: "IGSID1" })).resolves.toEqual({
      externalId: "IGSID1",
      name: "Nora",
      username: "nora.design",
      avatarUrl: "https://cdn.example/n.jpg",
    });
    fake.setObject("IG1", {
      username: "acme.shop",
      name: "Acme Shop",
      profile_picture_url: "https://cdn.example/a.jpg",
    });
    await expect(instagram.fetchAccount(ig)).resolves.toMatchObject({
      displayName: "Acme Shop",
      username: "acme.shop",
    });
  });
});

describe("Facebook Login (Meta OAuth) for Messenger and Instagram", () => {
  it("dialog URL with state and scopes → code → long-lived token → pages with tokens and IG accounts", async () => {
    const oauth = providers.metaOAuth!;
    const state = createOAuthState();
    const redirectUri = "https://app.quartet.test/oauth/meta/callback";
    const url = oauth.authorizationUrl({ redirectUri, state, platform: "INSTAGRAM" });
    expect(url.origin + url.pathname).toBe(`${fake.dialogBaseUrl}/dialog/oauth`);
    expect(url.searchParams.get("client_id")).toBe(fake.options.metaAppId);
    expect(url.searchParams.get("state")).toBe(state);
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("scope")).toContain("instagram_manage_messages");
    expect(
      oauth.authorizationUrl({ redirectUri, state, platform: "FACEBOOK" }).searchParams.get("scope"),
    ).not.toContain("instagram");

    fake.setPages("user-short-token", [
      {
        id: "PAGE1",
        name: "Acme",
        access_token: "page-token-1",
        tasks: ["MESSAGING", "ANALYZE"],
        instagram_business_account: { id: "IG1", username: "acme.shop", name: "Acme Shop" },
      },
      { id: "PAGE2", name: "Acme Jobs", access_token: "page-token-2", tasks: ["ANALYZE"] },
    ]);
    const callback = fake.approveMetaLogin(url, { userToken: "user-short-token" });
    expect(sameState(state, callback.searchParams.get("state"))).toBe(true);
    expect(sameState(state, `${state}x`)).toBe(false);

    const tokens = await oauth.exchangeCode({ code: callback.searchParams.get("code")!, redirectUri });
    expect(tokens.accessToken).toMatch(/^EAAL/);
    expect(tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 24 * 3600 * 1000);
    expect(
      fake.requests.filter((r) => r.path === "/oauth/access_token").map((r) => r.query.grant_type ?? "code"),
    ).toEqual(["code", "fb_exchange_token"]);

    const pages = await oauth.listPages(tokens.accessToken);
    expect(pages).toEqual([
      {
        pageId: "PAGE1",
        name: "Acme",
        accessToken: "page-token-1",
        canMessage: true,
        instagram: { accountId: "IG1", username: "acme.shop", name: "Acme Shop", avatarUrl: null },
      },
      { pageId: "PAGE2", name: "Acme Jobs", accessToken: "page-token-2", canMessage: false, instagram: null },
    ]);

    // The code is single-use and bound to the redirect URI.
    expect(
      await channelError(oauth.exchangeCode({ code: callback.searchParams.get("code")!, redirectUri })),
    ).toMatchObject({ code: "INVALID_REQUEST" });
    const other = fake.approveMetaLogin(url);
    expect(
      await channelError(
        oauth.exchangeCode({ code: other.searchParams.get("code")!, redirectUri: `${redirectUri}x` }),
      ),
    ).toMatchObject({ code: "INVALID_REQUEST", retryable: false });
  });

  it("refuses a weak state", () => {
    expect(() =>
      providers.metaOAuth!.authorizationUrl({
        redirectUri: "https://x/cb",
        state: "abc",
        platform: "FACEBOOK",
      }),
    ).toThrow(/state/);
  });
});
