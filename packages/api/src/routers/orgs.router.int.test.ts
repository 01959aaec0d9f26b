import { sessionCookie } from "@quartet/auth/session";
import type { AppError } from "@quartet/core/errors";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { appCallerFor, cookieJar, sessionTokenFor, trpcError } from "../api.test-helpers.ts";
import { appRouter } from "../app-router.ts";
import { createApiContext } from "../context.ts";
import { transformer } from "../transformer.ts";

// The orgs, members and notifications routers end to end: real sessions, real Postgres, real pg-boss.

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

describe("orgs/members/notifications routers", () => {
  it("create → invite → invitee previews anonymously → accepts → sees the workspace; inviter is notified", async () => {
    const owner = await makeUser(db, { name: "Olga Owner" });
    const invitee = await makeUser(db, { name: "Ivan Invitee" });
    const asOwner = await callerFor(owner);

    const org = await asOwner.orgs.create({ name: "Rocket Team", slug: "rocket-team" });
    expect(org).toMatchObject({ slug: "rocket-team", role: "OWNER", memberCount: 1 });
    expect((await asOwner.orgs.list()).map((o) => o.id)).toContain(org.id);

    await asOwner.members.invite({ orgId: org.id, email: ` ${invitee.email.toUpperCase()} `, role: "ADMIN" });
    const log = await db.emailLog.findFirstOrThrow({
      where: { recipientEmail: invitee.email, emailType: "INVITATION" },
    });
    const token = new URL((log.metadata as { link: string }).link).searchParams.get("token") ?? "";

    const asInvitee = await callerFor(invitee);
    expect((await asInvitee.notifications.unreadCount()).count).toBe(1);
    const preview = await (await callerFor()).members.getInvitation({ token });
    expect(preview).toMatchObject({
      orgName: "Rocket Team",
      inviterName: "Olga Owner",
      email: invitee.email,
      role: "ADMIN",
      status: "PENDING",
    });

    expect(await asInvitee.members.acceptInvitation({ token })).toEqual({ orgId: org.id });
    const mine = await asInvitee.orgs.list();
    expect(mine.find((o) => o.id === org.id)).toMatchObject({ role: "ADMIN", memberCount: 2 });
    const members = await asOwner.members.list({ orgId: org.id });
    expect(members.members.map((m) => m.email)).toEqual([owner.email, invitee.email]);

    const ownerNotes = await asOwner.notifications.list({ unreadOnly: true });
    expect(ownerNotes.items.map((n) => n.type)).toEqual(["INVITATION_ACCEPTED"]);
    await asOwner.notifications.markAllRead();
    expect((await asOwner.notifications.unreadCount()).count).toBe(0);
  });

  it("acceptInvitation needs a session; the wrong account gets FORBIDDEN naming the invited address", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const asOwner = await callerFor(owner);
    await asOwner.members.invite({ orgId: org.id, email: "someone.else@example.test", role: "MEMBER" });
    const log = await db.emailLog.findFirstOrThrow({
      where: { recipientEmail: "someone.else@example.test" },
    });
    const token = new URL((log.metadata as { link: string }).link).searchParams.get("token") ?? "";

    expect((await trpcError((await callerFor()).members.acceptInvitation({ token }))).code).toBe(
      "UNAUTHORIZED",
    );
    const wrong = await trpcError((await callerFor(await makeUser(db))).members.acceptInvitation({ token }));
    expect(wrong.code).toBe("FORBIDDEN");
    expect(wrong.message).toContain("someone.else@example.test");
  });

  it("domain errors keep their code and field errors (slug CONFLICT, last owner, resend too soon)", async () => {
    const owner = await makeUser(db);
    const asOwner = await callerFor(owner);
    const org = await asOwner.orgs.create({ name: "Taken", slug: "taken-slug" });

    const conflict = await trpcError(
      (await callerFor(await makeUser(db))).orgs.create({ name: "X", slug: "taken-slug" }),
    );
    expect(conflict.code).toBe("CONFLICT");
    expect((conflict.cause as AppError).fieldErrors?.slug).toBeTruthy();

    const leave = await trpcError(asOwner.orgs.leave({ orgId: org.id }));
    expect(leave.code).toBe("PRECONDITION_FAILED");
    expect(leave.message).toMatch(/transfer ownership/i);

    const inv = await asOwner.members.invite({ orgId: org.id, email: "again@example.test", role: "MEMBER" });
    const soon = await trpcError(asOwner.members.resendInvitation({ orgId: org.id, invitationId: inv.id }));
    expect(soon.code).toBe("TOO_MANY_REQUESTS");

    const badTz = await trpcError(asOwner.orgs.update({ orgId: org.id, timezone: "Nowhere/Land" }));
    expect(badTz.code).toBe("BAD_REQUEST");
  });

  it("over HTTP the client receives error.data.fieldErrors for the slug", async () => {
    await makeOrg(db, await makeUser(db), { slug: "http-taken" });
    const user = await makeUser(db);
    const token = await sessionTokenFor(db, user);
    const cookie = `${sessionCookie("WEB", false).name}=${token}`;
    const res = await fetchRequestHandler({
      endpoint: "/trpc",
      router: appRouter,
      req: new Request("http://localhost/trpc/orgs.create", {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify(transformer.serialize({ name: "Mine", slug: "http-taken" })),
      }),
      createContext: () =>
        createApiContext({
          deps,
          kind: "WEB",
          req: { ip: "127.0.0.1", userAgent: "vitest" },
          cookies: cookieJar(token),
        }),
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { data: { fieldErrors: Record<string, string> } } };
    expect(body.error.data.fieldErrors.slug).toMatch(/taken/i);
  });

  it("members.remove takes access away on the very next request", async () => {
    const owner = await makeUser(db);
    const member = await makeUser(db);
    const org = await makeOrg(db, owner, { members: [{ userId: member.id, role: "MEMBER" }] });
    const asMember = await callerFor(member);
    expect((await asMember.orgs.get({ orgId: org.id })).role).toBe("MEMBER");
    await (await callerFor(owner)).members.remove({ orgId: org.id, userId: member.id });
    expect((await trpcError(asMember.orgs.get({ orgId: org.id }))).code).toBe("NOT_FOUND");
    expect((await asMember.orgs.list()).some((o) => o.id === org.id)).toBe(false);
  });

  it("notifications.markRead ignores other users' ids", async () => {
    const a = await makeUser(db);
    const b = await makeUser(db);
    const note = await db.notification.create({
      data: { userId: b.id, type: "T", title: "t", message: "m" },
    });
    expect(await (await callerFor(a)).notifications.markRead({ ids: [note.id] })).toEqual({ count: 0 });
    expect((await db.notification.findUniqueOrThrow({ where: { id: note.id } })).read).toBe(false);
  });
});
