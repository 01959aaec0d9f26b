import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { startFakeSocial } from "../testing/fake-social.ts";
import {
  messagingDelivery,
  messenger,
  tiktok,
  tiktokDelivery,
  wa,
  whatsappDelivery,
} from "../testing/social-payloads.ts";
import { ChannelError } from "./errors.ts";
import { PLATFORM_LIMITS, replyWindow, TIKTOK_MAX_MESSAGES_PER_WINDOW, textFits } from "./limits.ts";
import { encodeLocalEvent } from "./local.ts";
import { socialProviders } from "./registry.ts";
import type { ChannelProvider, SocialPlatform } from "./types.ts";

const HOUR = 3_600_000;

describe("platform limits", () => {
  const now = new Date("2026-05-01T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("WhatsApp: free text within 24 h of the last inbound message, templates after", () => {
    expect(replyWindow("WHATSAPP", { lastInboundAt: ago(23 * HOUR), now })).toMatchObject({
      open: true,
      closesAt: new Date(ago(23 * HOUR).getTime() + 24 * HOUR),
      templatesAllowed: true,
      closedBecause: null,
    });
    expect(replyWindow("WHATSAPP", { lastInboundAt: ago(24 * HOUR), now })).toMatchObject({
      open: false,
      templatesAllowed: true,
      closedBecause: "WINDOW_EXPIRED",
    });
    // A business may open a WhatsApp conversation with a template only.
    expect(replyWindow("WHATSAPP", { lastInboundAt: null, now })).toMatchObject({
      open: false,
      closedBecause: "NO_INBOUND",
    });
  });

  it("Messenger / Instagram: 24 h, then the HUMAN_AGENT tag until 7 days", () => {
    expect(replyWindow("FACEBOOK", { lastInboundAt: ago(2 * HOUR), now }).open).toBe(true);
    const late = replyWindow("INSTAGRAM", { lastInboundAt: ago(3 * 24 * HOUR), now });
    expect(late).toMatchObject({ open: false, templatesAllowed: false, closedBecause: "WINDOW_EXPIRED" });
    expect(late.humanAgentUntil).toEqual(new Date(ago(3 * 24 * HOUR).getTime() + 7 * 24 * HOUR));
    expect(replyWindow("FACEBOOK", { lastInboundAt: ago(8 * 24 * HOUR), now }).humanAgentUntil).toBeNull();
  });

  it("TikTok: 48 h and at most 10 messages per window", () => {
    expect(
      replyWindow("TIKTOK", { lastInboundAt: ago(47 * HOUR), outboundSinceInbound: 3, now }),
    ).toMatchObject({
      open: true,
      remainingMessages: TIKTOK_MAX_MESSAGES_PER_WINDOW - 3,
    });
    expect(replyWindow("TIKTOK", { lastInboundAt: ago(HOUR), outboundSinceInbound: 10, now })).toMatchObject({
      open: false,
      remainingMessages: 0,
      closedBecause: "MESSAGE_LIMIT",
    });
    expect(replyWindow("TIKTOK", { lastInboundAt: ago(49 * HOUR), now })).toMatchObject({
      open: false,
      templatesAllowed: false,
      closedBecause: "WINDOW_EXPIRED",
    });
  });

  it("local channels have no window; text lengths follow each platform", () => {
    expect(replyWindow("SANDBOX", { lastInboundAt: null, now }).open).toBe(true);
    expect(replyWindow("WEBCHAT", { lastInboundAt: ago(1000 * HOUR), now }).open).toBe(true);
    expect(textFits("WHATSAPP", "x".repeat(4096))).toBe(true);
    expect(textFits("WHATSAPP", "x".repeat(4097))).toBe(false);
    expect(textFits("FACEBOOK", "😀".repeat(2000))).toBe(true);
    // Instagram counts bytes: 300 emoji are 1200 bytes.
    expect(textFits("INSTAGRAM", "😀".repeat(300))).toBe(false);
    expect(textFits("INSTAGRAM", "a".repeat(1000))).toBe(true);
    expect(PLATFORM_LIMITS.TIKTOK.sendable).toEqual(["TEXT", "IMAGE"]);
  });
});

describe("socialProviders registry", () => {
  it("builds only configured platforms; local ones are always there", () => {
    const none = socialProviders({});
    expect(none.available.map((p) => p.platform)).toEqual(["WEBCHAT", "SANDBOX"]);
    expect(none.get("WHATSAPP")).toBeNull();
    expect(none.metaOAuth).toBeNull();
    expect(() => none.require("TIKTOK")).toThrow(ChannelError);
    try {
      none.require("TIKTOK");
    } catch (error) {
      expect((error as ChannelError).code).toBe("NOT_CONFIGURED");
    }
    const all = socialProviders({
      meta: { appId: "1", appSecret: "s", verifyToken: "v" },
      tiktok: { clientKey: "k", clientSecret: "t" },
    });
    expect(all.available.map((p) => p.platform).sort()).toEqual(
      ["FACEBOOK", "INSTAGRAM", "SANDBOX", "TIKTOK", "WEBCHAT", "WHATSAPP"].sort(),
    );
    expect(all.metaOAuth).not.toBeNull();
    expect(all.tiktokOAuth).not.toBeNull();
    expect(all.require("WHATSAPP").capabilities).toMatchObject({ templates: true, connect: "TOKEN" });
    expect(all.require("FACEBOOK").capabilities.connect).toBe("META_OAUTH");
    expect(all.require("TIKTOK").capabilities).toMatchObject({ markRead: false, connect: "TIKTOK_OAUTH" });
  });
});

describe("local channels (WEBCHAT, SANDBOX)", () => {
  const providers = socialProviders({});

  it("sending returns a generated external id, without any outside call", async () => {
    const sandbox = providers.require("SANDBOX");
    const a = await sandbox.sendMessage(
      { accessToken: "", accountId: "sbx" },
      { to: "visitor-1", text: "Hi" },
    );
    const b = await sandbox.sendMessage(
      { accessToken: "", accountId: "sbx" },
      { to: "visitor-1", text: "Hi" },
    );
    expect(a.externalMessageId).toMatch(/^sandbox_/);
    expect(a.externalMessageId).not.toBe(b.externalMessageId);
    expect(
      (
        await providers
          .require("WEBCHAT")
          .sendMessage({ accessToken: "", accountId: "w" }, { to: "v", text: "x" })
      ).externalMessageId,
    ).toMatch(/^webchat_/);
    await expect(sandbox.refreshToken({ accessToken: "", accountId: "sbx" })).resolves.toBeNull();
  });

  it("Quartet's own events round-trip through the same parse as platform webhooks", () => {
    const raw = encodeLocalEvent({
      type: "message",
      accountId: "widget-key",
      contact: { id: "visitor-7", name: "Sam", email: "Sam@Example.com" },
      messageId: "wc-1",
      text: "Do you ship to Lyon?",
      timestamp: "2026-05-01T10:00:00.000Z",
    });
    expect(providers.require("WEBCHAT").parseWebhook(raw)).toEqual([
      {
        kind: "message",
        platform: "WEBCHAT",
        accountId: "widget-key",
        timestamp: new Date("2026-05-01T10:00:00.000Z"),
        conversationExternalId: "visitor-7",
        externalMessageId: "wc-1",
        direction: "INBOUND",
        sentByThisApp: false,
        contact: {
          externalId: "visitor-7",
          name: "Sam",
          username: null,
          phone: null,
          email: "sam@example.com",
        },
        contentType: "TEXT",
        text: "Do you ship to Lyon?",
        media: null,
        location: null,
        replyToExternalId: null,
        unsupportedType: null,
      },
    ]);
    const read = encodeLocalEvent({
      type: "status",
      accountId: "sbx",
      contactId: "c1",
      upTo: "2026-05-01T10:05:00.000Z",
      status: "READ",
      timestamp: "2026-05-01T10:05:00.000Z",
    });
    expect(providers.require("SANDBOX").parseWebhook(read)[0]).toMatchObject({
      kind: "status",
      platform: "SANDBOX",
      status: "READ",
      upTo: new Date("2026-05-01T10:05:00.000Z"),
    });
    expect(() => encodeLocalEvent({ type: "message" } as never)).toThrow();
  });
});

describe("the fake server's signed deliveries", () => {
  it("arrive as bytes a provider verifies and parses (what webhook route tests rely on)", async () => {
    const fake = await startFakeSocial();
    const providers = socialProviders(fake.config());
    const received: { path: string; raw: Buffer; headers: Record<string, string | string[] | undefined> }[] =
      [];
    const app = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({ path: req.url ?? "", raw: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end("EVENT_RECEIVED");
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      const deliveries: [SocialPlatform, Response][] = [
        [
          "WHATSAPP",
          await fake.deliverMeta(
            `${url}/whatsapp`,
            whatsappDelivery({
              phoneNumberId: "1001",
              contacts: [{ waId: "336", name: "Zoé" }],
              messages: [wa.text("336", "Ça va ? 😀")],
            }),
          ),
        ],
        [
          "FACEBOOK",
          await fake.deliverMeta(
            `${url}/facebook`,
            messagingDelivery("page", "P1", [messenger.text("U1", "P1", "yo")]),
          ),
        ],
        [
          "TIKTOK",
          await fake.deliverTikTok(
            `${url}/tiktok`,
            tiktokDelivery({
              clientKey: fake.options.tiktokClientKey,
              businessId: "biz",
              event: "im_receive_msg",
              content: tiktok.text("conv", { id: "u", name: "u" }, { id: "biz", name: "b" }, "hey"),
            }),
          ),
        ],
      ];
      for (const [, response] of deliveries) expect(response.status).toBe(200);
      expect(received).toHaveLength(3);
      for (const [index, [platform]] of deliveries.entries()) {
        const { raw, headers } = received[index]!;
        const provider: ChannelProvider = providers.require(platform);
        expect(provider.verifySignature(raw, headers)).toBe(true);
        expect(provider.parseWebhook(raw)).toHaveLength(1);
        // Another app's secret is refused.
        expect(
          socialProviders({
            meta: { appId: "x", appSecret: "other", verifyToken: "" },
            tiktok: { clientKey: "x", clientSecret: "other" },
          })
            .require(platform)
            .verifySignature(raw, headers),
        ).toBe(false);
      }
      expect((providers.require("WHATSAPP").parseWebhook(received[0]!.raw)[0] as { text: string }).text).toBe(
        "Ça va ? 😀",
      );
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
      await fake.close();
    }
  });
});
