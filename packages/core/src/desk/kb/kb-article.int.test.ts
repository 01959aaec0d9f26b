import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, createTicket } from "../tickets/ticket.service.ts";
import {
  createArticle,
  createArticleFromTicket,
  deleteArticle,
  getArticle,
  listArticles,
  previewMarkdown,
  setArticleStatus,
  updateArticle,
} from "./kb-article.service.ts";
import { createCategory } from "./kb-category.service.ts";

const { db, deps } = await useTestEnv();

async function desk() {
  const staffed = await makeStaffedOrg(db);
  const category = await createCategory(deps, actor(staffed.admin), {
    orgId: staffed.org.id,
    name: "Guides",
  });
  return { ...staffed, category };
}

describe("kb articles", () => {
  it("an agent drafts: HTML rendered and sanitized, excerpt from the first paragraph, author set", async () => {
    const { org, agent, category } = await desk();
    const article = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "  Reset your password ",
      content:
        "# Reset\n\nOpen **Settings** then <script>alert(1)</script>click *Reset*.\n\nSecond paragraph.",
      categoryId: category.id,
    });
    expect(article).toMatchObject({
      title: "Reset your password",
      slug: "reset-your-password",
      status: "DRAFT",
      excerpt: "Open Settings then click Reset.",
      category: { id: category.id, name: "Guides" },
      author: { id: agent.id },
      publishedAt: null,
      helpfulPercent: null,
    });
    expect(article.contentHtml).toContain("<strong>Settings</strong>");
    expect(article.contentHtml).not.toMatch(/script|alert/);
    const stored = await db.kBArticle.findUniqueOrThrow({ where: { id: article.id } });
    expect(stored.contentHtml).toBe(article.contentHtml);

    // previewMarkdown gives exactly the HTML a save stores.
    const preview = await previewMarkdown(deps, actor(agent), { orgId: org.id, content: stored.content });
    expect(preview.html).toBe(stored.contentHtml);
  });

  it("slugs: auto from the title with -2, -3 on a clash, unique per workspace; a taken chosen slug is a field error", async () => {
    const { org, agent, category } = await desk();
    const other = await desk();
    const slugs = [];
    for (let i = 0; i < 3; i++) {
      slugs.push(
        (
          await createArticle(deps, actor(agent), {
            orgId: org.id,
            title: "How to pay?",
            categoryId: category.id,
          })
        ).slug,
      );
    }
    expect(slugs).toEqual(["how-to-pay", "how-to-pay-2", "how-to-pay-3"]);
    expect(
      (await createArticle(deps, actor(other.agent), { orgId: other.org.id, title: "How to pay?" })).slug,
    ).toBe("how-to-pay");

    const taken = await appError(
      createArticle(deps, actor(agent), {
        orgId: org.id,
        title: "X",
        slug: "how-to-pay-2",
        categoryId: category.id,
      }),
    );
    expect(taken).toMatchObject({ code: "CONFLICT", fieldErrors: { slug: expect.any(String) } });
    const draft = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "Y",
      categoryId: category.id,
    });
    const clash = await appError(
      updateArticle(deps, actor(agent), { orgId: org.id, articleId: draft.id, slug: "how-to-pay" }),
    );
    expect(clash.code).toBe("CONFLICT");
    const ok = await updateArticle(deps, actor(agent), {
      orgId: org.id,
      articleId: draft.id,
      slug: "paying",
    });
    expect(ok.slug).toBe("paying");
  });

  it("a generated excerpt follows the content; a written one stays; blank regenerates", async () => {
    const { org, agent, category } = await desk();
    const a = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "T",
      content: "First.",
      categoryId: category.id,
    });
    expect(a.excerpt).toBe("First.");
    const edited = await updateArticle(deps, actor(agent), {
      orgId: org.id,
      articleId: a.id,
      content: "Changed.",
    });
    expect(edited.excerpt).toBe("Changed.");
    const written = await updateArticle(deps, actor(agent), {
      orgId: org.id,
      articleId: a.id,
      excerpt: "My summary",
    });
    expect(written.excerpt).toBe("My summary");
    const again = await updateArticle(deps, actor(agent), {
      orgId: org.id,
      articleId: a.id,
      content: "Other.",
    });
    expect(again.excerpt).toBe("My summary");
    expect(again.contentHtml).toBe("<p>Other.</p>\n");
    const blank = await updateArticle(deps, actor(agent), { orgId: org.id, articleId: a.id, excerpt: "  " });
    expect(blank.excerpt).toBe("Other.");
  });

  it("workflow: agent drafts and submits, admin publishes (publishedAt) and archives; illegal moves refused", async () => {
    const { org, admin, agent, category } = await desk();
    const a = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "Flow",
      categoryId: category.id,
    });
    const status = (s: "DRAFT" | "REVIEW" | "PUBLISHED" | "ARCHIVED", who = agent) =>
      setArticleStatus(deps, actor(who), { orgId: org.id, articleId: a.id, status: s });

    // Not in the workflow: straight from draft to archived. An agent can't skip the review.
    expect(await appError(status("ARCHIVED", admin))).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "INVALID_ARTICLE_TRANSITION",
    });
    expect(await appError(status("PUBLISHED"))).toMatchObject({ code: "FORBIDDEN", reason: "KB_ROLE" });

    expect((await status("REVIEW")).status).toBe("REVIEW");
    // In review, the agent can no longer edit; an admin can.
    expect(
      (await appError(updateArticle(deps, actor(agent), { orgId: org.id, articleId: a.id, title: "No" })))
        .code,
    ).toBe("FORBIDDEN");
    await updateArticle(deps, actor(admin), { orgId: org.id, articleId: a.id, title: "Flow, reviewed" });
    // The agent can take it back to draft, edit, and resubmit.
    expect((await status("DRAFT")).status).toBe("DRAFT");
    await updateArticle(deps, actor(agent), { orgId: org.id, articleId: a.id, content: "Now better." });
    await status("REVIEW");

    expect(await appError(status("PUBLISHED"))).toMatchObject({ code: "FORBIDDEN" });
    deps.clock.advance(60_000);
    const published = await status("PUBLISHED", admin);
    expect(published.status).toBe("PUBLISHED");
    expect(published.publishedAt?.getTime()).toBe(deps.clock.now().getTime());
    // Same status again is a no-op, not an error.
    expect((await status("PUBLISHED", admin)).status).toBe("PUBLISHED");

    // Published: agents can't edit, unpublish or archive.
    expect(
      (await appError(updateArticle(deps, actor(agent), { orgId: org.id, articleId: a.id, content: "x" })))
        .code,
    ).toBe("FORBIDDEN");
    expect((await appError(status("DRAFT"))).code).toBe("FORBIDDEN");
    expect((await appError(status("ARCHIVED"))).code).toBe("FORBIDDEN");
    expect((await appError(status("REVIEW", admin))).code).toBe("PRECONDITION_FAILED");
    const edited = await updateArticle(deps, actor(admin), {
      orgId: org.id,
      articleId: a.id,
      content: "Live fix.",
    });
    expect(edited).toMatchObject({ status: "PUBLISHED", contentHtml: "<p>Live fix.</p>\n" });

    expect((await status("ARCHIVED", admin)).status).toBe("ARCHIVED");
    expect((await appError(status("PUBLISHED", admin))).code).toBe("PRECONDITION_FAILED");
    expect((await appError(status("DRAFT"))).code).toBe("FORBIDDEN");
    expect((await status("DRAFT", admin)).status).toBe("DRAFT");

    // Unpublish: PUBLISHED → DRAFT by an admin.
    await status("REVIEW");
    await status("PUBLISHED", admin);
    expect((await status("DRAFT", admin)).status).toBe("DRAFT");
  });

  it("an owner or admin publishes a draft in one step; agents still submit for review", async () => {
    const { org, owner, admin, agent, category } = await desk();
    for (const who of [owner, admin]) {
      const draft = await createArticle(deps, actor(agent), {
        orgId: org.id,
        title: `Direct ${who.name}`,
        categoryId: category.id,
      });
      deps.clock.advance(1000);
      const published = await setArticleStatus(deps, actor(who), {
        orgId: org.id,
        articleId: draft.id,
        status: "PUBLISHED",
      });
      expect(published).toMatchObject({ status: "PUBLISHED", publishedAt: deps.clock.now() });
    }
  });

  it("admins delete an article with its votes and views; agents can't; the slug is free again", async () => {
    const { org, admin, agent, owner, category } = await desk();
    const a = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "Old pricing",
      slug: "old-pricing",
      categoryId: category.id,
    });
    await setArticleStatus(deps, actor(admin), { orgId: org.id, articleId: a.id, status: "PUBLISHED" });
    await db.kBArticleVote.create({
      data: { articleId: a.id, visitorId: "visitor-0000000001", helpful: true },
    });
    await db.kBArticleView.create({
      data: { articleId: a.id, visitorId: "visitor-0000000001", hour: new Date("2026-11-01T10:00:00Z") },
    });
    const ref = { orgId: org.id, articleId: a.id };
    expect(await appError(deleteArticle(deps, actor(agent), ref))).toMatchObject({
      code: "FORBIDDEN",
      reason: "KB_ROLE",
    });
    const other = await desk();
    expect((await appError(deleteArticle(deps, actor(other.owner), ref))).code).toBe("NOT_FOUND");
    expect(
      (await appError(deleteArticle(deps, actor(other.owner), { ...ref, orgId: other.org.id }))).code,
    ).toBe("NOT_FOUND");

    expect(await deleteArticle(deps, actor(admin), ref)).toEqual({ deleted: true, title: "Old pricing" });
    expect(await db.kBArticle.count({ where: { id: a.id } })).toBe(0);
    expect(await db.kBArticleVote.count({ where: { articleId: a.id } })).toBe(0);
    expect(await db.kBArticleView.count({ where: { articleId: a.id } })).toBe(0);
    expect((await appError(getArticle(deps, actor(admin), ref))).code).toBe("NOT_FOUND");
    expect((await appError(deleteArticle(deps, actor(owner), ref))).code).toBe("NOT_FOUND");
    const again = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "New pricing",
      slug: "old-pricing",
      categoryId: category.id,
    });
    expect(again.slug).toBe("old-pricing");
  });

  it("members can't read or write articles", async () => {
    const { org, agent, member, category } = await desk();
    const a = await createArticle(deps, actor(agent), { orgId: org.id, title: "A", categoryId: category.id });
    for (const call of [
      () => createArticle(deps, actor(member), { orgId: org.id, title: "M", categoryId: category.id }),
      () => getArticle(deps, actor(member), { orgId: org.id, articleId: a.id }),
      () => listArticles(deps, actor(member), { orgId: org.id }),
      () => previewMarkdown(deps, actor(member), { orgId: org.id, content: "x" }),
    ]) {
      expect((await appError(call())).code).toBe("FORBIDDEN");
    }
  });

  it("lists by last change with keyset pages and filters by status, category and search", async () => {
    const { org, admin, agent, category } = await desk();
    const other = await createCategory(deps, actor(admin), { orgId: org.id, name: "Other" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      deps.clock.advance(1000);
      ids.push(
        (
          await createArticle(deps, actor(agent), {
            orgId: org.id,
            title: `Article ${i}`,
            content: i === 3 ? "Mentions the zeppelin once." : "Plain.",
            categoryId: i === 4 ? other.id : category.id,
          })
        ).id,
      );
    }
    const page1 = await listArticles(deps, actor(agent), { orgId: org.id, limit: 2 });
    expect(page1.items.map((a) => a.id)).toEqual([ids[4], ids[3]]);
    const page2 = await listArticles(deps, actor(agent), {
      orgId: org.id,
      limit: 2,
      cursor: page1.nextCursor,
    });
    expect(page2.items.map((a) => a.id)).toEqual([ids[2], ids[1]]);
    const page3 = await listArticles(deps, actor(agent), {
      orgId: org.id,
      limit: 2,
      cursor: page2.nextCursor,
    });
    expect(page3.items.map((a) => a.id)).toEqual([ids[0]]);
    expect(page3.nextCursor).toBeNull();

    expect(
      (await listArticles(deps, actor(agent), { orgId: org.id, categoryId: other.id })).items.map(
        (a) => a.id,
      ),
    ).toEqual([ids[4]]);
    await setArticleStatus(deps, actor(agent), {
      orgId: org.id,
      articleId: ids[1] as string,
      status: "REVIEW",
    });
    expect(
      (await listArticles(deps, actor(agent), { orgId: org.id, status: "REVIEW" })).items.map((a) => a.id),
    ).toEqual([ids[1]]);
    // Full-text on the content, and part of a title (ILIKE, % and _ taken literally).
    expect(
      (await listArticles(deps, actor(agent), { orgId: org.id, q: "zeppelin" })).items.map((a) => a.id),
    ).toEqual([ids[3]]);
    expect(
      (await listArticles(deps, actor(agent), { orgId: org.id, q: "icle 2" })).items.map((a) => a.id),
    ).toEqual([ids[2]]);
    expect((await listArticles(deps, actor(agent), { orgId: org.id, q: "%" })).items).toEqual([]);

    const bad = await appError(listArticles(deps, actor(agent), { orgId: org.id, cursor: "garbage" }));
    expect(bad).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { cursor: expect.any(String) } });
  });

  it("the stored search vector finds an article by a word added in an update", async () => {
    const { org, agent, category } = await desk();
    const a = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "Shipping",
      content: "We ship worldwide.",
      categoryId: category.id,
    });
    expect((await listArticles(deps, actor(agent), { orgId: org.id, q: "quokka" })).items).toEqual([]);
    await updateArticle(deps, actor(agent), {
      orgId: org.id,
      articleId: a.id,
      content: "We ship worldwide, even to a quokka.",
    });
    const hits = await listArticles(deps, actor(agent), { orgId: org.id, q: "quokka" });
    expect(hits.items.map((x) => x.id)).toEqual([a.id]);
    // Found through the tsvector itself (not the title ILIKE fallback).
    const [row] = await db.$queryRaw<{ hit: boolean }[]>`
      SELECT search_vector @@ websearch_to_tsquery('simple', 'quokka') AS hit FROM kb_articles WHERE id = ${a.id}::uuid`;
    expect(row?.hit).toBe(true);
  });

  it("without categories, a new article goes to a 'General' category created on the fly", async () => {
    const staffed = await makeStaffedOrg(db);
    const a = await createArticle(deps, actor(staffed.agent), { orgId: staffed.org.id, title: "First" });
    const b = await createArticle(deps, actor(staffed.agent), { orgId: staffed.org.id, title: "Second" });
    expect(a.category.name).toBe("General");
    expect(b.category.id).toBe(a.category.id);
    expect(await db.kBCategory.count({ where: { organizationId: staffed.org.id } })).toBe(1);
  });

  it("content over 200,000 characters is refused on the content field", async () => {
    const { org, agent, category } = await desk();
    await expect(
      createArticle(deps, actor(agent), {
        orgId: org.id,
        title: "Big",
        content: "x".repeat(200_001),
        categoryId: category.id,
      }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["content"] })] });
  });

  it("article from ticket: subject as title, question and public agent replies, never internal notes", async () => {
    const { org, agent, category } = await desk();
    const ticket = await createTicket(deps, actor(agent), {
      orgId: org.id,
      subject: "Export to CSV fails",
      description: "When I export, the file is empty.",
      requester: { email: "pat@example.test" },
    });
    await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
      message: "SECRET-NOTE: customer is on the legacy plan",
      isInternal: true,
    });
    await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
      message: "Choose **UTF-8** in the export dialog.",
    });
    await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
      message: "Then retry the export.",
    });

    const { articleId } = await createArticleFromTicket(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
    });
    const article = await getArticle(deps, actor(agent), { orgId: org.id, articleId });
    expect(article).toMatchObject({
      title: "Export to CSV fails",
      slug: "export-to-csv-fails",
      status: "DRAFT",
      excerpt: "When I export, the file is empty.",
      category: { id: category.id },
      author: { id: agent.id },
    });
    expect(article.content).toBe(
      "## Question\n\nWhen I export, the file is empty.\n\n## Answer\n\nChoose **UTF-8** in the export dialog.\n\nThen retry the export.\n",
    );
    expect(article.content).not.toContain("SECRET-NOTE");
    expect(article.contentHtml).not.toContain("SECRET-NOTE");
    expect(article.contentHtml).toContain("<h2>Answer</h2>");
  });

  it("another workspace's article, category and ticket ids → NOT_FOUND", async () => {
    const mine = await desk();
    const theirs = await desk();
    const foreign = await createArticle(deps, actor(theirs.agent), {
      orgId: theirs.org.id,
      title: "Theirs",
      categoryId: theirs.category.id,
    });
    const foreignTicket = await createTicket(deps, actor(theirs.agent), {
      orgId: theirs.org.id,
      subject: "Theirs",
      description: "Not yours.",
      requester: { email: "x@example.test" },
    });
    const me = actor(mine.admin);
    const orgId = mine.org.id;
    const mineId = (await createArticle(deps, me, { orgId, title: "Mine" })).id;
    for (const call of [
      () => getArticle(deps, me, { orgId, articleId: foreign.id }),
      () => updateArticle(deps, me, { orgId, articleId: foreign.id, title: "Stolen" }),
      () => setArticleStatus(deps, me, { orgId, articleId: foreign.id, status: "REVIEW" }),
      () => createArticle(deps, me, { orgId, title: "In their category", categoryId: theirs.category.id }),
      () => updateArticle(deps, me, { orgId, articleId: mineId, categoryId: theirs.category.id }),
      () => createArticleFromTicket(deps, me, { orgId, ticketId: foreignTicket.id }),
      // And an outsider of the workspace itself.
      () => listArticles(deps, me, { orgId: theirs.org.id }),
    ]) {
      expect((await appError(call())).code).toBe("NOT_FOUND");
    }
    expect((await listArticles(deps, me, { orgId })).items.map((a) => a.title)).toEqual(["Mine"]);
    expect((await db.kBArticle.findUniqueOrThrow({ where: { id: foreign.id } })).title).toBe("Theirs");
  });
});
