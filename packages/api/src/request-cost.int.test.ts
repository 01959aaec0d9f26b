import { createTicket, getTicket, listTickets } from "@quartet/core/desk/tickets/ticket.service";
import { requireMembership } from "@quartet/core/orgs/org-access.service";
import { actor, appError, useTestEnv } from "@quartet/core/testing/integration";
import { createDb } from "@quartet/db/client";
import { makeOrg, makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { cookieJar, sessionTokenFor } from "./api.test-helpers.ts";
import type { AppRouter } from "./app-router.ts";
import { appRouter } from "./app-router.ts";
import { createApiContext } from "./context.ts";
import { transformer } from "./transformer.ts";

// What one request of the Desk's hot reads costs the database, counted statement by statement on
// the real path: HTTP request → tRPC (transformer, zod) → session → orgProcedure → service → Prisma.
// List and detail take two statements each: the session with its user and the caller's membership
// (one statement, the membership then carried to the service on the actor), and the read itself
// with its relations joined.

const env = await useTestEnv();
const statements: string[] = [];
const counting = createDb(env.url, { max: 3, onQuery: (e) => statements.push(e.query) });
afterAll(() => counting.$disconnect());
const deps = { ...env.deps, db: counting };

/** A typed client for `user` whose requests go through the fetch adapter in-process. */
async function clientFor(user: { id: string }) {
  const token = await sessionTokenFor(env.db, user);
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "http://localhost/trpc",
        transformer,
        fetch: (url, init) =>
          fetchRequestHandler({
            endpoint: "/trpc",
            router: appRouter,
            req: new Request(url, init as RequestInit),
            createContext: () =>
              createApiContext({
                deps,
                kind: "WEB",
                req: { ip: "127.0.0.1", userAgent: "vitest" },
                cookies: cookieJar(token),
              }),
          }),
      }),
    ],
  });
}

const touching = (table: string) => statements.filter((q) => q.includes(`"${table}"`));

async function desk() {
  const staff = await makeStaffedOrg(env.db);
  const team = await env.db.team.create({ data: { organizationId: staff.org.id, name: "Tier 1" } });
  const ticket = await createTicket(env.deps, actor(staff.agent), {
    orgId: staff.org.id,
    subject: "Printer on fire",
    description: "Smoke everywhere.",
    requester: { email: "pat@example.test", name: "Pat" },
    priority: "URGENT",
    assigneeId: staff.agent.id,
    teamId: team.id,
  });
  for (const i of [1, 2, 3]) {
    await createTicket(env.deps, actor(staff.agent), {
      orgId: staff.org.id,
      subject: `Ticket ${i}`,
      description: "More",
      requester: { email: `r${i}@example.test` },
    });
  }
  return { ...staff, team, ticket };
}

beforeEach(() => {
  statements.length = 0;
});

describe("the cost of a Desk read", () => {
  it("the ticket list is two statements: session + user + membership, then the page with its relations", async () => {
    const { org, member, agent, team } = await desk();
    const client = await clientFor(member);
    statements.length = 0;

    const page = await client.deskTickets.list.query({ orgId: org.id, limit: 25 });

    expect(page.items).toHaveLength(4);
    const fire = page.items.find((t) => t.subject === "Printer on fire");
    expect(fire?.contact.email).toBe("pat@example.test");
    expect(fire?.assignee?.id).toBe(agent.id);
    expect(fire?.team).toEqual({ id: team.id, name: "Tier 1" });
    // Dates cross the wire as Dates.
    expect(fire?.createdAt).toBeInstanceOf(Date);
    expect(fire?.firstResponseAt).toBeNull();

    expect(statements).toHaveLength(2);
    expect(touching("sessions")).toHaveLength(1);
    expect(touching("memberships")).toHaveLength(1);
    expect(touching("memberships")).toEqual(touching("sessions"));
  });

  it("the ticket detail is two statements too, with conversation, timeline and people", async () => {
    const { org, member, agent, ticket } = await desk();
    await env.db.ticketMessage.create({
      data: {
        organizationId: org.id,
        ticketId: ticket.id,
        authorUserId: agent.id,
        message: "On it",
      },
    });
    const client = await clientFor(member);
    statements.length = 0;

    const detail = await client.deskTickets.get.query({ orgId: org.id, ticketId: ticket.id });

    expect(detail.messages.map((m) => [m.message, m.authorUser?.id])).toEqual([["On it", agent.id]]);
    expect(detail.messages[0]?.createdAt).toBeInstanceOf(Date);
    expect(detail.activities.map((a) => a.actionType)).toEqual(["created"]);
    expect(detail.activities[0]?.actor?.id).toBe(agent.id);
    expect(detail.createdBy?.id).toBe(agent.id);
    expect(detail.updatedAt).toBeInstanceOf(Date);

    expect(statements).toHaveLength(2);
    expect(touching("memberships")).toHaveLength(1);
  });

  it("a batch looks the session and the membership up once for all its calls", async () => {
    const { org, member, ticket } = await desk();
    const client = await clientFor(member);
    statements.length = 0;

    const [me, page, detail] = await Promise.all([
      client.auth.session.query(),
      client.deskTickets.list.query({ orgId: org.id }),
      client.deskTickets.get.query({ orgId: org.id, ticketId: ticket.id }),
    ]);

    expect(me?.user.id).toBe(member.id);
    expect(page.items).toHaveLength(4);
    expect(detail.id).toBe(ticket.id);
    expect(touching("sessions")).toHaveLength(1);
    expect(touching("memberships")).toHaveLength(1);
  });

  it("still answers NOT_FOUND to an outsider and FORBIDDEN to a member below the procedure's role", async () => {
    const { org, member, ticket } = await desk();
    const outsider = await makeUser(env.db);
    await makeOrg(env.db, outsider);

    const asOutsider = await clientFor(outsider);
    for (const call of [
      asOutsider.deskTickets.list.query({ orgId: org.id }),
      asOutsider.deskTickets.get.query({ orgId: org.id, ticketId: ticket.id }),
    ]) {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe("NOT_FOUND");
    }

    const asMember = await clientFor(member);
    const denied = await asMember.deskTickets.update
      .mutate({ orgId: org.id, ticketId: ticket.id, priority: "LOW" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((denied as TRPCClientError<AppRouter>).data?.code).toBe("FORBIDDEN");
  });
});

describe("services trust a carried membership only for its own workspace and user", () => {
  it("called without one (a job, the ops CLI) they look the membership up", async () => {
    const { org, ticket } = await desk();
    const stranger = await makeUser(env.db);
    statements.length = 0;
    expect(
      (await appError(getTicket(deps, actor(stranger), { orgId: org.id, ticketId: ticket.id }))).code,
    ).toBe("NOT_FOUND");
    expect(touching("memberships")).toHaveLength(1);
  });

  it("a membership carried for another workspace or user is ignored, and its role is still enforced", async () => {
    const { org, member, ticket } = await desk();
    const other = await makeStaffedOrg(env.db);
    const stranger = await makeUser(env.db);

    // The stranger carries a membership of another workspace: this one is checked in the database.
    const wrongOrg = {
      ...actor(stranger),
      membership: { orgId: other.org.id, userId: stranger.id, id: other.org.id, role: "OWNER" as const },
    };
    expect((await appError(listTickets(deps, wrongOrg, { orgId: org.id }))).code).toBe("NOT_FOUND");

    // A membership of this workspace that belongs to someone else counts for nothing either.
    const wrongUser = {
      ...actor(stranger),
      membership: { orgId: org.id, userId: member.id, id: org.id, role: "OWNER" as const },
    };
    expect((await appError(getTicket(deps, wrongUser, { orgId: org.id, ticketId: ticket.id }))).code).toBe(
      "NOT_FOUND",
    );

    // The caller's own carried membership saves the query, and its role still gates.
    const carried = {
      ...actor(member),
      membership: { orgId: org.id, userId: member.id, id: org.id, role: "MEMBER" as const },
    };
    statements.length = 0;
    const page = await listTickets(deps, carried, { orgId: org.id });
    expect(page.items).toHaveLength(4);
    expect(touching("memberships")).toHaveLength(0);
    expect((await appError(requireMembership(counting, org.id, carried, "AGENT"))).code).toBe("FORBIDDEN");
  });
});
