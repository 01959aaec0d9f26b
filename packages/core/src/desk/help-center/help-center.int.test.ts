import type { RateLimitRule } from "@quartet/auth/rate-limit";
import type { ArticleStatus } from "@quartet/db/enums";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { RateLimitError } from "../../errors.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { addMessage, getTicket, updateTicket } from "../tickets/ticket.service.ts";
import { ticketAccessToken } from "../tickets/ticket-access.ts";
import { mergeTickets } from "../tickets/ticket-merge.service.ts";
import {
  authorizeHelpUpload,
  browseLimits,
  getHelpArticle,
  getHelpCategory,
  getHelpCenter,
  getPortalTicket,
  getSurvey,
  replyToPortalTicket,
  searchHelpCenter,
  storeHelpUploads,
  submitContactForm,
  submitSurvey,
  suggestArticles,
  suggestionQuery,
  voteOnArticle,
} from "./help-center.service.ts";

const { db, deps } = await useTestEnv();

const visitor = (n: number) => `visitor-${String(n).padStart(12, "0")}`;
let ipCounter = 0;
/** A distinct client address per call site, so the per-IP contact limit only bites where tested. */
const request = (ip = `198.51.100.${++ipCounter}`) => ({ ip, userAgent: "vitest" });

async function workspace() {
  const staffed = await makeStaffedOrg(db);
  const category = await db.kBCategory.create({
    data: { organizationId: staffed.org.id, name: "Account", slug: "account", order: 1 },
  });
  return { ...staffed, slug: staffed.org.slug, category };
}

let articleCounter = 0;
async function article(
  orgId: string,
  categoryId: string,
  data: { title: string; content?: string; status?: ArticleStatus; views?: number; slug?: string },
) {
  articleCounter += 1;
  return db.kBArticle.create({
    data: {
      organizationId: orgId,
      categoryId,
      title: data.title,
      slug: data.slug ?? `article-${articleCounter}`,
      content: data.content ?? "Some helpful words.",
      contentHtml: `<p>${data.content ?? "Some helpful words."}</p>`,
      status: data.status ?? "PUBLISHED",
      publishedAt: (data.status ?? "PUBLISHED") === "PUBLISHED" ? new Date() : null,
      views: data.views ?? 0,
    },
  });
}

async function contactTicket(slug: string, email = "casey@example.test") {
  const { number } = await submitContactForm(deps, request(), {
    slug,
    name: "Casey Customer",
    email,
    subject: "Cannot export invoices",
    message: "The export button spins forever on the invoices page.",
  });
  const ticket = await db.ticket.findFirstOrThrow({ where: { number, organization: { slug } } });
  return {
    number,
    ticket,
    link: { slug, ticketId: ticket.id, token: ticketAccessToken(deps.config, ticket.id) },
  };
}

describe("help center: workspace and articles", () => {
  it("an unknown slug or a disabled help center is NOT_FOUND", async () => {
    const { org, slug } = await workspace();
    expect((await appError(getHelpCenter(deps, { slug: "no-such-workspace" }))).code).toBe("NOT_FOUND");
    await db.deskSettings.create({ data: { organizationId: org.id, helpCenterEnabled: false } });
    expect((await appError(getHelpCenter(deps, { slug }))).code).toBe("NOT_FOUND");
    expect((await appError(searchHelpCenter(deps, request(), { slug, q: "anything" }))).code).toBe(
      "NOT_FOUND",
    );
    await db.deskSettings.update({
      where: { organizationId: org.id },
      data: { helpCenterEnabled: true, helpCenterTitle: "Acme Support" },
    });
    const home = await getHelpCenter(deps, { slug });
    expect(home.center).toEqual({ workspaceName: org.name, slug, title: "Acme Support" });
  });

  it("lists the category tree with published-article counts and popular published articles by views", async () => {
    const { org, slug, category } = await workspace();
    const child = await db.kBCategory.create({
      data: { organizationId: org.id, name: "Passwords", slug: "passwords", parentId: category.id },
    });
    const empty = await db.kBCategory.create({
      data: { organizationId: org.id, name: "Empty", slug: "empty" },
    });
    await article(org.id, category.id, { title: "Change your email", views: 5 });
    await article(org.id, child.id, { title: "Reset your password", views: 50 });
    await article(org.id, child.id, { title: "Secret draft", status: "DRAFT", views: 999 });
    await article(org.id, child.id, { title: "Old archived", status: "ARCHIVED", views: 500 });

    const home = await getHelpCenter(deps, { slug });
    expect(home.categories).toHaveLength(1);
    expect(home.categories[0]).toMatchObject({ slug: "account", articleCount: 1 });
    expect(home.categories[0]?.children).toEqual([
      expect.objectContaining({ slug: "passwords", articleCount: 1, children: [] }),
    ]);
    expect(home.categories.map((c) => c.slug)).not.toContain(empty.slug);
    expect(home.popular.map((a) => a.title)).toEqual(["Reset your password", "Change your email"]);

    const page = await getHelpCategory(deps, { slug, categorySlug: "passwords" });
    expect(page.path).toEqual([{ name: "Account", slug: "account" }]);
    expect(page.articles.map((a) => a.title)).toEqual(["Reset your password"]);
    expect((await appError(getHelpCategory(deps, { slug, categorySlug: "nope" }))).code).toBe("NOT_FOUND");
  });

  it("serves published articles only: draft, review and archived ones are NOT_FOUND", async () => {
    const { org, slug, category } = await workspace();
    const published = await article(org.id, category.id, { title: "Published one" });
    const page = await getHelpArticle(deps, request(), {
      slug,
      articleSlug: published.slug,
      visitorId: visitor(1),
    });
    expect(page.article.title).toBe("Published one");
    expect(page.path).toEqual([{ name: "Account", slug: "account" }]);
    expect(page.myVote).toBeNull();
    for (const status of ["DRAFT", "REVIEW", "ARCHIVED"] as const) {
      const hidden = await article(org.id, category.id, { title: `Hidden ${status}`, status });
      const err = await appError(
        getHelpArticle(deps, request(), { slug, articleSlug: hidden.slug, visitorId: visitor(1) }),
      );
      expect(err.code).toBe("NOT_FOUND");
    }
    // Another workspace's help center doesn't serve this workspace's article.
    const other = await workspace();
    const err = await appError(
      getHelpArticle(deps, request(), {
        slug: other.slug,
        articleSlug: published.slug,
        visitorId: visitor(1),
      }),
    );
    expect(err.code).toBe("NOT_FOUND");
  });

  it("counts a view once per visitor per hour", async () => {
    const { org, slug, category } = await workspace();
    const a = await article(org.id, category.id, { title: "Counting views" });
    const views = async () => (await db.kBArticle.findUniqueOrThrow({ where: { id: a.id } })).views;
    const open = (v: number) =>
      getHelpArticle(deps, request(), { slug, articleSlug: a.slug, visitorId: visitor(v) });

    deps.clock.set("2026-03-02T10:05:00Z");
    await Promise.all([open(1), open(1), open(1)]);
    expect(await views()).toBe(1);
    deps.clock.set("2026-03-02T10:55:00Z");
    await open(1);
    expect(await views()).toBe(1);
    await open(2);
    expect(await views()).toBe(2);
    deps.clock.set("2026-03-02T11:00:00Z");
    await open(1);
    expect(await views()).toBe(3);
    expect(await db.kBArticleView.count({ where: { articleId: a.id } })).toBe(3);
    deps.clock.set(Date.now());
  });

  it("one vote per visitor: changing a vote moves the count, repeating it changes nothing", async () => {
    const { org, slug, category } = await workspace();
    const a = await article(org.id, category.id, { title: "Vote on me" });
    const vote = (v: number, helpful: boolean) =>
      voteOnArticle(deps, request(), { slug, articleSlug: a.slug, visitorId: visitor(v), helpful });
    const counts = async () => {
      const row = await db.kBArticle.findUniqueOrThrow({ where: { id: a.id } });
      return [row.helpfulCount, row.notHelpfulCount];
    };

    await vote(1, true);
    expect(await counts()).toEqual([1, 0]);
    await vote(1, false);
    expect(await counts()).toEqual([0, 1]);
    await vote(1, false);
    expect(await counts()).toEqual([0, 1]);
    await vote(2, true);
    expect(await counts()).toEqual([1, 1]);
    // Concurrent votes (some visitors voting twice at once) still add up exactly.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => vote(10 + (i % 10), i % 2 === 0)).concat([vote(1, true)]),
    );
    const votes = await db.kBArticleVote.findMany({ where: { articleId: a.id } });
    expect(votes).toHaveLength(12);
    expect(await counts()).toEqual([
      votes.filter((v) => v.helpful).length,
      votes.filter((v) => !v.helpful).length,
    ]);
    const page = await getHelpArticle(deps, request(), { slug, articleSlug: a.slug, visitorId: visitor(2) });
    expect(page.myVote).toBe(true);

    const draft = await article(org.id, category.id, { title: "Draft", status: "DRAFT" });
    const err = await appError(
      voteOnArticle(deps, request(), { slug, articleSlug: draft.slug, visitorId: visitor(1), helpful: true }),
    );
    expect(err.code).toBe("NOT_FOUND");
    // A malformed visitor id is refused at the boundary.
    await expect(
      voteOnArticle(deps, request(), { slug, articleSlug: a.slug, visitorId: "short", helpful: true }),
    ).rejects.toBeInstanceOf(ZodError);
  });
});

describe("help center: search and suggestions", () => {
  it("ranks a title match above a body match, highlights matches, and skips unpublished articles", async () => {
    const { org, slug, category } = await workspace();
    await article(org.id, category.id, {
      title: "Billing overview",
      content: "How invoices work. To change the invoice address, open settings.",
    });
    await article(org.id, category.id, { title: "Download an invoice", content: "Open the billing page." });
    await article(org.id, category.id, { title: "Invoice draft", status: "DRAFT", content: "invoice" });
    const other = await workspace();
    await article(other.org.id, other.category.id, { title: "Invoice elsewhere" });

    const { items } = await searchHelpCenter(deps, request(), { slug, q: "invoice" });
    expect(items.map((i) => i.title.map((s) => s.text).join(""))).toEqual([
      "Download an invoice",
      "Billing overview",
    ]);
    expect(items[0]?.title).toContainEqual({ text: "invoice", match: true });
    expect(items[1]?.snippet.some((s) => s.match && s.text.toLowerCase() === "invoice")).toBe(true);
    expect(items[0]?.category).toEqual({ name: "Account", slug: "account" });
    expect((await searchHelpCenter(deps, request(), { slug, q: "nothing-matches-this" })).items).toEqual([]);
  });

  it("snippets show the text a reader sees, not markdown; matches stay highlighted segments", async () => {
    const { org, slug, category } = await workspace();
    await article(org.id, category.id, {
      title: "Change the invoice address",
      content: [
        "## Where to **find** it",
        "",
        "Open [Billing settings](https://example.test/billing) and edit the *invoice* address.",
        "",
        "- Save with `Ctrl+S`",
        "- <b>Done</b> \u0001fake\u0002",
      ].join("\n"),
    });
    const { items } = await searchHelpCenter(deps, request(), { slug, q: "invoice billing" });
    const snippet = items[0]?.snippet ?? [];
    const text = snippet.map((s) => s.text).join("");
    expect(text).toContain("Open Billing settings and edit the invoice address.");
    for (const raw of ["**", "##", "](", "https://", "`", "<b>", "*invoice*"])
      expect(text).not.toContain(raw);
    expect(snippet.filter((s) => s.match).map((s) => s.text.toLowerCase())).toEqual(
      expect.arrayContaining(["billing", "invoice"]),
    );
    expect(snippet.some((s) => s.match && s.text === "fake")).toBe(false);
  });

  it("suggests articles while the customer is still typing the last word", async () => {
    const { org, slug, category } = await workspace();
    await article(org.id, category.id, { title: "Reset your password", content: "Use the forgot link." });
    await article(org.id, category.id, { title: "Shipping times", content: "We ship in two days." });
    const typed = await suggestArticles(deps, request(), {
      slug,
      text: "I can't log in, how do I reset my passw",
    });
    expect(typed.items.map((i) => i.title)).toEqual(["Reset your password"]);
    expect((await suggestArticles(deps, request(), { slug, text: "the and " })).items).toEqual([]);
    expect(suggestionQuery("Reset my PASSW")).toBe("reset | passw:*");
    expect(suggestionQuery("a & b | c ! ()")).toBeNull();
  });
});

describe("help center: contact form", () => {
  it("opens a PORTAL ticket for the customer and returns its number", async () => {
    const { org, slug } = await workspace();
    const { number, ticket } = await contactTicket(slug);
    expect(number).toBe(1);
    expect(ticket).toMatchObject({ organizationId: org.id, channel: "PORTAL", status: "OPEN" });
    expect(ticket.subject).toBe("Cannot export invoices");
    const contact = await db.contact.findUniqueOrThrow({ where: { id: ticket.contactId } });
    expect(contact).toMatchObject({ email: "casey@example.test", name: "Casey Customer" });
  });

  it("names the wrong field, rejects the honeypot without a ticket, and rate limits per email and per IP", async () => {
    const { org, slug } = await workspace();
    const valid = {
      slug,
      name: "Robin",
      email: "robin@example.test",
      subject: "Help me",
      message: "Something is broken here.",
    };
    const invalid = await submitContactForm(deps, request(), { ...valid, email: "not-an-email" }).catch(
      (e: unknown) => e,
    );
    expect(invalid).toBeInstanceOf(ZodError);
    expect((invalid as ZodError).issues.map((i) => i.path[0])).toEqual(["email"]);

    const bot = await appError(
      submitContactForm(deps, request(), { ...valid, website: "http://spam.example" }),
    );
    expect(bot.code).toBe("BAD_REQUEST");
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(0);

    for (let i = 0; i < 5; i++) await submitContactForm(deps, request(), valid);
    const perEmail = await appError(submitContactForm(deps, request(), valid));
    expect(perEmail.code).toBe("TOO_MANY_REQUESTS");
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(5);

    const ip = "203.0.113.77";
    for (let i = 0; i < 10; i++) {
      await submitContactForm(deps, request(ip), { ...valid, email: `person${i}@example.test` });
    }
    const perIp = await appError(
      submitContactForm(deps, request(ip), { ...valid, email: "new@example.test" }),
    );
    expect(perIp.code).toBe("TOO_MANY_REQUESTS");
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(15);
  });
});

describe("help center: customer ticket portal", () => {
  it("shows the public conversation only, never internal notes (even ones with the search word)", async () => {
    const { org, slug, agent } = await workspace();
    const { link, ticket } = await contactTicket(slug);
    const ids = { orgId: org.id, ticketId: ticket.id };
    await addMessage(deps, actor(agent), { ...ids, message: "Could you try another browser?" });
    await addMessage(deps, actor(agent), {
      ...ids,
      message: "INTERNAL: invoices export bug is known, customer is on legacy plan",
      isInternal: true,
    });
    await replyToPortalTicket(deps, { ...link, message: "Same thing in Firefox." });

    const page = await getPortalTicket(deps, link);
    expect(page).toMatchObject({ number: ticket.number, subject: "Cannot export invoices", status: "OPEN" });
    expect(page.description).toContain("spins forever");
    expect(page.messages.map((m) => [m.author, m.authorName, m.body])).toEqual([
      ["agent", agent.name, "Could you try another browser?"],
      ["you", null, "Same thing in Firefox."],
    ]);
    expect(JSON.stringify(page)).not.toContain("INTERNAL");
    expect(JSON.stringify(page)).not.toContain(agent.email);
  });

  it("a wrong token, another ticket's token or another workspace's slug is NOT_FOUND", async () => {
    const { slug } = await workspace();
    const first = await contactTicket(slug, "one@example.test");
    const second = await contactTicket(slug, "two@example.test");
    const other = await workspace();
    const attempts = [
      { ...first.link, token: "x".repeat(43) },
      { ...first.link, token: second.link.token },
      { ...first.link, slug: other.slug },
    ];
    for (const link of attempts) {
      expect((await appError(getPortalTicket(deps, link))).code).toBe("NOT_FOUND");
      expect((await appError(replyToPortalTicket(deps, { ...link, message: "hi" }))).code).toBe("NOT_FOUND");
      expect((await appError(getSurvey(deps, link))).code).toBe("NOT_FOUND");
    }
  });

  it("the customer attaches files to a reply: shown to them and to agents; limits and ownership checked", async () => {
    const { org, slug, agent } = await workspace();
    const { link, ticket } = await contactTicket(slug, "files@example.test");
    const target = await authorizeHelpUpload(deps, request(), link);
    expect(target).toEqual({ orgId: org.id, contactId: ticket.contactId });
    const { attachments } = await storeHelpUploads(deps, target, [
      { fileName: "screenshot.png", mimeType: "image/png", body: Buffer.from("png bytes") },
    ]);
    const [file] = attachments;
    await replyToPortalTicket(deps, {
      ...link,
      message: "Here is a screenshot.",
      attachmentIds: [file?.id ?? ""],
    });

    const page = await getPortalTicket(deps, link);
    expect(page.messages.at(-1)).toMatchObject({
      author: "you",
      body: "Here is a screenshot.",
      attachments: [{ id: file?.id, fileName: "screenshot.png", sizeBytes: 9 }],
    });
    const detail = await getTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id });
    expect(detail.messages.at(-1)?.attachments.map((a) => a.fileName)).toEqual(["screenshot.png"]);
    expect(await db.deskAttachment.findUniqueOrThrow({ where: { id: file?.id } })).toMatchObject({
      uploadedByContactId: ticket.contactId,
      uploadedByUserId: null,
    });

    // Sent once: the same id can't be attached again; another customer's upload can't be taken.
    expect(
      (
        await appError(
          replyToPortalTicket(deps, { ...link, message: "Again", attachmentIds: [file?.id ?? ""] }),
        )
      ).fieldErrors,
    ).toHaveProperty("attachmentIds");
    const other = await contactTicket(slug, "someone-else@example.test");
    const theirs = await storeHelpUploads(deps, await authorizeHelpUpload(deps, request(), other.link), [
      { fileName: "theirs.txt", mimeType: "text/plain", body: Buffer.from("x") },
    ]);
    expect(
      (
        await appError(
          replyToPortalTicket(deps, {
            ...link,
            message: "Mine now",
            attachmentIds: [theirs.attachments[0]?.id ?? ""],
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");

    // The agent side's limits: programs, more than 5 files, over 10 MB.
    const bad = [
      [{ fileName: "setup.exe", mimeType: "application/x-msdownload", body: Buffer.from("MZ") }],
      Array.from({ length: 6 }, (_, i) => ({
        fileName: `f${i}.txt`,
        mimeType: "text/plain",
        body: Buffer.from("x"),
      })),
      [
        {
          fileName: "big.bin",
          mimeType: "application/octet-stream",
          body: Buffer.alloc(10 * 1024 * 1024 + 1),
        },
      ],
    ];
    for (const files of bad)
      expect((await appError(storeHelpUploads(deps, target, files))).fieldErrors).toHaveProperty("files");

    // A bad link, or a merged request, can't upload.
    expect(
      (await appError(authorizeHelpUpload(deps, request(), { ...link, token: "x".repeat(43) }))).code,
    ).toBe("NOT_FOUND");
    // Per address: 30 uploads an hour.
    const ip = "203.0.113.99";
    for (let i = 0; i < 30; i++) await authorizeHelpUpload(deps, request(ip), { slug });
    expect((await appError(authorizeHelpUpload(deps, request(ip), { slug }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("the contact form's files belong to the new ticket's first message", async () => {
    const { org, slug, agent } = await workspace();
    const target = await authorizeHelpUpload(deps, request(), { slug });
    expect(target).toEqual({ orgId: org.id, contactId: null });
    const { attachments } = await storeHelpUploads(deps, target, [
      { fileName: "order.pdf", mimeType: "application/pdf", body: Buffer.from("%PDF-1.4") },
    ]);
    const { number } = await submitContactForm(deps, request(), {
      slug,
      name: "Fay Files",
      email: "fay@example.test",
      subject: "Order problem",
      message: "My order confirmation is attached.",
      attachmentIds: attachments.map((a) => a.id),
    });
    const ticket = await db.ticket.findFirstOrThrow({ where: { organizationId: org.id, number } });
    const detail = await getTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id });
    expect(detail.attachments.map((a) => a.fileName)).toEqual(["order.pdf"]);
    const page = await getPortalTicket(deps, {
      slug,
      ticketId: ticket.id,
      token: ticketAccessToken(deps.config, ticket.id),
    });
    expect(page.attachments.map((a) => a.fileName)).toEqual(["order.pdf"]);
    // An upload of another workspace's help center can't be attached here.
    const elsewhere = await workspace();
    const foreign = await storeHelpUploads(
      deps,
      await authorizeHelpUpload(deps, request(), { slug: elsewhere.slug }),
      [{ fileName: "x.txt", mimeType: "text/plain", body: Buffer.from("x") }],
    );
    const refused = await appError(
      submitContactForm(deps, request(), {
        slug,
        name: "Fay Files",
        email: "fay2@example.test",
        subject: "Second",
        message: "With a foreign file attached.",
        attachmentIds: [foreign.attachments[0]?.id ?? ""],
      }),
    );
    expect(refused.fieldErrors).toHaveProperty("attachmentIds");
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it("a merged request links to the survivor when it is the same customer's, never to someone else's", async () => {
    const { org, slug, agent } = await workspace();
    const mine = await contactTicket(slug, "merge-me@example.test");
    const survivor = await contactTicket(slug, "merge-me@example.test");
    await mergeTickets(deps, actor(agent), {
      orgId: org.id,
      sourceId: mine.ticket.id,
      targetId: survivor.ticket.id,
    });
    const page = await getPortalTicket(deps, mine.link);
    expect(page.mergedIntoNumber).toBe(survivor.number);
    expect(page.mergedIntoLink).toEqual({ ticketId: survivor.ticket.id, token: survivor.link.token });
    // The link works: it opens the survivor for this customer.
    expect((await getPortalTicket(deps, { slug, ...page.mergedIntoLink! })).number).toBe(survivor.number);
    expect((await appError(authorizeHelpUpload(deps, request(), mine.link))).reason).toBe("TICKET_MERGED");

    const someoneElse = await contactTicket(slug, "other-customer@example.test");
    const dup = await contactTicket(slug, "merge-me@example.test");
    await mergeTickets(deps, actor(agent), {
      orgId: org.id,
      sourceId: dup.ticket.id,
      targetId: someoneElse.ticket.id,
    });
    const dupPage = await getPortalTicket(deps, dup.link);
    expect(dupPage.mergedIntoNumber).toBe(someoneElse.number);
    expect(dupPage.mergedIntoLink).toBeNull();
    expect(JSON.stringify(dupPage)).not.toContain(someoneElse.ticket.id);
  });

  it("a reply to a resolved ticket reopens it", async () => {
    const { org, slug, agent } = await workspace();
    const { link, ticket } = await contactTicket(slug);
    await updateTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id, status: "RESOLVED" });
    expect((await getPortalTicket(deps, link)).status).toBe("RESOLVED");
    await replyToPortalTicket(deps, { ...link, message: "Actually it broke again." });
    expect((await getPortalTicket(deps, link)).status).toBe("OPEN");
  });
});

describe("help center: CSAT survey", () => {
  it("takes one answer; a second one is a CONFLICT and the first stands", async () => {
    const { org, slug, agent } = await workspace();
    const { link, ticket } = await contactTicket(slug);
    // No survey row (never sent) → NOT_FOUND.
    expect((await appError(getSurvey(deps, link))).code).toBe("NOT_FOUND");
    expect((await appError(submitSurvey(deps, { ...link, rating: 5 }))).code).toBe("NOT_FOUND");

    await db.csatResponse.upsert({
      where: { ticketId: ticket.id },
      create: { organizationId: org.id, ticketId: ticket.id, contactId: ticket.contactId, agentId: agent.id },
      update: {},
    });
    expect(await getSurvey(deps, link)).toMatchObject({
      number: ticket.number,
      answered: false,
      rating: null,
    });
    await expect(submitSurvey(deps, { ...link, rating: 6 })).rejects.toBeInstanceOf(ZodError);

    await submitSurvey(deps, { ...link, rating: 4, comment: "Quick and kind." });
    const second = await appError(submitSurvey(deps, { ...link, rating: 1 }));
    expect(second.code).toBe("CONFLICT");
    expect(second.reason).toBe("SURVEY_ALREADY_ANSWERED");
    const row = await db.csatResponse.findUniqueOrThrow({ where: { ticketId: ticket.id } });
    expect(row).toMatchObject({ rating: 4, comment: "Quick and kind." });
    expect(row.respondedAt).not.toBeNull();
    expect(await getSurvey(deps, link)).toMatchObject({ answered: true, rating: 4 });
  });
});

describe("help center: rate limits on search, votes and views", () => {
  /** Uses up a rule's window as if the limit had been reached just now. */
  async function exhaust(rule: RateLimitRule) {
    const now = deps.clock.now();
    const row = {
      count: rule.limit,
      windowStart: now,
      expiresAt: new Date(now.getTime() + rule.windowSeconds * 1000),
    };
    await db.rateLimitCounter.upsert({
      where: { key: rule.key },
      create: { key: rule.key, ...row },
      update: row,
    });
  }

  async function rateLimited(promise: Promise<unknown>): Promise<RateLimitError> {
    const err = await appError(promise);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.code).toBe("TOO_MANY_REQUESTS");
    expect(err.reason).toBe("RATE_LIMITED");
    return err as RateLimitError;
  }

  it("search and suggestions: per client address, refused with the wait once over, open again after it", async () => {
    const { org, slug, category } = await workspace();
    await article(org.id, category.id, { title: "Reset your password" });
    const me = request();
    const { limit } = browseLimits.searchesPerIp(me.ip);
    for (let i = 0; i < limit; i++) await searchHelpCenter(deps, me, { slug, q: "password" });
    const err = await rateLimited(searchHelpCenter(deps, me, { slug, q: "password" }));
    expect(err.message).toMatch(
      /^You're searching very fast\. Please wait \d+ (seconds?|minute) and try again\.$/,
    );
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another address is not affected; the window passes.
    expect((await searchHelpCenter(deps, request(), { slug, q: "password" })).items).toHaveLength(1);
    deps.clock.advance(err.retryAfterSeconds * 1000);
    expect((await searchHelpCenter(deps, me, { slug, q: "password" })).items).toHaveLength(1);

    const typist = request();
    await exhaust(browseLimits.suggestionsPerIp(typist.ip));
    await rateLimited(suggestArticles(deps, typist, { slug, text: "password reset" }));
    expect((await suggestArticles(deps, request(), { slug, text: "password reset" })).items).toHaveLength(1);
  });

  it("a vote over the per-article or per-address limit is refused and not counted", async () => {
    const { org, slug, category } = await workspace();
    const a = await article(org.id, category.id, { title: "Vote limits" });
    const b = await article(org.id, category.id, { title: "Another article" });
    const me = request();
    const vote = (articleSlug: string, v: number) =>
      voteOnArticle(deps, me, { slug, articleSlug, visitorId: visitor(v), helpful: true });
    const helpful = async (id: string) =>
      (await db.kBArticle.findUniqueOrThrow({ where: { id } })).helpfulCount;

    // One address inventing visitor ids: only the first `limit` votes on an article count.
    const { limit } = browseLimits.votesPerIpArticle(me.ip, a.id);
    for (let v = 1; v <= limit; v++) await vote(a.slug, v);
    const err = await rateLimited(vote(a.slug, 100));
    expect(err.message).toMatch(/^You've voted a lot in a short time\. Please try again in \d+ minutes?\.$/);
    expect(await helpful(a.id)).toBe(limit);
    expect(await db.kBArticleVote.count({ where: { articleId: a.id } })).toBe(limit);
    // Another article still takes this address's vote, until the address's own limit.
    await vote(b.slug, 1);
    expect(await helpful(b.id)).toBe(1);
    await exhaust(browseLimits.votesPerIp(me.ip));
    await rateLimited(vote(b.slug, 2));
    expect(await helpful(b.id)).toBe(1);
    expect(await db.kBArticleVote.count({ where: { articleId: b.id } })).toBe(1);
    // Other people still vote.
    await voteOnArticle(deps, request(), { slug, articleSlug: b.slug, visitorId: visitor(3), helpful: true });
    expect(await helpful(b.id)).toBe(2);
  });

  it("views over the per-article or per-address limit are not counted (the page still shows); too many pages are refused", async () => {
    const { org, slug, category } = await workspace();
    const a = await article(org.id, category.id, { title: "View limits" });
    const b = await article(org.id, category.id, { title: "Other views" });
    const me = request();
    const open = (articleSlug: string, v: number) =>
      getHelpArticle(deps, me, { slug, articleSlug, visitorId: visitor(v) });
    const views = async (id: string) => (await db.kBArticle.findUniqueOrThrow({ where: { id } })).views;

    const { limit } = browseLimits.viewsPerIpArticle(me.ip, a.id);
    for (let v = 1; v <= limit + 3; v++) expect((await open(a.slug, v)).article.title).toBe("View limits");
    expect(await views(a.id)).toBe(limit);
    expect(await db.kBArticleView.count({ where: { articleId: a.id } })).toBe(limit);
    // The address's limit over all articles.
    await exhaust(browseLimits.viewsPerIp(me.ip));
    expect((await open(b.slug, 1)).article.title).toBe("Other views");
    expect(await views(b.id)).toBe(0);
    // Pages themselves, beyond the reading limit: refused, nothing counted.
    await exhaust(browseLimits.articlesPerIp(me.ip));
    const err = await rateLimited(open(b.slug, 2));
    expect(err.message).toMatch(/^You're opening pages very fast\./);
    expect(await db.kBArticleView.count({ where: { articleId: b.id } })).toBe(0);
    // Someone else's view counts.
    await getHelpArticle(deps, request(), { slug, articleSlug: b.slug, visitorId: visitor(9) });
    expect(await views(b.id)).toBe(1);
  });
});
