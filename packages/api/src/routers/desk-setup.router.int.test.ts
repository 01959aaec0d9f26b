import { useTestEnv } from "@quartet/core/testing/integration";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The Desk steps of "Getting started": each one turns done from the workspace's own data.

const { db, deps } = await useTestEnv();

describe("deskSetup router", () => {
  it("computes each Desk step from the data, for any member; outsiders get NOT_FOUND", async () => {
    const owner = await makeUser(db);
    const viewer = await makeUser(db);
    const outsider = await makeUser(db);
    const org = await makeOrg(db, owner, { members: [{ userId: viewer.id, role: "MEMBER" }] });
    const asOwner = await appCallerFor(deps, owner);
    const asMember = await appCallerFor(deps, viewer);
    const done = async () =>
      Object.fromEntries((await asOwner.deskSetup.get({ orgId: org.id })).steps.map((s) => [s.key, s.done]));

    const fresh = await asOwner.deskSetup.get({ orgId: org.id });
    expect(fresh).toMatchObject({
      canManage: true,
      inboundAddress: `${org.slug}@${deps.config.inboundEmailDomain}`.toLowerCase(),
      helpCenterUrl: `${deps.config.webUrl.replace(/\/$/, "")}/help/${org.slug}`,
      contactFormUrl: `${deps.config.webUrl.replace(/\/$/, "")}/help/${org.slug}/contact`,
    });
    // A plain member (not an agent) doesn't count as the second agent.
    expect(await done()).toEqual({
      helpCenter: false,
      inboundEmail: false,
      slaPolicy: false,
      inviteAgent: false,
    });
    expect((await asMember.deskSetup.get({ orgId: org.id })).canManage).toBe(false);

    const category = await db.kBCategory.create({
      data: { organizationId: org.id, name: "Basics", slug: "basics" },
    });
    await db.kBArticle.create({
      data: { organizationId: org.id, categoryId: category.id, title: "Draft", slug: "draft", content: "…" },
    });
    expect((await done()).helpCenter).toBe(false); // a draft isn't something customers can read
    await db.kBArticle.create({
      data: {
        organizationId: org.id,
        categoryId: category.id,
        title: "Install",
        slug: "install",
        content: "Download it.",
        status: "PUBLISHED",
        publishedAt: new Date(),
      },
    });
    expect((await done()).helpCenter).toBe(true);

    const contact = await db.contact.create({ data: { organizationId: org.id, email: "c@example.test" } });
    const ticket = (channel: "WEB" | "EMAIL", number: number) =>
      db.ticket.create({
        data: {
          organizationId: org.id,
          number,
          subject: "Hi",
          description: "…",
          contactId: contact.id,
          channel,
        },
      });
    await ticket("WEB", 1);
    expect((await done()).inboundEmail).toBe(false);
    await ticket("EMAIL", 2);
    expect((await done()).inboundEmail).toBe(true);

    await db.sLAPolicy.create({
      data: { organizationId: org.id, name: "Standard", firstResponseTime: 60, resolutionTime: 480 },
    });
    expect((await done()).slaPolicy).toBe(true);

    await db.invitation.create({
      data: {
        organizationId: org.id,
        email: "expired@example.test",
        role: "AGENT",
        tokenHash: crypto.randomUUID().replaceAll("-", "").padEnd(64, "0"),
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    expect((await done()).inviteAgent).toBe(false); // an expired invitation doesn't count
    await db.invitation.create({
      data: {
        organizationId: org.id,
        email: "agent@example.test",
        role: "AGENT",
        tokenHash: crypto.randomUUID().replaceAll("-", "").padEnd(64, "1"),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    expect(await done()).toEqual({
      helpCenter: true,
      inboundEmail: true,
      slaPolicy: true,
      inviteAgent: true,
    });

    // Turning the help center off undoes its step and hides its addresses.
    await db.deskSettings.create({ data: { organizationId: org.id, helpCenterEnabled: false } });
    const off = await asOwner.deskSetup.get({ orgId: org.id });
    expect(off).toMatchObject({ helpCenterUrl: null, contactFormUrl: null });
    expect(off.steps.find((s) => s.key === "helpCenter")?.done).toBe(false);

    const asOutsider = await appCallerFor(deps, outsider);
    expect((await trpcError(asOutsider.deskSetup.get({ orgId: org.id }))).code).toBe("NOT_FOUND");
  });

  it("a second active agent completes the invite step", async () => {
    const owner = await makeUser(db);
    const agent = await makeUser(db);
    const org = await makeOrg(db, owner, { members: [{ userId: agent.id, role: "AGENT" }] });
    const setup = await (await appCallerFor(deps, agent)).deskSetup.get({ orgId: org.id });
    expect(setup.steps.find((s) => s.key === "inviteAgent")?.done).toBe(true);
    expect(setup.canManage).toBe(false);
  });
});
