import { describe, expect, it } from "vitest";
import { messagingDelivery, messenger, wa, whatsappDelivery } from "../testing/social-payloads.ts";
import { WebhookPayloadError } from "./errors.ts";
import { parseMessagingWebhook, parseWhatsAppWebhook } from "./meta-webhook.ts";
import type { MessageEvent, ReactionEvent, StatusEvent } from "./types.ts";

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");
const AT = new Date("2026-02-03T10:20:30Z");

describe("WhatsApp Cloud API webhooks", () => {
  const PHONE_ID = "106540352242922";
  const parse = (input: Omit<Parameters<typeof whatsappDelivery>[0], "phoneNumberId">) =>
    parseWhatsAppWebhook(bytes(whatsappDelivery({ phoneNumberId: PHONE_ID, ...input })));

  it("a text message: account, contact name and phone, id, time", () => {
    const [event] = parse({
      contacts: [{ waId: "33612345678", name: "Ana Lima" }],
      messages: [wa.text("33612345678", "Bonjour 👋", { id: "wamid.A1", at: AT })],
    });
    expect(event).toEqual({
      kind: "message",
      platform: "WHATSAPP",
      accountId: PHONE_ID,
      timestamp: AT,
      conversationExternalId: "33612345678",
      externalMessageId: "wamid.A1",
      direction: "INBOUND",
      sentByThisApp: false,
      contact: {
        externalId: "33612345678",
        name: "Ana Lima",
        username: null,
        phone: "+33612345678",
        email: null,
      },
      contentType: "TEXT",
      text: "Bonjour 👋",
      media: null,
      location: null,
      replyToExternalId: null,
      unsupportedType: null,
    } satisfies MessageEvent);
  });

  it("media of each type with its media id, mime type, caption and filename", () => {
    const events = parse({
      messages: [
        wa.media("336", "image", "img-1", { caption: "the receipt", mimeType: "image/jpeg" }),
        wa.media("336", "video", "vid-1", { mimeType: "video/mp4" }),
        wa.media("336", "audio", "aud-1", { voice: true }),
        wa.media("336", "document", "doc-1", { filename: "invoice.pdf", caption: "March" }),
        wa.media("336", "sticker", "stk-1", { animated: false }),
      ],
    }) as MessageEvent[];
    expect(events.map((e) => e.contentType)).toEqual(["IMAGE", "VIDEO", "AUDIO", "FILE", "STICKER"]);
    expect(events[0]!.media).toMatchObject({
      mediaId: "img-1",
      mimeType: "image/jpeg",
      caption: "the receipt",
      url: null,
    });
    expect(events[0]!.text).toBe("the receipt");
    expect(events[2]!.media).toMatchObject({ mediaId: "aud-1", mimeType: "audio/ogg; codecs=opus" });
    expect(events[3]!.media).toMatchObject({ mediaId: "doc-1", filename: "invoice.pdf", caption: "March" });
    expect(events[4]!.media).toMatchObject({ mediaId: "stk-1", mimeType: "image/webp" });
    for (const e of events) expect(e.media?.sha256).toBeTruthy();
  });

  it("a location, a reply (context), and an unsupported type kept as such", () => {
    const [location, reply, unsupported] = parse({
      messages: [
        wa.location("336", 48.8584, 2.2945, { name: "Tour Eiffel", address: "Champ de Mars, Paris" }),
        wa.text("336", "yes that one", { replyTo: "wamid.ORIGINAL" }),
        wa.unsupported("336"),
      ],
    }) as MessageEvent[];
    expect(location).toMatchObject({
      contentType: "LOCATION",
      text: "Tour Eiffel",
      location: {
        latitude: 48.8584,
        longitude: 2.2945,
        name: "Tour Eiffel",
        address: "Champ de Mars, Paris",
        url: null,
      },
    });
    expect(reply!.replyToExternalId).toBe("wamid.ORIGINAL");
    expect(unsupported).toMatchObject({ contentType: "TEXT", unsupportedType: "unsupported" });
  });

  it("reactions, and their removal (empty emoji)", () => {
    const [added, removed] = parse({
      messages: [
        wa.reaction("336", "wamid.TARGET", "❤️", { at: AT }),
        wa.reaction("336", "wamid.TARGET", null),
      ],
    });
    expect(added).toEqual({
      kind: "reaction",
      platform: "WHATSAPP",
      accountId: PHONE_ID,
      timestamp: AT,
      conversationExternalId: "336",
      contactExternalId: "336",
      direction: "INBOUND",
      targetExternalMessageId: "wamid.TARGET",
      emoji: "❤️",
    } satisfies ReactionEvent);
    expect((removed as ReactionEvent).emoji).toBeNull();
  });

  it("statuses sent / delivered / read, and failed with the provider's reason", () => {
    const events = parse({
      statuses: [
        wa.status("wamid.O1", "sent", "336", { at: AT }),
        wa.status("wamid.O1", "delivered", "336"),
        wa.status("wamid.O1", "read", "336"),
        wa.status("wamid.O2", "failed", "336", {
          error: {
            code: 131047,
            title: "Re-engagement message",
            details:
              "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          },
        }),
      ],
    }) as StatusEvent[];
    expect(events.map((e) => e.status)).toEqual(["SENT", "DELIVERED", "READ", "FAILED"]);
    expect(events[0]).toEqual({
      kind: "status",
      platform: "WHATSAPP",
      accountId: PHONE_ID,
      timestamp: AT,
      contactExternalId: "336",
      conversationExternalId: "336",
      externalMessageId: "wamid.O1",
      upTo: null,
      status: "SENT",
      error: null,
    } satisfies StatusEvent);
    expect(events[3]!.error).toEqual({
      code: "131047",
      reason:
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    });
  });

  it("echoes of messages typed in the WhatsApp Business app are OUTBOUND to the customer", () => {
    const [echo] = parse({
      echoes: [wa.echoText("15550001111", "33699", "On arrive !", { id: "wamid.E1" })],
    }) as MessageEvent[];
    expect(echo).toMatchObject({
      direction: "OUTBOUND",
      externalMessageId: "wamid.E1",
      conversationExternalId: "33699",
      contact: { externalId: "33699" },
      text: "On arrive !",
      sentByThisApp: false,
    });
  });

  it("skips an odd item, keeps the rest; refuses what isn't a WhatsApp delivery", () => {
    const events = parse({
      messages: [
        { from: "336", type: "text" },
        wa.text("336", "ok"),
        wa.text("336", "welcome", {}),
        { ...wa.text("336", "x"), type: "system" },
      ],
      statuses: [{ id: "wamid.1", status: "deleted", timestamp: "1", recipient_id: "336" }],
    });
    expect(events.map((e) => (e as MessageEvent).text)).toEqual(["ok", "welcome"]);
    expect(() => parseWhatsAppWebhook(Buffer.from("not json"))).toThrow(WebhookPayloadError);
    expect(() => parseWhatsAppWebhook(bytes({ object: "page", entry: [] }))).toThrow(WebhookPayloadError);
    // Other fields (account updates, template status) carry no messages.
    expect(
      parseWhatsAppWebhook(
        bytes({
          object: "whatsapp_business_account",
          entry: [{ id: "w", changes: [{ field: "account_update", value: {} }] }],
        }),
      ),
    ).toEqual([]);
  });
});

describe("Messenger webhooks (object: page)", () => {
  const PAGE = "1122334455";
  const PSID = "6677889900";
  const parse = (...items: Record<string, unknown>[]) =>
    parseMessagingWebhook(bytes(messagingDelivery("page", PAGE, items)), "FACEBOOK", { appId: "999" });

  it("a text message from a person", () => {
    const [event] = parse(messenger.text(PSID, PAGE, "Hello 😀", { mid: "m_1", at: AT }));
    expect(event).toEqual({
      kind: "message",
      platform: "FACEBOOK",
      accountId: PAGE,
      timestamp: AT,
      conversationExternalId: PSID,
      externalMessageId: "m_1",
      direction: "INBOUND",
      sentByThisApp: false,
      contact: { externalId: PSID, name: null, username: null, phone: null, email: null },
      contentType: "TEXT",
      text: "Hello 😀",
      media: null,
      location: null,
      replyToExternalId: null,
      unsupportedType: null,
    } satisfies MessageEvent);
  });

  it("attachments of each type, stickers, locations, and one event per attachment", () => {
    const events = parse(
      messenger.attachments(PSID, PAGE, [{ type: "image", url: "https://cdn.example/a.jpg" }], {
        mid: "m_img",
        text: "look",
      }),
      messenger.attachments(PSID, PAGE, [{ type: "video", url: "https://cdn.example/v.mp4" }], {
        mid: "m_vid",
      }),
      messenger.attachments(PSID, PAGE, [{ type: "audio", url: "https://cdn.example/a.mp4" }], {
        mid: "m_aud",
      }),
      messenger.attachments(PSID, PAGE, [{ type: "file", url: "https://cdn.example/f.pdf" }], {
        mid: "m_file",
      }),
      messenger.attachments(
        PSID,
        PAGE,
        [{ type: "image", url: "https://cdn.example/s.png", stickerId: 369239263222822 }],
        {
          mid: "m_stk",
        },
      ),
      messenger.attachments(
        PSID,
        PAGE,
        [{ type: "location", coordinates: { lat: 45.76, long: 4.83 }, title: "Lyon" }],
        {
          mid: "m_loc",
        },
      ),
      messenger.attachments(
        PSID,
        PAGE,
        [
          { type: "image", url: "https://cdn.example/1.jpg" },
          { type: "image", url: "https://cdn.example/2.jpg" },
        ],
        { mid: "m_two", text: "both" },
      ),
    ) as MessageEvent[];
    expect(events.map((e) => [e.externalMessageId, e.contentType])).toEqual([
      ["m_img", "IMAGE"],
      ["m_vid", "VIDEO"],
      ["m_aud", "AUDIO"],
      ["m_file", "FILE"],
      ["m_stk", "STICKER"],
      ["m_loc", "LOCATION"],
      ["m_two", "IMAGE"],
      ["m_two#2", "IMAGE"],
    ]);
    expect(events[0]).toMatchObject({
      text: "look",
      media: { url: "https://cdn.example/a.jpg", mediaId: null },
    });
    expect(events[5]!.location).toMatchObject({ latitude: 45.76, longitude: 4.83, name: "Lyon" });
    expect(events[6]!.text).toBe("both");
    expect(events[7]!.text).toBeNull();
    expect(events[7]!.media?.url).toBe("https://cdn.example/2.jpg");
  });

  it("replies carry the replied-to mid", () => {
    const [event] = parse(messenger.text(PSID, PAGE, "this", { replyTo: "m_original" }));
    expect((event as MessageEvent).replyToExternalId).toBe("m_original");
  });

  it("echoes are OUTBOUND to the person; ours are recognised by app id", () => {
    const [native, ours] = parse(
      messenger.text(PAGE, PSID, "typed in Page inbox", { echo: true, appId: 263902037430900, mid: "m_e1" }),
      messenger.text(PAGE, PSID, "sent by Quartet", { echo: true, appId: 999, mid: "m_e2" }),
    ) as MessageEvent[];
    expect(native).toMatchObject({
      direction: "OUTBOUND",
      conversationExternalId: PSID,
      contact: { externalId: PSID },
      sentByThisApp: false,
    });
    expect(ours).toMatchObject({ direction: "OUTBOUND", sentByThisApp: true });
  });

  it("delivery and read watermarks mean 'everything up to T'; delivery mids are named too", () => {
    const watermark = AT.getTime();
    const events = parse(
      messenger.delivery(PSID, PAGE, watermark, ["m_o1", "m_o2"]),
      messenger.read(PSID, PAGE, watermark + 5000),
    ) as StatusEvent[];
    expect(events.map((e) => [e.status, e.externalMessageId, e.upTo?.toISOString() ?? null])).toEqual([
      ["DELIVERED", null, AT.toISOString()],
      ["DELIVERED", "m_o1", null],
      ["DELIVERED", "m_o2", null],
      ["READ", null, new Date(watermark + 5000).toISOString()],
    ]);
    expect(events[0]).toMatchObject({
      contactExternalId: PSID,
      conversationExternalId: PSID,
      accountId: PAGE,
      error: null,
    });
  });

  it("reactions and their removal", () => {
    const [react, unreact] = parse(
      messenger.reaction(PSID, PAGE, "m_target", "😮"),
      messenger.reaction(PSID, PAGE, "m_target", null),
    ) as ReactionEvent[];
    expect(react).toMatchObject({
      kind: "reaction",
      targetExternalMessageId: "m_target",
      emoji: "😮",
      direction: "INBOUND",
    });
    expect(unreact!.emoji).toBeNull();
  });

  it("a tapped button (postback) reads as the person saying its title", () => {
    const [event] = parse({
      sender: { id: PSID },
      recipient: { id: PAGE },
      timestamp: AT.getTime(),
      postback: { mid: "m_pb", title: "Track my order", payload: "TRACK" },
    });
    expect(event).toMatchObject({
      kind: "message",
      externalMessageId: "m_pb",
      text: "Track my order",
      direction: "INBOUND",
    });
  });

  it("refuses an Instagram delivery on the Messenger route and anything not JSON", () => {
    expect(() =>
      parseMessagingWebhook(bytes(messagingDelivery("instagram", "17841", [])), "FACEBOOK"),
    ).toThrow(WebhookPayloadError);
    expect(() => parseMessagingWebhook(Buffer.from("{"), "FACEBOOK")).toThrow(WebhookPayloadError);
  });
});

describe("Instagram webhooks (object: instagram)", () => {
  const IG = "17841400000000001";
  const IGSID = "5566778899";
  const parse = (...items: Record<string, unknown>[]) =>
    parseMessagingWebhook(bytes(messagingDelivery("instagram", IG, items)), "INSTAGRAM");

  it("text, media, the heart sticker, and shares kept as links", () => {
    const events = parse(
      messenger.text(IGSID, IG, "hi from IG", { mid: "ig_1" }),
      messenger.attachments(IGSID, IG, [{ type: "image", url: "https://lookaside.example/ig.jpg" }], {
        mid: "ig_2",
      }),
      messenger.attachments(IGSID, IG, [{ type: "like_heart" }], { mid: "ig_3" }),
      messenger.attachments(IGSID, IG, [{ type: "share", url: "https://www.instagram.com/p/xyz" }], {
        mid: "ig_4",
      }),
      messenger.attachments(IGSID, IG, [{ type: "story_mention", url: "https://lookaside.example/story" }], {
        mid: "ig_5",
      }),
    ) as MessageEvent[];
    expect(events.map((e) => [e.platform, e.contentType, e.unsupportedType])).toEqual([
      ["INSTAGRAM", "TEXT", null],
      ["INSTAGRAM", "IMAGE", null],
      ["INSTAGRAM", "STICKER", null],
      ["INSTAGRAM", "TEXT", "share"],
      ["INSTAGRAM", "TEXT", "story_mention"],
    ]);
    expect(events[3]!.text).toBe("https://www.instagram.com/p/xyz");
    expect(events.every((e) => e.accountId === IG && e.conversationExternalId === IGSID)).toBe(true);
  });

  it("read receipts name a message; echoes are outbound; reactions", () => {
    const events = parse(
      messenger.readMid(IGSID, IG, "ig_out_1"),
      messenger.text(IG, IGSID, "from the IG app", { echo: true, mid: "ig_e" }),
      messenger.reaction(IGSID, IG, "ig_out_1", "❤️"),
    );
    expect(events[0]).toMatchObject({
      kind: "status",
      status: "READ",
      externalMessageId: "ig_out_1",
      upTo: null,
    });
    expect(events[1]).toMatchObject({
      kind: "message",
      direction: "OUTBOUND",
      conversationExternalId: IGSID,
      sentByThisApp: null,
    });
    expect(events[2]).toMatchObject({ kind: "reaction", emoji: "❤️", targetExternalMessageId: "ig_out_1" });
  });

  it("deleted messages are skipped; a page delivery is refused", () => {
    expect(
      parse({
        sender: { id: IGSID },
        recipient: { id: IG },
        timestamp: 1,
        message: { mid: "ig_d", is_deleted: true },
      }),
    ).toEqual([]);
    expect(() => parseMessagingWebhook(bytes(messagingDelivery("page", "1", [])), "INSTAGRAM")).toThrow(
      WebhookPayloadError,
    );
  });
});
