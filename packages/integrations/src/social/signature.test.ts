import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  signedMeta,
  signedTikTok,
  tiktok,
  tiktokDelivery,
  wa,
  whatsappDelivery,
} from "../testing/social-payloads.ts";
import { socialProviders } from "./registry.ts";
import { metaHandshake, signTikTokPayload, verifyMetaSignature, verifyTikTokSignature } from "./signature.ts";

const APP_SECRET = "meta-app-secret-0123456789";
const CLIENT_SECRET = "tiktok-client-secret-0123456789";

// A body with emoji and non-ASCII text, written the way Meta writes it: escaped \uXXXX sequences.
// JSON.parse + JSON.stringify of it gives different bytes, so only a raw-bytes check passes.
const ESCAPED_EMOJI_BODY = Buffer.from(
  '{"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1001"},"messages":[{"from":"33611","id":"wamid.1","timestamp":"1700000000","type":"text","text":{"body":"Caf\\u00e9 \\ud83d\\ude00 \\u2764\\ufe0f"}}]}}]}]}',
  "utf8",
);

function metaHeader(body: Buffer, secret = APP_SECRET) {
  return { "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` };
}

describe("Meta X-Hub-Signature-256", () => {
  const body = Buffer.from(
    JSON.stringify(whatsappDelivery({ phoneNumberId: "1001", messages: [wa.text("33611", "Hi")] })),
  );

  it("accepts the HMAC-SHA256 of the raw bytes with the app secret, any header case", () => {
    expect(verifyMetaSignature(body, metaHeader(body), APP_SECRET)).toBe(true);
    expect(
      verifyMetaSignature(
        body,
        { "X-Hub-Signature-256": metaHeader(body)["x-hub-signature-256"] },
        APP_SECRET,
      ),
    ).toBe(true);
    expect(verifyMetaSignature(body, signedMeta(body, APP_SECRET).headers, APP_SECRET)).toBe(true);
  });

  it("refuses a tampered body, a wrong secret, a missing or malformed header", () => {
    const tampered = Buffer.from(body.toString("utf8").replace("Hi", "Ho"));
    expect(verifyMetaSignature(tampered, metaHeader(body), APP_SECRET)).toBe(false);
    expect(verifyMetaSignature(body, metaHeader(body, "another-secret"), APP_SECRET)).toBe(false);
    expect(verifyMetaSignature(body, {}, APP_SECRET)).toBe(false);
    expect(verifyMetaSignature(body, { "x-hub-signature-256": "" }, APP_SECRET)).toBe(false);
    const hex = metaHeader(body)["x-hub-signature-256"].slice(7);
    expect(verifyMetaSignature(body, { "x-hub-signature-256": hex }, APP_SECRET)).toBe(false);
    expect(verifyMetaSignature(body, { "x-hub-signature-256": `sha1=${hex}` }, APP_SECRET)).toBe(false);
    expect(
      verifyMetaSignature(body, { "x-hub-signature-256": `sha256=${hex.slice(0, -2)}` }, APP_SECRET),
    ).toBe(false);
    expect(verifyMetaSignature(body, { "x-hub-signature-256": "sha256=zz" }, APP_SECRET)).toBe(false);
    // The legacy SHA-1 header alone is not enough.
    expect(verifyMetaSignature(body, { "x-hub-signature": `sha1=${hex}` }, APP_SECRET)).toBe(false);
    expect(verifyMetaSignature(body, metaHeader(body), "")).toBe(false);
  });

  it("checks emoji bodies over their bytes, never re-serialised JSON", () => {
    const headers = metaHeader(ESCAPED_EMOJI_BODY);
    expect(verifyMetaSignature(ESCAPED_EMOJI_BODY, headers, APP_SECRET)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(ESCAPED_EMOJI_BODY.toString("utf8"))), "utf8");
    expect(reserialised.equals(ESCAPED_EMOJI_BODY)).toBe(false);
    expect(verifyMetaSignature(reserialised, headers, APP_SECRET)).toBe(false);
    // Raw UTF-8 emoji bytes too.
    const utf8 = Buffer.from('{"text":"Merci 🙏🏽 ça marche"}', "utf8");
    expect(verifyMetaSignature(utf8, metaHeader(utf8), APP_SECRET)).toBe(true);
    const flipped = Buffer.from(utf8);
    flipped[12] = flipped[12]! ^ 1;
    expect(verifyMetaSignature(flipped, metaHeader(utf8), APP_SECRET)).toBe(false);
  });

  it("is what the WhatsApp, Messenger and Instagram providers check", () => {
    const providers = socialProviders({ meta: { appId: "app", appSecret: APP_SECRET, verifyToken: "vt" } });
    for (const platform of ["WHATSAPP", "FACEBOOK", "INSTAGRAM"] as const) {
      const provider = providers.require(platform);
      expect(provider.verifySignature(ESCAPED_EMOJI_BODY, metaHeader(ESCAPED_EMOJI_BODY))).toBe(true);
      expect(provider.verifySignature(ESCAPED_EMOJI_BODY, {})).toBe(false);
      expect(provider.verifySignature(ESCAPED_EMOJI_BODY, metaHeader(ESCAPED_EMOJI_BODY, "nope"))).toBe(
        false,
      );
    }
  });
});

describe("TikTok-Signature (t=<ts>,s=<hmac of '<t>.<body>'>)", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const body = Buffer.from(
    JSON.stringify(
      tiktokDelivery({
        clientKey: "ck",
        businessId: "biz-1",
        event: "im_receive_msg",
        content: tiktok.text("conv-1", { id: "u-1", name: "ana" }, { id: "biz-1", name: "shop" }, "Salut 😀"),
      }),
    ),
  );

  it("accepts TikTok's documented signature within the tolerance", () => {
    const t = Math.floor(now.getTime() / 1000);
    const s = createHmac("sha256", CLIENT_SECRET)
      .update(`${t}.${body.toString("utf8")}`)
      .digest("hex");
    expect(verifyTikTokSignature(body, { "TikTok-Signature": `t=${t},s=${s}` }, CLIENT_SECRET, { now })).toBe(
      true,
    );
    expect(
      verifyTikTokSignature(body, signedTikTok(body, CLIENT_SECRET, now).headers, CLIENT_SECRET, { now }),
    ).toBe(true);
    // Four minutes of clock difference either way is fine.
    const early = new Date(now.getTime() - 240_000);
    expect(
      verifyTikTokSignature(
        body,
        { "tiktok-signature": signTikTokPayload(body, CLIENT_SECRET, early) },
        CLIENT_SECRET,
        { now },
      ),
    ).toBe(true);
  });

  it("refuses a stale or future timestamp, even correctly signed", () => {
    const stale = new Date(now.getTime() - 10 * 60_000);
    const future = new Date(now.getTime() + 10 * 60_000);
    for (const at of [stale, future])
      expect(
        verifyTikTokSignature(
          body,
          { "tiktok-signature": signTikTokPayload(body, CLIENT_SECRET, at) },
          CLIENT_SECRET,
          { now },
        ),
      ).toBe(false);
    expect(
      verifyTikTokSignature(
        body,
        { "tiktok-signature": signTikTokPayload(body, CLIENT_SECRET, stale) },
        CLIENT_SECRET,
        {
          now,
          toleranceSeconds: 3600,
        },
      ),
    ).toBe(true);
  });

  it("refuses a tampered body, a wrong secret, a changed timestamp, a missing or malformed header", () => {
    const header = signTikTokPayload(body, CLIENT_SECRET, now);
    const tampered = Buffer.from(body.toString("utf8").replace("Salut", "Salud"));
    expect(verifyTikTokSignature(tampered, { "tiktok-signature": header }, CLIENT_SECRET, { now })).toBe(
      false,
    );
    expect(
      verifyTikTokSignature(
        body,
        { "tiktok-signature": signTikTokPayload(body, "wrong-secret", now) },
        CLIENT_SECRET,
        { now },
      ),
    ).toBe(false);
    const t = Number(/t=(\d+)/.exec(header)![1]);
    expect(
      verifyTikTokSignature(
        body,
        { "tiktok-signature": header.replace(`t=${t}`, `t=${t + 1}`) },
        CLIENT_SECRET,
        { now },
      ),
    ).toBe(false);
    expect(verifyTikTokSignature(body, {}, CLIENT_SECRET, { now })).toBe(false);
    expect(verifyTikTokSignature(body, { "tiktok-signature": "garbage" }, CLIENT_SECRET, { now })).toBe(
      false,
    );
    expect(
      verifyTikTokSignature(body, { "tiktok-signature": header.split(",")[1]! }, CLIENT_SECRET, { now }),
    ).toBe(false);
    expect(verifyTikTokSignature(body, { "tiktok-signature": header }, "", { now })).toBe(false);
  });

  it("checks emoji bodies over their bytes", () => {
    const header = signTikTokPayload(ESCAPED_EMOJI_BODY, CLIENT_SECRET, now);
    expect(
      verifyTikTokSignature(ESCAPED_EMOJI_BODY, { "tiktok-signature": header }, CLIENT_SECRET, { now }),
    ).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(ESCAPED_EMOJI_BODY.toString("utf8"))));
    expect(verifyTikTokSignature(reserialised, { "tiktok-signature": header }, CLIENT_SECRET, { now })).toBe(
      false,
    );
  });

  it("is what the TikTok provider checks (and local channels accept nothing from outside)", () => {
    const providers = socialProviders({ tiktok: { clientKey: "ck", clientSecret: CLIENT_SECRET } });
    const headers = { "tiktok-signature": signTikTokPayload(body, CLIENT_SECRET, now) };
    expect(providers.require("TIKTOK").verifySignature(body, headers, now)).toBe(true);
    expect(
      providers.require("TIKTOK").verifySignature(body, headers, new Date(now.getTime() + 3_600_000)),
    ).toBe(false);
    expect(providers.require("SANDBOX").verifySignature(body, headers, now)).toBe(false);
    expect(providers.require("WEBCHAT").verifySignature(body, metaHeader(body), now)).toBe(false);
  });
});

describe("Meta verify-token handshake", () => {
  it("echoes the challenge for subscribe with our verify token", () => {
    const query = new URLSearchParams({
      "hub.mode": "subscribe",
      "hub.verify_token": "vt-123",
      "hub.challenge": "1158201444",
    });
    expect(metaHandshake(query, "vt-123")).toBe("1158201444");
    expect(metaHandshake(Object.fromEntries(query), "vt-123")).toBe("1158201444");
    const providers = socialProviders({
      meta: { appId: "app", appSecret: APP_SECRET, verifyToken: "vt-123" },
    });
    expect(providers.require("WHATSAPP").verifyHandshake(query)).toBe("1158201444");
    expect(providers.require("INSTAGRAM").verifyHandshake(Object.fromEntries(query))).toBe("1158201444");
  });

  it("refuses a wrong token, another mode, a missing challenge, or no configured token", () => {
    const q = (over: Record<string, string>) =>
      new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.verify_token": "vt-123",
        "hub.challenge": "42",
        ...over,
      });
    expect(metaHandshake(q({ "hub.verify_token": "vt-124" }), "vt-123")).toBeNull();
    expect(metaHandshake(q({ "hub.verify_token": "vt-12" }), "vt-123")).toBeNull();
    expect(metaHandshake(q({ "hub.mode": "unsubscribe" }), "vt-123")).toBeNull();
    expect(
      metaHandshake(new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": "vt-123" }), "vt-123"),
    ).toBeNull();
    expect(metaHandshake(q({ "hub.challenge": "<script>" }), "vt-123")).toBeNull();
    expect(metaHandshake(q({}), "")).toBeNull();
    const providers = socialProviders({ tiktok: { clientKey: "ck", clientSecret: CLIENT_SECRET } });
    expect(providers.require("TIKTOK").verifyHandshake(q({}))).toBeNull();
  });
});
