import { hashToken } from "@quartet/auth/session";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import {
  acceptInvitation,
  getInvitation,
  inviteMember,
  resendInvitation,
  revokeInvitation,
} from "./invitation.service.ts";
import { listMembers } from "./member.service.ts";
import { getOrg } from "./org.service.ts";

const { db, boss, deps } = await useTestEnv();

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Invitation mails sent to an address, newest first, with the token from their link. */
async function invitationMails(email: string) {
  const logs = await db.emailLog.findMany({
    where: { recipientEmail: email, emailType: "INVITATION" },
    orderBy: { createdAt: "desc" },
  });
  return logs.map((log) => {
    const data = log.metadata as { link: string; orgName: string; inviterName: string; role: string };
    return { log, data, token: new URL(data.link).searchParams.get("token") ?? "" };
  });
}

async function emailJobIds(): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT data->>'emailLogId' AS id FROM pgboss.job WHERE name = 'email.send'`,
  );
  return rows.map((r) => r.id);
}

let seq = 0;
const newEmail = () => `invitee-${Date.now()}-${seq++}@example.test`;

describe("invite", () => {
  it("stores only the token's SHA-256, expires in 7 days, and queues the mail (EmailLog + pg-boss job)", async () => {
    const owner = await makeUser(db, { name: "Olive Owner" });
    const org = await makeOrg(db, owner, { name: "Acme" });
    const email = newEmail();
    const item = await inviteMember(deps, actor(owner), {
      orgId: org.id,
      email: email.toUpperCase(),
      role: "AGENT",
    });
    expect(item).toMatchObject({ email, role: "AGENT", status: "PENDING", invitedByName: "Olive Owner" });
    expect(item.expiresAt.getTime()).toBe(deps.clock.now().getTime() + 7 * DAY);

    const [mail, ...more] = await invitationMails(email);
    expect(more).toHaveLength(0);
    expect(mail?.log.status).toBe("PENDING");
    expect(mail?.data).toMatchObject({ orgName: "Acme", inviterName: "Olive Owner", role: "Agent" });
    expect(mail?.data.link.startsWith(`${deps.config.webUrl}/invite?token=`)).toBe(true);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.tokenHash).toBe(hashToken(mail?.token ?? ""));
    expect(row.tokenHash).not.toContain(mail?.token);
    expect(await emailJobIds()).toContain(mail?.log.id);
  });

  it("writes invitation, EmailLog and job in one transaction: a failure after queueing leaves none", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const email = newEmail();
    const jobsBefore = (await emailJobIds()).length;
    // The job is really inserted on the transaction's connection, then the transaction fails.
    const realSend = boss.send.bind(boss) as (...args: unknown[]) => Promise<unknown>;
    const send = async (...args: unknown[]) => {
      await realSend(...args);
      throw new Error("boom after send");
    };
    const failing = { ...deps, boss: { send: send as unknown as typeof boss.send } };
    await expect(
      inviteMember(failing, actor(owner), { orgId: org.id, email, role: "MEMBER" }),
    ).rejects.toThrow("boom");
    expect(await db.invitation.count({ where: { email } })).toBe(0);
    expect(await db.emailLog.count({ where: { recipientEmail: email } })).toBe(0);
    expect((await emailJobIds()).length).toBe(jobsBefore);
  });

  it("notifies an invitee who already has an account, in-app, with the invitation link", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner, { name: "Notify Co" });
    const invitee = await makeUser(db, { locale: "fr" });
    await inviteMember(deps, actor(owner), { orgId: org.id, email: invitee.email, role: "MEMBER" });
    const [mail] = await invitationMails(invitee.email);
    expect(mail?.log.userId).toBe(invitee.id);
    expect(mail?.log.locale).toBe("fr");
    const notes = await db.notification.findMany({ where: { userId: invitee.id } });
    expect(notes).toEqual([
      expect.objectContaining({
        type: "INVITATION",
        organizationId: org.id,
        link: `/invite?token=${mail?.token}`,
      }),
    ]);
  });

  it("refuses an existing member with a field error on email", async () => {
    const owner = await makeUser(db);
    const member = await makeUser(db);
    const org = await makeOrg(db, owner, { members: [{ userId: member.id, role: "MEMBER" }] });
    const err = await appError(
      inviteMember(deps, actor(owner), { orgId: org.id, email: member.email, role: "ADMIN" }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(err.fieldErrors?.email).toBeTruthy();
    expect(await db.invitation.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("only an OWNER may invite an OWNER; MEMBER and AGENT may not invite at all", async () => {
    const owner = await makeUser(db);
    const admin = await makeUser(db);
    const agent = await makeUser(db);
    const org = await makeOrg(db, owner, {
      members: [
        { userId: admin.id, role: "ADMIN" },
        { userId: agent.id, role: "AGENT" },
      ],
      plan: "PRO", // three agents plus agent invitations: more than FREE allows
    });
    const byAdmin = await appError(
      inviteMember(deps, actor(admin), { orgId: org.id, email: newEmail(), role: "OWNER" }),
    );
    expect(byAdmin.code).toBe("FORBIDDEN");
    expect(byAdmin.fieldErrors?.role).toBeTruthy();
    expect(
      (await appError(inviteMember(deps, actor(agent), { orgId: org.id, email: newEmail(), role: "MEMBER" })))
        .code,
    ).toBe("FORBIDDEN");
    const ok = await inviteMember(deps, actor(owner), {
      orgId: org.id,
      email: newEmail(),
      role: "OWNER",
    });
    expect(ok.role).toBe("OWNER");
  });

  it("re-inviting a pending address refreshes the same invitation (new link, role, expiry), not more than once a minute", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const email = newEmail();
    const first = await inviteMember(deps, actor(owner), { orgId: org.id, email, role: "MEMBER" });
    const [firstMail] = await invitationMails(email);

    const tooSoon = await appError(inviteMember(deps, actor(owner), { orgId: org.id, email, role: "ADMIN" }));
    expect(tooSoon.code).toBe("TOO_MANY_REQUESTS");

    deps.clock.advance(2 * MINUTE);
    const second = await inviteMember(deps, actor(owner), { orgId: org.id, email, role: "ADMIN" });
    expect(second.id).toBe(first.id);
    expect(second.role).toBe("ADMIN");
    expect(second.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
    expect(await db.invitation.count({ where: { organizationId: org.id, email } })).toBe(1);
    const mails = await invitationMails(email);
    expect(mails).toHaveLength(2);
    // The old link stops working; the new one works.
    expect((await appError(getInvitation(deps, { token: firstMail?.token ?? "" }))).code).toBe("NOT_FOUND");
    expect((await getInvitation(deps, { token: mails[0]?.token ?? "" })).role).toBe("ADMIN");
  });
});

describe("resend and revoke", () => {
  it("resend is limited to once a minute and sends a fresh link", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const email = newEmail();
    const inv = await inviteMember(deps, actor(owner), { orgId: org.id, email, role: "MEMBER" });

    const err = await appError(resendInvitation(deps, actor(owner), { orgId: org.id, invitationId: inv.id }));
    expect(err.code).toBe("TOO_MANY_REQUESTS");
    expect(await invitationMails(email)).toHaveLength(1);

    deps.clock.advance(MINUTE + 1000);
    const resent = await resendInvitation(deps, actor(owner), { orgId: org.id, invitationId: inv.id });
    expect(resent.lastSentAt.getTime()).toBe(deps.clock.now().getTime());
    const mails = await invitationMails(email);
    expect(mails).toHaveLength(2);
    expect(mails[0]?.token).not.toBe(mails[1]?.token);
    expect(await emailJobIds()).toContain(mails[0]?.log.id);
  });

  it("an invitation of another workspace is NOT_FOUND", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const otherOrg = await makeOrg(db, owner);
    const inv = await inviteMember(deps, actor(owner), {
      orgId: otherOrg.id,
      email: newEmail(),
      role: "MEMBER",
    });
    deps.clock.advance(2 * MINUTE);
    expect(
      (await appError(resendInvitation(deps, actor(owner), { orgId: org.id, invitationId: inv.id }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await appError(revokeInvitation(deps, actor(owner), { orgId: org.id, invitationId: inv.id }))).code,
    ).toBe("NOT_FOUND");
  });

  it("revoked invitations show REVOKED, can't be accepted, resent or revoked again", async () => {
    const owner = await makeUser(db);
    const invitee = await makeUser(db);
    const org = await makeOrg(db, owner);
    const inv = await inviteMember(deps, actor(owner), {
      orgId: org.id,
      email: invitee.email,
      role: "MEMBER",
    });
    const [mail] = await invitationMails(invitee.email);
    await revokeInvitation(deps, actor(owner), { orgId: org.id, invitationId: inv.id });

    expect((await getInvitation(deps, { token: mail?.token ?? "" })).status).toBe("REVOKED");
    const accept = await appError(acceptInvitation(deps, actor(invitee), { token: mail?.token ?? "" }));
    expect(accept.code).toBe("PRECONDITION_FAILED");
    expect(accept.reason).toBe("INVITATION_REVOKED");
    deps.clock.advance(2 * MINUTE);
    expect(
      (await appError(resendInvitation(deps, actor(owner), { orgId: org.id, invitationId: inv.id }))).code,
    ).toBe("PRECONDITION_FAILED");
    expect(
      (await appError(revokeInvitation(deps, actor(owner), { orgId: org.id, invitationId: inv.id }))).code,
    ).toBe("PRECONDITION_FAILED");
    expect((await listMembers(deps, actor(owner), { orgId: org.id })).invitations).toEqual([]);
  });
});

describe("getInvitation and acceptInvitation", () => {
  it("shows the workspace, inviter, address, role and status to anyone holding the link", async () => {
    const owner = await makeUser(db, { name: "Ines Inviter" });
    const org = await makeOrg(db, owner, { name: "Preview Co" });
    const email = newEmail();
    await inviteMember(deps, actor(owner), { orgId: org.id, email, role: "ADMIN" });
    const [mail] = await invitationMails(email);
    const preview = await getInvitation(deps, { token: mail?.token ?? "" });
    expect(preview).toMatchObject({
      orgName: "Preview Co",
      inviterName: "Ines Inviter",
      email,
      role: "ADMIN",
      status: "PENDING",
    });
    expect((await appError(getInvitation(deps, { token: "x".repeat(40) }))).code).toBe("NOT_FOUND");
  });

  it("an expired invitation reads EXPIRED and can't be accepted", async () => {
    const owner = await makeUser(db);
    const invitee = await makeUser(db);
    const org = await makeOrg(db, owner);
    await inviteMember(deps, actor(owner), { orgId: org.id, email: invitee.email, role: "MEMBER" });
    const [mail] = await invitationMails(invitee.email);
    deps.clock.advance(7 * DAY + MINUTE);
    expect((await getInvitation(deps, { token: mail?.token ?? "" })).status).toBe("EXPIRED");
    const err = await appError(acceptInvitation(deps, actor(invitee), { token: mail?.token ?? "" }));
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.reason).toBe("INVITATION_EXPIRED");
    expect(await db.membership.count({ where: { organizationId: org.id, userId: invitee.id } })).toBe(0);
  });

  it("a signed-in user with another email is FORBIDDEN, told which address was invited", async () => {
    const owner = await makeUser(db);
    const wrong = await makeUser(db);
    const org = await makeOrg(db, owner);
    const email = newEmail();
    await inviteMember(deps, actor(owner), { orgId: org.id, email, role: "MEMBER" });
    const [mail] = await invitationMails(email);
    const err = await appError(acceptInvitation(deps, actor(wrong), { token: mail?.token ?? "" }));
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toContain(email);
    expect(err.reason).toBe("INVITATION_EMAIL_MISMATCH");
    expect(await db.membership.count({ where: { organizationId: org.id, userId: wrong.id } })).toBe(0);
    expect((await getInvitation(deps, { token: mail?.token ?? "" })).status).toBe("PENDING");
  });

  it("accepting (invited as UPPER case) joins with the invited role, notifies the inviter, and is idempotent", async () => {
    const owner = await makeUser(db, { name: "Ivy Inviter" });
    const admin = await makeUser(db);
    const org = await makeOrg(db, owner, {
      name: "Joinable",
      members: [{ userId: admin.id, role: "ADMIN" }],
    });
    const invitee = await makeUser(db, { name: "Jo Joiner" });
    await inviteMember(deps, actor(admin), {
      orgId: org.id,
      email: invitee.email.toUpperCase(),
      role: "AGENT",
    });
    const [mail] = await invitationMails(invitee.email);

    expect(await acceptInvitation(deps, actor(invitee), { token: mail?.token ?? "" })).toEqual({
      orgId: org.id,
    });
    expect((await getOrg(deps, actor(invitee), { orgId: org.id })).role).toBe("AGENT");
    expect((await getInvitation(deps, { token: mail?.token ?? "" })).status).toBe("ACCEPTED");
    const inviterNotes = await db.notification.findMany({
      where: { userId: admin.id, type: "INVITATION_ACCEPTED" },
    });
    expect(inviterNotes).toHaveLength(1);
    expect(inviterNotes[0]?.message).toContain("Jo Joiner");

    // Again: same answer, no second membership or notification.
    expect(await acceptInvitation(deps, actor(invitee), { token: mail?.token ?? "" })).toEqual({
      orgId: org.id,
    });
    expect(await db.membership.count({ where: { organizationId: org.id, userId: invitee.id } })).toBe(1);
    expect(await db.notification.count({ where: { userId: admin.id, type: "INVITATION_ACCEPTED" } })).toBe(1);
    expect((await listMembers(deps, actor(owner), { orgId: org.id })).invitations).toEqual([]);
  });

  it("two concurrent accepts make one membership", async () => {
    const owner = await makeUser(db);
    const invitee = await makeUser(db);
    const org = await makeOrg(db, owner);
    await inviteMember(deps, actor(owner), { orgId: org.id, email: invitee.email, role: "MEMBER" });
    const [mail] = await invitationMails(invitee.email);
    const results = await Promise.all([
      acceptInvitation(deps, actor(invitee), { token: mail?.token ?? "" }),
      acceptInvitation(deps, actor(invitee), { token: mail?.token ?? "" }),
    ]);
    expect(results).toEqual([{ orgId: org.id }, { orgId: org.id }]);
    expect(await db.membership.count({ where: { organizationId: org.id, userId: invitee.id } })).toBe(1);
  });

  it("invitations to a deleted workspace are invalid", async () => {
    const owner = await makeUser(db);
    const invitee = await makeUser(db);
    const org = await makeOrg(db, owner);
    await inviteMember(deps, actor(owner), { orgId: org.id, email: invitee.email, role: "MEMBER" });
    const [mail] = await invitationMails(invitee.email);
    await db.organization.update({ where: { id: org.id }, data: { deletedAt: new Date() } });
    expect((await appError(getInvitation(deps, { token: mail?.token ?? "" }))).code).toBe("NOT_FOUND");
    expect((await appError(acceptInvitation(deps, actor(invitee), { token: mail?.token ?? "" }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
