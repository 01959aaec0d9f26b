import { ticketAccessToken } from "@quartet/core/desk/tickets/ticket-access";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

const { db, deps } = await useTestEnv();

describe("help router (public, no session)", () => {
  it("serves an anonymous visitor: center, article, vote, contact form and ticket link", async () => {
    const { org } = await makeStaffedOrg(db);
    const category = await db.kBCategory.create({
      data: { organizationId: org.id, name: "Getting started", slug: "getting-started" },
    });
    await db.kBArticle.create({
      data: {
        organizationId: org.id,
        categoryId: category.id,
        title: "Install the app",
        slug: "install-the-app",
        content: "Download it from the store.",
        status: "PUBLISHED",
        publishedAt: new Date(),
      },
    });
    const anonymous = await appCallerFor(deps);
    const visitorId = "router-visitor-0001";

    const home = await anonymous.help.center({ slug: org.slug });
    expect(home.categories.map((c) => [c.slug, c.articleCount])).toEqual([["getting-started", 1]]);
    const page = await anonymous.help.article({ slug: org.slug, articleSlug: "install-the-app", visitorId });
    expect(page.article.title).toBe("Install the app");
    await anonymous.help.vote({ slug: org.slug, articleSlug: "install-the-app", visitorId, helpful: true });
    expect(
      (await anonymous.help.article({ slug: org.slug, articleSlug: "install-the-app", visitorId })).myVote,
    ).toBe(true);
    expect((await anonymous.help.search({ slug: org.slug, q: "install" })).items).toHaveLength(1);

    const { number } = await anonymous.help.contact({
      slug: org.slug,
      name: "Pat",
      email: "pat@example.test",
      subject: "Where is the download?",
      message: "I can't find the download button anywhere.",
    });
    const ticket = await db.ticket.findFirstOrThrow({ where: { organizationId: org.id, number } });
    expect(ticket.channel).toBe("PORTAL");
    const link = { slug: org.slug, ticketId: ticket.id, token: ticketAccessToken(deps.config, ticket.id) };
    expect((await anonymous.help.ticket(link)).subject).toBe("Where is the download?");
    await anonymous.help.reply({ ...link, message: "Found it, thanks!" });
    expect((await anonymous.help.ticket(link)).messages.map((m) => m.author)).toEqual(["you"]);
  });

  it("a person sees which field is wrong; bad links and unknown workspaces are NOT_FOUND, never FORBIDDEN", async () => {
    const { org } = await makeStaffedOrg(db);
    const anonymous = await appCallerFor(deps);
    const invalid = await trpcError(
      anonymous.help.contact({
        slug: org.slug,
        name: "",
        email: "pat@",
        subject: "Hi there",
        message: "short",
      }),
    );
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(invalid.cause).toBeInstanceOf(ZodError);
    expect((invalid.cause as ZodError).issues.map((i) => i.path[0]).sort()).toEqual([
      "email",
      "message",
      "name",
    ]);

    expect((await trpcError(anonymous.help.center({ slug: "nobody-here" }))).code).toBe("NOT_FOUND");
    const ticketId = "00000000-0000-4000-8000-000000000000";
    const badLink = { slug: org.slug, ticketId, token: ticketAccessToken(deps.config, ticketId) };
    expect((await trpcError(anonymous.help.ticket(badLink))).code).toBe("NOT_FOUND");
    expect((await trpcError(anonymous.help.ticket({ ...badLink, token: "forged" }))).code).toBe("NOT_FOUND");
    expect((await trpcError(anonymous.help.submitSurvey({ ...badLink, rating: 5 }))).code).toBe("NOT_FOUND");
  });
});
