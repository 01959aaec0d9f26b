import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, useTestEnv } from "../../testing/integration.ts";
import { makeConnection, makeConversation, makeMessage } from "../inbox-test-fixtures.ts";
import { storeInboxUploads } from "../messages/inbox-media.service.ts";
import { applyRetention, handleInboxRetention } from "./retention.handler.ts";

const { db, deps } = await useTestEnv();
const DAY = 86_400_000;
const ago = (days: number) => new Date(deps.clock.now().getTime() - days * DAY);

async function inbox(plan: "FREE" | "PRO") {
  const owner = await makeUser(db);
  const org = await makeOrg(db, owner, { plan });
  const connection = await makeConnection(db, deps.config, org.id);
  return { owner, org, connection };
}

describe("inbox.retention", () => {
  it("FREE keeps 30 days: older messages and their files go, previews and unread counts stay true; PRO keeps everything", async () => {
    const free = await inbox("FREE");
    const gone = await makeConversation(db, free.connection, {
      lastMessageAt: ago(35),
      lastMessagePreview: "old news",
      unreadCount: 2,
    });
    await makeMessage(db, gone, { createdAt: ago(40), content: "first" });
    const key = `inbox/${free.org.id}/old-photo`;
    await deps.storage.put(key, Buffer.from("jpeg bytes"), { contentType: "image/jpeg" });
    await makeMessage(db, gone, {
      createdAt: ago(35),
      content: null,
      contentType: "IMAGE",
      mediaUrl: key,
      mediaType: "image/jpeg",
    });

    const mixed = await makeConversation(db, free.connection, {
      lastMessageAt: ago(1),
      lastMessagePreview: "recent",
      unreadCount: 3,
    });
    await makeMessage(db, mixed, { createdAt: ago(31), content: "stale" });
    await makeMessage(db, mixed, { createdAt: ago(29), content: "kept" });
    await makeMessage(db, mixed, { createdAt: ago(1), content: "recent" });

    const pro = await inbox("PRO");
    const ancient = await makeConversation(db, pro.connection, { lastMessageAt: ago(400) });
    await makeMessage(db, ancient, { createdAt: ago(400), content: "from long ago" });

    // One message per batch: the loop goes round until nothing is left to delete.
    expect(await applyRetention(deps, free.org.id, 1)).toBe(3);
    expect(await applyRetention(deps, pro.org.id)).toBe(0);

    expect(await db.message.count({ where: { conversationId: gone.id } })).toBe(0);
    expect(await db.conversation.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({
      lastMessagePreview: null,
      unreadCount: 0,
    });
    expect(await deps.storage.get(key)).toBeNull();
    const left = await db.message.findMany({
      where: { conversationId: mixed.id },
      orderBy: { createdAt: "asc" },
    });
    expect(left.map((m) => m.content)).toEqual(["kept", "recent"]);
    expect(await db.conversation.findUniqueOrThrow({ where: { id: mixed.id } })).toMatchObject({
      lastMessagePreview: "recent",
      unreadCount: 2,
    });
    expect(await db.message.count({ where: { conversationId: ancient.id } })).toBe(1);

    // The daily job does the same for every workspace, and a second run finds nothing more.
    await makeMessage(db, mixed, { createdAt: ago(45), content: "late arrival of an old one" });
    expect(await handleInboxRetention(deps)).toMatchObject({ deleted: 1 });
    expect((await handleInboxRetention(deps)).deleted).toBe(0);
    expect(await db.message.count({ where: { conversationId: ancient.id } })).toBe(1);
  });

  it("removes uploads never sent after a day, with their files", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const { attachments } = await storeInboxUploads(deps, actor(owner), org.id, [
      { fileName: "draft.txt", mimeType: "text/plain", body: Buffer.from("never sent") },
    ]);
    const upload = await db.inboxUpload.findUniqueOrThrow({ where: { id: attachments[0]?.id ?? "" } });
    await handleInboxRetention(deps);
    expect(await db.inboxUpload.count({ where: { id: upload.id } })).toBe(1);
    deps.clock.advance(DAY + 60_000);
    expect((await handleInboxRetention(deps)).uploads).toBe(1);
    expect(await db.inboxUpload.count({ where: { id: upload.id } })).toBe(0);
    expect(await deps.storage.get(upload.storageKey)).toBeNull();
  });
});
