import { makeConnection, makeConversation, makeMessage } from "@quartet/core/inbox/inbox-test-fixtures";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The inbox routers through the real session path: what the UI calls, and what it must not reach.

const { db, deps } = await useTestEnv();
const callerFor = (user: { id: string }) => appCallerFor(deps, user);

async function inbox() {
  const staff = await makeStaffedOrg(db);
  await db.organization.update({ where: { id: staff.org.id }, data: { name: "Acme Outdoor" } });
  const connection = await makeConnection(db, deps.config, staff.org.id, { platform: "SANDBOX" });
  const conversation = await makeConversation(db, connection, { contactName: "Lena Lopez" });
  await makeMessage(db, conversation, { content: "Do you ship tents to Canada?" });
  return { ...staff, connection, conversation };
}

describe("inbox routers", () => {
  it("an agent works a conversation: list, open (read), note, label, canned reply with variables, KB quick reply, send", async () => {
    const { org, agent, admin, member, conversation } = await inbox();
    const api = await callerFor(agent);
    const orgId = org.id;

    const page = await api.inboxConversations.list({ orgId });
    expect(page.items.map((i) => i.id)).toEqual([conversation.id]);
    expect(await api.inboxConversations.counts({ orgId })).toMatchObject({ open: 1, unassigned: 1 });

    const note = await api.inboxNotes.add({
      orgId,
      conversationId: conversation.id,
      content: "Asked about customs fees",
    });
    const label = await api.inboxLabels.create({ orgId, name: "Shipping" });
    await api.inboxConversations.setLabels({ orgId, conversationId: conversation.id, labelIds: [label.id] });
    const detail = await (await callerFor(member)).inboxConversations.get({
      orgId,
      conversationId: conversation.id,
    });
    expect(detail.notes.map((n) => n.content)).toEqual(["Asked about customs fees"]);
    expect(detail.labels.map((l) => l.name)).toEqual(["Shipping"]);
    expect(detail.window).toMatchObject({ kind: null, open: true });
    expect(detail.connection).toMatchObject({ platform: "SANDBOX", status: "ACTIVE" });
    // Notes are never part of the thread.
    const thread = await api.inboxMessages.list({ orgId, conversationId: conversation.id });
    expect(thread.items.map((m) => m.content)).toEqual(["Do you ship tents to Canada?"]);
    await api.inboxNotes.edit({ orgId, noteId: note.id, content: "Asked about customs fees (CA)" });
    const adminApi = await callerFor(admin);
    await adminApi.inboxNotes.delete({ orgId, noteId: note.id });

    const canned = await api.inboxCanned.create({
      orgId,
      shortcut: "/Ship",
      title: "Shipping abroad",
      body: "Hi {{contact.first_name}}, {{agent.name}} from {{workspace.name}} here. We ship worldwide! {{unknown.var}}",
    });
    expect(canned.shortcut).toBe("ship");
    const rendered = await api.inboxCanned.render({ orgId, id: canned.id, conversationId: conversation.id });
    expect(rendered.text).toBe(
      "Hi Lena, Aggie Agent from Acme Outdoor here. We ship worldwide! {{unknown.var}}",
    );
    const dup = await trpcError(
      api.inboxCanned.create({ orgId, shortcut: "ship", title: "Again", body: "x" }),
    );
    expect(dup.code).toBe("CONFLICT");

    await db.kBArticle.create({
      data: {
        organizationId: orgId,
        categoryId: (
          await db.kBCategory.create({ data: { organizationId: orgId, name: "Shipping", slug: "shipping" } })
        ).id,
        title: "International shipping",
        slug: "international-shipping",
        content: "We ship tents to Canada and the EU. Customs fees are paid on delivery.",
        status: "PUBLISHED",
        publishedAt: new Date(),
      },
    });
    const kb = await api.inboxCanned.kbArticles({ orgId, q: "customs" });
    expect(kb.items).toHaveLength(1);
    expect(kb.items[0]).toMatchObject({
      title: "International shipping",
      url: `${deps.config.webUrl}/help/${org.slug}/articles/international-shipping`,
    });
    expect(kb.items[0]?.text).toBe(`International shipping\n${kb.items[0]?.url}`);

    const sent = await api.inboxMessages.send({
      orgId,
      conversationId: conversation.id,
      text: rendered.text,
    });
    expect(sent.status).toBe("PENDING");
    const results = await api.inboxMessages.search({ orgId, q: "tents" });
    expect(results.items.map((r) => r.conversationId)).toEqual([conversation.id]);
    // A MEMBER reads but doesn't send.
    const forbidden = await trpcError(
      (await callerFor(member)).inboxMessages.send({ orgId, conversationId: conversation.id, text: "hi" }),
    );
    expect(forbidden.code).toBe("FORBIDDEN");
  });

  it("ids of another workspace are NOT_FOUND through the caller's own workspace", async () => {
    const mine = await inbox();
    const theirs = await inbox();
    const api = await callerFor(mine.agent);
    const orgId = mine.org.id;
    const foreignMessage = await db.message.findFirstOrThrow({
      where: { conversationId: theirs.conversation.id },
    });
    const foreignLabel = await db.label.create({ data: { organizationId: theirs.org.id, name: "Theirs" } });
    const calls: (() => Promise<unknown>)[] = [
      () => api.inboxConversations.get({ orgId, conversationId: theirs.conversation.id }),
      () => api.inboxConversations.markRead({ orgId, conversationId: theirs.conversation.id }),
      () =>
        api.inboxConversations.assign({
          orgId,
          conversationId: theirs.conversation.id,
          userId: mine.agent.id,
        }),
      () => api.inboxConversations.createTicket({ orgId, conversationId: theirs.conversation.id }),
      () => api.inboxMessages.list({ orgId, conversationId: theirs.conversation.id }),
      () => api.inboxMessages.send({ orgId, conversationId: theirs.conversation.id, text: "hello" }),
      () => api.inboxMessages.retry({ orgId, messageId: foreignMessage.id }),
      () => api.inboxNotes.add({ orgId, conversationId: theirs.conversation.id, content: "x" }),
      () => api.inboxLabels.update({ orgId, labelId: foreignLabel.id, name: "Mine now" }),
      () => api.inboxLabels.delete({ orgId, labelId: foreignLabel.id }),
    ];
    for (const call of calls) expect((await trpcError(call())).code).toBe("NOT_FOUND");
    // Using a foreign label on one's own conversation is a field error, not a leak.
    const labelled = await trpcError(
      api.inboxConversations.setLabels({
        orgId,
        conversationId: mine.conversation.id,
        labelIds: [foreignLabel.id],
      }),
    );
    expect(labelled.code).toBe("BAD_REQUEST");
    expect(await db.label.findUniqueOrThrow({ where: { id: foreignLabel.id } })).toMatchObject({
      name: "Theirs",
    });
    expect(
      await db.message.count({ where: { conversationId: theirs.conversation.id, direction: "OUTBOUND" } }),
    ).toBe(0);
  });
});
