import { socialProviders } from "@quartet/integrations/social/registry";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/demo.seed.ts";
import { useTestEnv } from "../../testing/integration.ts";
import { handleSendMessage } from "../messages/message-send.handler.ts";

// The demo seed gives the demo workspace a sandbox channel with conversations, once.

const { db, deps } = await useTestEnv();
deps.social = socialProviders({});

describe("demo seed: inbox sandbox", () => {
  it("creates the sandbox channel and three conversations, and a second run changes nothing", async () => {
    await seedDemo(db);
    await seedDemo(db);
    const org = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
    const connections = await db.platformConnection.findMany({ where: { organizationId: org.id } });
    expect(connections.map((c) => [c.platform, c.platformUserId, c.status])).toEqual([
      ["SANDBOX", "sandbox", "ACTIVE"],
    ]);
    const conversations = await db.conversation.findMany({
      where: { organizationId: org.id },
      orderBy: { lastMessageAt: "desc" },
      select: { contactName: true, unreadCount: true, contactId: true, status: true },
    });
    expect(conversations.map((c) => [c.contactName, c.unreadCount])).toEqual([
      ["Yasmine Haddad", 1],
      ["Noah Schmidt", 2],
      ["Chloé Martin", 2],
    ]);
    expect(conversations.every((c) => c.contactId && c.status === "OPEN")).toBe(true);
    const answer = await db.message.findFirstOrThrow({ where: { externalId: "seed-chloe-2" } });
    expect(answer).toMatchObject({ direction: "OUTBOUND", status: "READ" });
    expect(await db.message.count({ where: { organizationId: org.id } })).toBe(6);
  });

  it("an agent's reply goes out on the seeded sandbox (it holds no token)", async () => {
    await seedDemo(db);
    const conversation = await db.conversation.findFirstOrThrow({ where: { externalId: "demo-noah" } });
    const reply = await db.message.create({
      data: {
        organizationId: conversation.organizationId,
        conversationId: conversation.id,
        platformConnectionId: conversation.platformConnectionId,
        direction: "OUTBOUND",
        content: "Yes, in green, and it fits.",
        status: "PENDING",
      },
    });
    expect(
      await handleSendMessage(deps, { messageId: reply.id }, { id: "job-1", retryCount: 0 }),
    ).toMatchObject({
      outcome: "sent",
    });
    expect(await db.message.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({
      status: "SENT",
      externalId: expect.stringMatching(/^sandbox_/),
    });
  });
});
