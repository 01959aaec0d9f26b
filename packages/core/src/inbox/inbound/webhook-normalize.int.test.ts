import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { socialProviders } from "@quartet/integrations/social/registry";
import type { ChannelProvider } from "@quartet/integrations/social/types";
import { startFakeSocial } from "@quartet/integrations/testing/fake-social";
import {
  messagingDelivery,
  messenger,
  newMid,
  newWamid,
  wa,
  whatsappDelivery,
} from "@quartet/integrations/testing/social-payloads";
import { afterAll, describe, expect, it } from "vitest";
import { useTestEnv } from "../../testing/integration.ts";
import { makeConnection } from "./inbound.test-helpers.ts";
import { handleInboxMediaFetch } from "./media-fetch.handler.ts";
import { handleInboxWebhookNormalize, UNMATCHED_RETRIES } from "./webhook-normalize.handler.ts";
import { retryInboxWebhook, storeInboxWebhook } from "./webhook-receive.service.ts";

// inbox.webhook-normalize and inbox.media-fetch with the real providers parsing documented payloads
// (helper B's builders) and the fake Graph API serving media: routing, outcomes, retries, echoes,
// receipts, reactions, reply-to and media into storage.

const fake = await startFakeSocial();
afterAll(() => fake.close());
const { db, deps } = await useTestEnv();
deps.social = socialProviders(fake.config());

const CUSTOMER = "33611223344";

async function workspace(platform: "WHATSAPP" | "FACEBOOK", accountId: string, status?: "DISCONNECTED") {
  const owner = await makeUser(db);
  const org = await makeOrg(db, owner);
  const connection = await makeConnection(db, deps.config, org.id, platform, accountId, status);
  return { org, connection };
}

/** Stores a delivery as the webhook route does and runs its normalisation job. */
async function deliver(platform: "WHATSAPP" | "FACEBOOK", body: unknown) {
  const stored = await storeInboxWebhook(deps, platform, Buffer.from(JSON.stringify(body), "utf8"));
  const outcome = await handleInboxWebhookNormalize(deps, { eventId: stored.eventId });
  return { eventId: stored.eventId, outcome };
}

const waDelivery = (
  phoneNumberId: string,
  messages: Record<string, unknown>[],
  statuses?: Record<string, unknown>[],
) => whatsappDelivery({ phoneNumberId, contacts: [{ waId: CUSTOMER, name: "Ana" }], messages, statuses });

const logRow = (id: string) => db.inboxWebhookEvent.findUniqueOrThrow({ where: { id } });

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("routing", () => {
  it("reaches the workspace whose connection has the account, and no other", async () => {
    const a = await workspace("WHATSAPP", "3001");
    const b = await workspace("WHATSAPP", "3002");
    const { eventId, outcome } = await deliver("WHATSAPP", waDelivery("3001", [wa.text(CUSTOMER, "for A")]));
    expect(outcome).toMatchObject({ outcome: "PROCESSED", routed: 1 });
    expect(await logRow(eventId)).toMatchObject({ status: "PROCESSED", attempts: 1, error: null });
    expect(await db.conversation.count({ where: { organizationId: a.org.id } })).toBe(1);
    expect(await db.conversation.count({ where: { organizationId: b.org.id } })).toBe(0);
  });

  it("marks a delivery for an unknown or disconnected account IGNORED with the reason", async () => {
    await workspace("WHATSAPP", "3003", "DISCONNECTED");
    for (const account of ["9999", "3003"]) {
      const { eventId, outcome } = await deliver(
        "WHATSAPP",
        waDelivery(account, [wa.text(CUSTOMER, "anyone?")]),
      );
      expect(outcome).toMatchObject({ outcome: "IGNORED", ignoredAccounts: [account] });
      const row = await logRow(eventId);
      expect(row.status).toBe("IGNORED");
      expect(row.error).toContain(account);
    }
    expect(await db.message.count({ where: { content: "anyone?" } })).toBe(0);
  });

  it("runs once: a processed delivery's job is a no-op", async () => {
    const { connection } = await workspace("WHATSAPP", "3004");
    const { eventId } = await deliver("WHATSAPP", waDelivery("3004", [wa.text(CUSTOMER, "once")]));
    expect(await handleInboxWebhookNormalize(deps, { eventId })).toEqual({ outcome: "done-before" });
    expect((await logRow(eventId)).attempts).toBe(1);
    expect(await db.message.count({ where: { platformConnectionId: connection.id } })).toBe(1);
  });
});

describe("failures are recorded and retryable", () => {
  it("a failing attempt leaves the row FAILED with the reason; the retry processes it", async () => {
    const { connection } = await workspace("WHATSAPP", "3101");
    const real = deps.social!.require("WHATSAPP");
    let failures = 1;
    const flaky: ChannelProvider = {
      ...real,
      parseWebhook: (raw) => {
        if (failures-- > 0) throw new Error("database hiccup");
        return real.parseWebhook(raw);
      },
    };
    const social = deps.social!;
    const flakyDeps: typeof deps = {
      ...deps,
      social: { ...social, require: (p) => (p === "WHATSAPP" ? flaky : social.require(p)) },
    };
    const stored = await storeInboxWebhook(
      deps,
      "WHATSAPP",
      Buffer.from(JSON.stringify(waDelivery("3101", [wa.text(CUSTOMER, "retry me")]))),
    );
    await expect(handleInboxWebhookNormalize(flakyDeps, { eventId: stored.eventId })).rejects.toThrow(
      "database hiccup",
    );
    expect(await logRow(stored.eventId)).toMatchObject({
      status: "FAILED",
      error: "database hiccup",
      attempts: 1,
    });
    expect(await db.message.count({ where: { platformConnectionId: connection.id } })).toBe(0);

    // pg-boss runs the job again.
    expect(await handleInboxWebhookNormalize(flakyDeps, { eventId: stored.eventId })).toMatchObject({
      outcome: "PROCESSED",
    });
    expect(await logRow(stored.eventId)).toMatchObject({ status: "PROCESSED", error: null, attempts: 2 });
    expect(await db.message.count({ where: { platformConnectionId: connection.id } })).toBe(1);
  });

  it("an unreadable payload is FAILED without retries, and can be put back in line by hand", async () => {
    const stored = await storeInboxWebhook(deps, "WHATSAPP", Buffer.from("not json"));
    expect(await handleInboxWebhookNormalize(deps, { eventId: stored.eventId })).toMatchObject({
      outcome: "FAILED",
    });
    const row = await logRow(stored.eventId);
    expect(row.status).toBe("FAILED");
    expect(row.error).toMatch(/Unreadable payload/);

    expect(await retryInboxWebhook(deps, stored.eventId)).toBe(true);
    expect((await logRow(stored.eventId)).status).toBe("RECEIVED");
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = 'inbox.webhook-normalize' AND data->>'eventId' = ${stored.eventId}`;
    expect(Number(jobs[0]!.n)).toBe(2);
    // Only a FAILED delivery goes back.
    expect(await retryInboxWebhook(deps, stored.eventId)).toBe(false);
  });

  it("a receipt that beats the send job is tried again before its id is let go", async () => {
    await workspace("WHATSAPP", "3102");
    const stored = await storeInboxWebhook(
      deps,
      "WHATSAPP",
      Buffer.from(JSON.stringify(waDelivery("3102", [], [wa.status(newWamid(), "delivered", CUSTOMER)]))),
    );
    for (let i = 0; i < UNMATCHED_RETRIES; i++) {
      await expect(handleInboxWebhookNormalize(deps, { eventId: stored.eventId })).rejects.toThrow(
        /not stored yet/,
      );
      expect((await logRow(stored.eventId)).status).toBe("FAILED");
    }
    expect(await handleInboxWebhookNormalize(deps, { eventId: stored.eventId })).toMatchObject({
      outcome: "PROCESSED",
    });
  });
});

describe("what a delivery becomes", () => {
  it("WhatsApp: receipts forward only, a failure's reason, reactions and reply-to", async () => {
    const { connection } = await workspace("WHATSAPP", "3201");
    const question = newWamid();
    await deliver("WHATSAPP", waDelivery("3201", [wa.text(CUSTOMER, "Size?", { id: question })]));
    const conversation = await db.conversation.findFirstOrThrow({
      where: { platformConnectionId: connection.id },
    });
    const answer = await db.message.create({
      data: {
        organizationId: connection.organizationId,
        conversationId: conversation.id,
        platformConnectionId: connection.id,
        externalId: newWamid(),
        direction: "OUTBOUND",
        content: "M or L",
        status: "SENT",
      },
    });
    await deliver("WHATSAPP", waDelivery("3201", [], [wa.status(answer.externalId!, "read", CUSTOMER)]));
    await deliver("WHATSAPP", waDelivery("3201", [], [wa.status(answer.externalId!, "delivered", CUSTOMER)]));
    expect((await db.message.findUniqueOrThrow({ where: { id: answer.id } })).status).toBe("READ");

    const failed = await db.message.create({
      data: {
        organizationId: connection.organizationId,
        conversationId: conversation.id,
        platformConnectionId: connection.id,
        externalId: newWamid(),
        direction: "OUTBOUND",
        content: "late",
        status: "SENT",
      },
    });
    await deliver(
      "WHATSAPP",
      waDelivery(
        "3201",
        [],
        [
          wa.status(failed.externalId!, "failed", CUSTOMER, {
            error: {
              code: 131047,
              title: "Re-engagement message",
              details: "More than 24 hours have passed",
            },
          }),
        ],
      ),
    );
    const failedRow = await db.message.findUniqueOrThrow({ where: { id: failed.id } });
    expect(failedRow.status).toBe("FAILED");
    expect(failedRow.errorCode).toContain("131047");
    expect(failedRow.errorMessage).toMatch(/24 hours|Re-engagement/);

    const reply = newWamid();
    await deliver(
      "WHATSAPP",
      waDelivery("3201", [
        wa.text(CUSTOMER, "L then", { id: reply, replyTo: answer.externalId! }),
        wa.reaction(CUSTOMER, answer.externalId!, "👍"),
      ]),
    );
    const replyRow = await db.message.findFirstOrThrow({ where: { externalId: reply } });
    expect(replyRow.replyToId).toBe(answer.id);
    const reacted = await db.message.findUniqueOrThrow({ where: { id: answer.id } });
    expect(reacted.reactions).toEqual([expect.objectContaining({ emoji: "👍", from: "contact" })]);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).unreadCount).toBe(2);
  });

  it("Messenger: an echo from the Page's inbox is OUTBOUND, this app's own echo is skipped", async () => {
    const { connection } = await workspace("FACEBOOK", "page-77");
    const psid = "psid-4242";
    await deliver(
      "FACEBOOK",
      messagingDelivery("page", "page-77", [messenger.text(psid, "page-77", "Hi page")]),
    );
    const native = newMid();
    const ours = newMid();
    await deliver(
      "FACEBOOK",
      messagingDelivery("page", "page-77", [
        messenger.text("page-77", psid, "From the Page inbox", {
          echo: true,
          mid: native,
          appId: "263902037430900",
        }),
        messenger.text("page-77", psid, "From Quartet", {
          echo: true,
          mid: ours,
          appId: fake.options.metaAppId,
        }),
      ]),
    );
    expect(await db.message.findFirstOrThrow({ where: { externalId: native } })).toMatchObject({
      direction: "OUTBOUND",
      status: "SENT",
      content: "From the Page inbox",
    });
    expect(await db.message.count({ where: { externalId: ours } })).toBe(0);
    const conversation = await db.conversation.findFirstOrThrow({
      where: { platformConnectionId: connection.id },
    });
    expect(conversation).toMatchObject({
      externalId: psid,
      unreadCount: 1,
      lastMessagePreview: "From the Page inbox",
    });
  });
});

describe("media into storage", () => {
  it("fetches a WhatsApp image through the Graph API into storage", async () => {
    const { connection } = await workspace("WHATSAPP", "3301");
    const bytes = randomBytes(2048);
    const mediaId = fake.addMedia({ bytes, mimeType: "image/jpeg" });
    const id = newWamid();
    await deliver(
      "WHATSAPP",
      waDelivery("3301", [wa.media(CUSTOMER, "image", mediaId, { id, caption: "the tent" })]),
    );
    const message = await db.message.findFirstOrThrow({ where: { externalId: id } });
    expect(message).toMatchObject({ contentType: "IMAGE", content: "the tent", mediaUrl: null });

    const outcome = await handleInboxMediaFetch(deps, { messageId: message.id });
    expect(outcome).toMatchObject({ outcome: "stored", size: 2048 });
    const stored = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.mediaUrl).toBe(
      `inbox/${connection.organizationId}/${message.conversationId}/${message.id}`,
    );
    expect(stored).toMatchObject({ mediaType: "image/jpeg", mediaSize: 2048 });
    expect(stored.attributes).toMatchObject({ media: { state: "stored", ref: { mediaId } } });
    const file = await deps.storage.get(stored.mediaUrl!);
    expect(await readAll(file!.body)).toEqual(bytes);
    // Run again (a retried job): nothing to do.
    expect(await handleInboxMediaFetch(deps, { messageId: message.id })).toEqual({
      outcome: "stored-before",
    });
  });

  it("a failed fetch keeps the message as 'media unavailable' and a retry stores it", async () => {
    await workspace("WHATSAPP", "3302");
    const id = newWamid();
    const mediaId = `media-${randomBytes(4).toString("hex")}`;
    await deliver(
      "WHATSAPP",
      waDelivery("3302", [wa.media(CUSTOMER, "document", mediaId, { id, filename: "invoice.pdf" })]),
    );
    const message = await db.message.findFirstOrThrow({ where: { externalId: id } });
    fake.failNext(new RegExp(`GET /${mediaId}`), { status: 503 });
    await expect(handleInboxMediaFetch(deps, { messageId: message.id })).rejects.toThrow();
    const unavailable = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(unavailable).toMatchObject({ contentType: "FILE", mediaFileName: "invoice.pdf", mediaUrl: null });
    expect(unavailable.attributes).toMatchObject({
      media: { state: "unavailable", error: expect.any(String) },
    });

    const pdf = Buffer.from("%PDF-1.4 invoice");
    fake.addMedia({ id: mediaId, bytes: pdf, mimeType: "application/pdf", filename: "invoice.pdf" });
    expect(await handleInboxMediaFetch(deps, { messageId: message.id })).toMatchObject({ outcome: "stored" });
    const stored = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.attributes).toMatchObject({ media: { state: "stored" } });
    expect((stored.attributes as { media: { error?: string } }).media.error).toBeUndefined();
    expect(await readAll((await deps.storage.get(stored.mediaUrl!))!.body)).toEqual(pdf);
  });

  it("downloads a Messenger attachment from its CDN link (SSRF-safe fetcher)", async () => {
    await workspace("FACEBOOK", "page-88");
    const bytes = randomBytes(512);
    const mediaId = fake.addMedia({ bytes, mimeType: "image/png" });
    const mid = newMid();
    await deliver(
      "FACEBOOK",
      messagingDelivery("page", "page-88", [
        messenger.attachments("psid-88", "page-88", [{ type: "image", url: fake.mediaUrl(mediaId) }], {
          mid,
        }),
      ]),
    );
    const message = await db.message.findFirstOrThrow({ where: { externalId: mid } });
    expect(await handleInboxMediaFetch(deps, { messageId: message.id })).toMatchObject({
      outcome: "stored",
      size: 512,
    });
  });
});
