import { randomBytes } from "node:crypto";
import type { Db } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../deps.ts";
import { handleMaintenanceCleanup } from "./cleanup.handler.ts";

let t: TestDatabase;
let db: Db;
const logged: object[] = [];
const log: Logger = { info: (o) => void logged.push(o as object), warn: () => {}, error: () => {} };

const NOW = new Date("2026-11-02T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const hex = () => randomBytes(32).toString("hex");

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(() => t?.drop());

async function session(userId: string, expiresAt: Date, absoluteExpiresAt: Date) {
  return db.session.create({ data: { id: hex(), userId, expiresAt, absoluteExpiresAt } });
}

async function token(
  userId: string,
  input: { type?: "VERIFICATION" | "PASSWORD_RESET"; expiresAt: Date; usedAt?: Date },
) {
  return db.emailToken.create({
    data: {
      userId,
      tokenHash: hex(),
      tokenType: input.type ?? "PASSWORD_RESET",
      expiresAt: input.expiresAt,
      usedAt: input.usedAt ?? null,
    },
  });
}

async function pendingUser(createdAt: Date, withPersonalWorkspace = true) {
  const user = await makeUser(db, { status: "PENDING" });
  await db.user.update({ where: { id: user.id }, data: { createdAt } });
  const org = withPersonalWorkspace
    ? await db.organization.create({
        data: {
          name: "Personal",
          slug: `p-${hex().slice(0, 12)}`,
          ownerId: user.id,
          isPersonal: true,
          memberships: { create: { userId: user.id, role: "OWNER" } },
        },
      })
    : null;
  return { user, org };
}

describe("maintenance.cleanup", () => {
  it("removes exactly what has expired and keeps everything live", async () => {
    const active = await makeUser(db);

    // Sessions: sliding expiry passed, absolute lifetime passed, and a live one.
    const slidingGone = await session(active.id, at(-HOUR), at(DAY));
    const absoluteGone = await session(active.id, at(DAY), at(-1000));
    const live = await session(active.id, at(HOUR), at(DAY));

    // Tokens: used > 1 day ago, expired > 1 day ago go; used/expired within the day and live ones stay.
    const usedOld = await token(active.id, { expiresAt: at(-23 * HOUR), usedAt: at(-25 * HOUR) });
    const expiredOld = await token(active.id, { expiresAt: at(-2 * DAY) });
    const usedRecent = await token(active.id, { expiresAt: at(HOUR), usedAt: at(-HOUR) });
    const expiredRecent = await token(active.id, { expiresAt: at(-HOUR) });
    const liveToken = await token(active.id, { expiresAt: at(HOUR) });

    // Pending sign-ups: window (24 h) passed more than 7 days ago, no sessions → deleted with the workspace.
    const abandoned = await pendingUser(at(-9 * DAY));
    const abandonedToken = await token(abandoned.user.id, { type: "VERIFICATION", expiresAt: at(-8 * DAY) });
    // Window passed only 6 days ago → kept.
    const recentPending = await pendingUser(at(-7 * DAY));
    // Old, but re-sent a verification link 3 days ago: its window ended 2 days ago → kept, token kept.
    const resent = await pendingUser(at(-20 * DAY));
    const resentToken = await token(resent.user.id, { type: "VERIFICATION", expiresAt: at(-2 * DAY) });
    // Old pending user who has a session → kept.
    const withSession = await pendingUser(at(-30 * DAY));
    await session(withSession.user.id, at(HOUR), at(DAY));
    // Old pending user who owns a real (non-personal) workspace with members → kept.
    const owner = await pendingUser(at(-30 * DAY), false);
    const teamOrg = await makeOrg(db, owner.user, { members: [{ userId: active.id, role: "MEMBER" }] });
    // Old ACTIVE user → obviously kept.
    const oldActive = await makeUser(db);
    await db.user.update({ where: { id: oldActive.id }, data: { createdAt: at(-100 * DAY) } });

    // Invitations: expired PENDING → EXPIRED; live PENDING and an old ACCEPTED one untouched.
    const org = await makeOrg(db, active);
    const invite = (email: string, expiresAt: Date, status: "PENDING" | "ACCEPTED" = "PENDING") =>
      db.invitation.create({ data: { organizationId: org.id, email, tokenHash: hex(), expiresAt, status } });
    const expiredInvite = await invite("a@example.test", at(-HOUR));
    const liveInvite = await invite("b@example.test", at(DAY));
    const acceptedInvite = await invite("c@example.test", at(-DAY), "ACCEPTED");

    // Rate-limit counters.
    await db.rateLimitCounter.create({
      data: { key: "signin:ip:1", count: 3, windowStart: at(-2 * HOUR), expiresAt: at(-HOUR) },
    });
    await db.rateLimitCounter.create({
      data: { key: "signin:ip:2", count: 1, windowStart: at(-60_000), expiresAt: at(HOUR) },
    });

    // Sign-in lockouts: a stale one, one still locked, a recent one; unlock codes old and live.
    const lockout = (email: string, windowStart: Date, lockedUntil: Date | null) =>
      db.signInLockout.create({
        data: {
          email,
          failedCount: 3,
          failedIps: ["203.0.113.9"],
          windowStart,
          lockedUntil,
          updatedAt: windowStart,
        },
      });
    await lockout("stale@example.test", at(-2 * DAY), at(-DAY));
    await lockout("locked@example.test", at(-2 * DAY), at(HOUR));
    await lockout("recent@example.test", at(-HOUR), null);
    const code = (expiresAt: Date) =>
      db.unlockCode.create({ data: { userId: active.id, codeHash: hex(), createdAt: at(-DAY), expiresAt } });
    await code(at(-2 * DAY));
    const liveCode = await code(at(10 * 60_000));

    const counts = await handleMaintenanceCleanup({ db, log, clock: { now: () => NOW } });

    expect(counts).toEqual({
      sessions: 2,
      emailTokens: 2, // usedOld, expiredOld; pending users' verification tokens stay until their user goes
      pendingUsers: 1,
      personalWorkspaces: 1,
      invitationsExpired: 1,
      rateLimitCounters: 1,
      signInLockouts: 1,
      unlockCodes: 1,
    });
    expect((await db.signInLockout.findMany({ orderBy: { email: "asc" } })).map((l) => l.email)).toEqual([
      "locked@example.test",
      "recent@example.test",
    ]);
    expect((await db.unlockCode.findMany()).map((c) => c.id)).toEqual([liveCode.id]);

    const sessionIds = (await db.session.findMany({ select: { id: true } })).map((s) => s.id);
    expect(sessionIds).not.toContain(slidingGone.id);
    expect(sessionIds).not.toContain(absoluteGone.id);
    expect(sessionIds).toContain(live.id);

    const tokenIds = (await db.emailToken.findMany({ select: { id: true } })).map((x) => x.id);
    expect(tokenIds).not.toContain(usedOld.id);
    expect(tokenIds).not.toContain(expiredOld.id);
    expect(tokenIds).not.toContain(abandonedToken.id); // deleted with its user
    expect(tokenIds).toEqual(
      expect.arrayContaining([usedRecent.id, expiredRecent.id, liveToken.id, resentToken.id]),
    );

    const userIds = (await db.user.findMany({ select: { id: true } })).map((u) => u.id);
    expect(userIds).not.toContain(abandoned.user.id);
    expect(userIds).toEqual(
      expect.arrayContaining([
        active.id,
        recentPending.user.id,
        resent.user.id,
        withSession.user.id,
        owner.user.id,
        oldActive.id,
      ]),
    );
    expect(await db.organization.findUnique({ where: { id: abandoned.org?.id as string } })).toBeNull();
    expect(
      await db.organization.findUnique({ where: { id: recentPending.org?.id as string } }),
    ).not.toBeNull();
    expect(await db.organization.findUnique({ where: { id: teamOrg.id } })).not.toBeNull();

    const invitations = await db.invitation.findMany({ where: { organizationId: org.id } });
    const status = Object.fromEntries(invitations.map((i) => [i.id, i.status]));
    expect(status).toEqual({
      [expiredInvite.id]: "EXPIRED",
      [liveInvite.id]: "PENDING",
      [acceptedInvite.id]: "ACCEPTED",
    });

    expect((await db.rateLimitCounter.findMany()).map((c) => c.key)).toEqual(["signin:ip:2"]);
    expect(logged.at(-1)).toMatchObject({ job: "maintenance.cleanup", sessions: 2, pendingUsers: 1 });

    // A second run finds nothing left to do.
    expect(await handleMaintenanceCleanup({ db, log, clock: { now: () => NOW } })).toEqual({
      sessions: 0,
      emailTokens: 0,
      pendingUsers: 0,
      personalWorkspaces: 0,
      invitationsExpired: 0,
      rateLimitCounters: 0,
      signInLockouts: 0,
      unlockCodes: 0,
    });
  });
});
