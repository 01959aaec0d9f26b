import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The deskKb router end to end: real sessions, real Postgres.

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

describe("deskKb router", () => {
  it("admin builds categories, agent drafts and submits, admin publishes; members are refused", async () => {
    const { org, admin, agent, member } = await makeStaffedOrg(db);
    const asAdmin = await callerFor(admin);
    const asAgent = await callerFor(agent);
    const asMember = await callerFor(member);

    const cat = await asAdmin.deskKb.createCategory({ orgId: org.id, name: "Getting started" });
    expect(cat.slug).toBe("getting-started");
    expect((await trpcError(asAgent.deskKb.createCategory({ orgId: org.id, name: "No" }))).code).toBe(
      "FORBIDDEN",
    );

    const preview = await asAgent.deskKb.previewMarkdown({
      orgId: org.id,
      content: "**Hi** <img src=x onerror=alert(1)>",
    });
    expect(preview.html).toBe("<p><strong>Hi</strong> </p>\n");

    const draft = await asAgent.deskKb.createArticle({
      orgId: org.id,
      title: "Invite your team",
      content: "Go to **Members** and click Invite.",
      categoryId: cat.id,
    });
    expect(draft).toMatchObject({
      status: "DRAFT",
      slug: "invite-your-team",
      excerpt: "Go to Members and click Invite.",
    });
    await asAgent.deskKb.setArticleStatus({ orgId: org.id, articleId: draft.id, status: "REVIEW" });
    const denied = await trpcError(
      asAgent.deskKb.setArticleStatus({ orgId: org.id, articleId: draft.id, status: "PUBLISHED" }),
    );
    expect(denied.code).toBe("FORBIDDEN");
    const published = await asAdmin.deskKb.setArticleStatus({
      orgId: org.id,
      articleId: draft.id,
      status: "PUBLISHED",
    });
    expect(published.publishedAt).toBeInstanceOf(Date);

    const tree = await asAgent.deskKb.categoryTree({ orgId: org.id });
    expect(tree[0]?.counts).toMatchObject({ PUBLISHED: 1, total: 1 });
    const list = await asAgent.deskKb.listArticles({ orgId: org.id, status: "PUBLISHED" });
    expect(list.items.map((a) => a.id)).toEqual([draft.id]);
    expect((await asAgent.deskKb.getArticle({ orgId: org.id, articleId: draft.id })).contentHtml).toContain(
      "<strong>Members</strong>",
    );

    expect((await trpcError(asMember.deskKb.listArticles({ orgId: org.id }))).code).toBe("FORBIDDEN");
    expect((await trpcError(asMember.deskKb.categoryTree({ orgId: org.id }))).code).toBe("FORBIDDEN");
  });

  it("a person sees which field is wrong: blank title, oversize content, taken slug, non-empty category", async () => {
    const { org, admin, agent } = await makeStaffedOrg(db);
    const asAdmin = await callerFor(admin);
    const asAgent = await callerFor(agent);

    const blank = await trpcError(asAgent.deskKb.createArticle({ orgId: org.id, title: "  " }));
    expect(blank.code).toBe("BAD_REQUEST");
    // The zod issue travels as the cause; the error formatter turns it into fieldErrors.title.
    expect((blank.cause as z.ZodError).issues.map((i) => [i.path, i.message])).toEqual([
      [["title"], "Give the article a title."],
    ]);
    const big = await trpcError(
      asAgent.deskKb.previewMarkdown({ orgId: org.id, content: "x".repeat(200_001) }),
    );
    expect(big.code).toBe("BAD_REQUEST");

    const a = await asAgent.deskKb.createArticle({ orgId: org.id, title: "One" });
    await asAgent.deskKb.createArticle({ orgId: org.id, title: "Two" });
    const taken = await trpcError(
      asAgent.deskKb.updateArticle({ orgId: org.id, articleId: a.id, slug: "two" }),
    );
    expect(taken.code).toBe("CONFLICT");

    const notEmpty = await trpcError(
      asAdmin.deskKb.deleteCategory({ orgId: org.id, categoryId: a.category.id }),
    );
    expect(notEmpty.code).toBe("PRECONDITION_FAILED");
    expect(notEmpty.message).toMatch(/2 articles/);
  });

  it("creates a draft from a ticket without internal notes; another workspace's ids are NOT_FOUND", async () => {
    const mine = await makeStaffedOrg(db);
    const theirs = await makeStaffedOrg(db);
    const asAgent = await callerFor(mine.agent);
    const ticket = await asAgent.deskTickets.create({
      orgId: mine.org.id,
      subject: "Where is my invoice?",
      description: "I can't find the invoice for March.",
      requester: { email: "pat@example.test" },
    });
    await asAgent.deskTickets.addMessage({
      orgId: mine.org.id,
      ticketId: ticket.id,
      message: "INTERNAL-ONLY",
      isInternal: true,
    });
    await asAgent.deskTickets.addMessage({
      orgId: mine.org.id,
      ticketId: ticket.id,
      message: "Invoices are under Billing.",
    });
    const { articleId } = await asAgent.deskKb.createArticleFromTicket({
      orgId: mine.org.id,
      ticketId: ticket.id,
    });
    const article = await asAgent.deskKb.getArticle({ orgId: mine.org.id, articleId });
    expect(article.title).toBe("Where is my invoice?");
    expect(article.content).toContain("Invoices are under Billing.");
    expect(article.content).not.toContain("INTERNAL-ONLY");

    const asOther = await callerFor(theirs.agent);
    expect((await trpcError(asOther.deskKb.getArticle({ orgId: theirs.org.id, articleId }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await trpcError(asOther.deskKb.createArticleFromTicket({ orgId: theirs.org.id, ticketId: ticket.id })))
        .code,
    ).toBe("NOT_FOUND");
    // And the other workspace's orgId itself.
    expect((await trpcError(asOther.deskKb.getArticle({ orgId: mine.org.id, articleId }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
