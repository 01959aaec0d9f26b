import { createSession, validateSessionToken } from "@quartet/auth/session";
import type { Db } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import type { AdminActor } from "./admin-audit.schema.ts";
import {
  addUserNote,
  disableUser,
  enableUser,
  getUser,
  listUsers,
  lockUser,
  revokeUserSessions,
  unlockUser,
} from "./admin-users.service.ts";

let t: TestDatabase;
let db: Db;
const clock = { now: () => new Date() };
let deps: { db: Db; clock: typeof clock };
let admin: AdminActor;

const meta = {
  ip: "203.0.113.9",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140",
  deviceInfo: { browser: "Chrome", os: "Linux", type: "desktop" },
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  deps = { db, clock };
  const a = await makeUser(db, { email: "root@quartet.test", platformRole: "SUPERADMIN" });
  admin = { userId: a.id, email: a.email, ip: "198.51.100.7", userAgent: "admin-browser" };
});
afterAll(async () => {
  await t?.drop();
});

async function expectAppError(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
}

describe("users.list", () => {
  it("searches email and name case-insensitively, filters by status, and pages by cursor", async () => {
    const tag = "zebra";
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await makeUser(db, {
          email: `${tag}-${i}@example.test`,
          name: i === 3 ? "Someone Else" : `Zebra Person ${i}`,
          status: i % 2 === 0 ? "ACTIVE" : "LOCKED",
        }),
      );
    }
    await makeUser(db, { email: "unrelated@example.test", name: "Nobody" });
    // Same createdAt for several rows: ties must still page without gaps or repeats.
    const tie = new Date("2024-01-01T00:00:00.000Z");
    await db.user.updateMany({
      where: { id: { in: made.slice(0, 4).map((u) => u.id) } },
      data: { createdAt: tie },
    });

    const byName = await listUsers(deps, admin, { q: "SOMEONE else" });
    expect(byName.items.map((u) => u.email)).toEqual(["zebra-3@example.test"]);

    const locked = await listUsers(deps, admin, { q: "ZEBRA", status: "LOCKED" });
    expect(locked.items.map((u) => u.email).sort()).toEqual(
      ["zebra-1@example.test", "zebra-3@example.test", "zebra-5@example.test"].sort(),
    );

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listUsers(deps, admin, { q: "zebra", limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(7);
    expect(seen.sort()).toEqual(made.map((u) => u.id).sort());

    // Order is createdAt desc, id desc: the tied rows come last, in id order descending.
    const all = await listUsers(deps, admin, { q: "zebra", limit: 100 });
    const tiedIds = all.items.slice(3).map((u) => u.id);
    expect(tiedIds).toEqual([...tiedIds].sort().reverse());
  });

  it("refuses a page size over 100", async () => {
    await expect(listUsers(deps, admin, { limit: 101 })).rejects.toThrow();
  });
});

describe("users.lock / unlock / disable / enable", () => {
  it("lock ends every session at once, records the auth event and the audit row in one go", async () => {
    const user = await makeUser(db);
    const now = new Date();
    const web = await createSession(db, user.id, "WEB", meta, now);
    const web2 = await createSession(db, user.id, "WEB", meta, now);
    expect(await validateSessionToken(db, web.token, "WEB", now)).not.toBeNull();

    const res = await lockUser(deps, admin, { userId: user.id, reason: "  chargeback fraud  " });
    expect(res).toEqual({ status: "LOCKED", sessionsEnded: 2 });

    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("LOCKED");
    expect(await validateSessionToken(db, web.token, "WEB", new Date())).toBeNull();
    expect(await validateSessionToken(db, web2.token, "WEB", new Date())).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    const audit = await db.adminAuditLog.findMany({ where: { entityId: user.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      adminUserId: admin.userId,
      adminUserEmail: "root@quartet.test",
      action: "user.lock",
      entityType: "user",
      entityId: user.id,
      ipAddress: "198.51.100.7",
      changes: {
        before: { status: "ACTIVE" },
        after: { status: "LOCKED", sessionsEnded: 2 },
        reason: "chargeback fraud",
      },
    });
    const events = await db.authEvent.findMany({ where: { userId: user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: "ACCOUNT_LOCKED",
      outcome: "SUCCESS",
      ipAddress: "198.51.100.7",
    });
    expect(events[0]!.metadata).toMatchObject({ byAdminId: admin.userId, reason: "chargeback fraud" });

    // Locking twice is a clear conflict, and writes nothing.
    await expectAppError(lockUser(deps, admin, { userId: user.id }), "CONFLICT");
    expect(await db.adminAuditLog.count({ where: { entityId: user.id } })).toBe(1);

    // A sign-in lockout on the address too: the detail shows it, and unlocking clears it.
    const lockedUntil = new Date(Date.now() + 15 * 60_000);
    await db.signInLockout.create({
      data: {
        email: user.email,
        failedCount: 12,
        failedIps: ["203.0.113.1"],
        windowStart: now,
        lockedUntil,
        updatedAt: now,
      },
    });
    expect((await getUser(deps, admin, { userId: user.id })).user).toMatchObject({
      failedLoginCount: 12,
      lockedUntil,
    });
    const unlocked = await unlockUser(deps, admin, { userId: user.id });
    expect(unlocked.status).toBe("ACTIVE");
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ status: "ACTIVE" });
    expect(await db.signInLockout.count({ where: { email: user.email } })).toBe(0);
    const unlockAudit = await db.adminAuditLog.findFirstOrThrow({
      where: { entityId: user.id, action: "user.unlock" },
    });
    expect(unlockAudit.changes).toMatchObject({
      before: { status: "LOCKED" },
      after: { status: "ACTIVE" },
      reason: null,
    });
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "ACCOUNT_UNLOCKED" } })).toBe(1);
  });

  it("disable ends sessions (web and admin kinds) and enable restores the account", async () => {
    const user = await makeUser(db);
    const now = new Date();
    const web = await createSession(db, user.id, "WEB", meta, now);
    await createSession(db, user.id, "ADMIN", meta, now);
    const res = await disableUser(deps, admin, { userId: user.id, reason: "Requested by owner" });
    expect(res).toEqual({ status: "DISABLED", sessionsEnded: 2 });
    expect(await validateSessionToken(db, web.token, "WEB", new Date())).toBeNull();
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "ACCOUNT_DISABLED" } })).toBe(1);

    await expectAppError(unlockUser(deps, admin, { userId: user.id }), "CONFLICT", /isn't locked/);
    const enabled = await enableUser(deps, admin, { userId: user.id });
    expect(enabled.status).toBe("ACTIVE");
    const actions = (
      await db.adminAuditLog.findMany({ where: { entityId: user.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["user.disable", "user.enable"]);
  });

  it("an unverified account goes back to PENDING, not ACTIVE, when unlocked", async () => {
    const user = await makeUser(db, { status: "PENDING" });
    await lockUser(deps, admin, { userId: user.id });
    const res = await unlockUser(deps, admin, { userId: user.id });
    expect(res.status).toBe("PENDING");
  });

  it("refuses to lock or disable yourself or another platform admin, and writes nothing", async () => {
    await expectAppError(lockUser(deps, admin, { userId: admin.userId }), "FORBIDDEN", /your own account/);
    await expectAppError(disableUser(deps, admin, { userId: admin.userId }), "FORBIDDEN", /your own account/);
    const other = await makeUser(db, { platformRole: "SUPERADMIN" });
    await expectAppError(lockUser(deps, admin, { userId: other.id }), "FORBIDDEN", /platform administrator/);
    await expectAppError(
      disableUser(deps, admin, { userId: other.id }),
      "FORBIDDEN",
      /platform administrator/,
    );
    expect(await db.adminAuditLog.count({ where: { entityId: { in: [admin.userId, other.id] } } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.userId } })).status).toBe("ACTIVE");
  });

  it("answers NOT_FOUND for an unknown user", async () => {
    await expectAppError(
      lockUser(deps, admin, { userId: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
  });
});

describe("users.revokeSessions / addNote / get", () => {
  it("revokeSessions signs the user out everywhere and is audited", async () => {
    const user = await makeUser(db);
    const s = await createSession(db, user.id, "WEB", meta, new Date());
    const res = await revokeUserSessions(deps, admin, { userId: user.id });
    expect(res.count).toBe(1);
    expect(await validateSessionToken(db, s.token, "WEB", new Date())).toBeNull();
    const audit = await db.adminAuditLog.findFirstOrThrow({ where: { entityId: user.id } });
    expect(audit).toMatchObject({
      action: "user.sessions.revoke",
      adminUserId: admin.userId,
      ipAddress: admin.ip,
    });
    expect(audit.changes).toMatchObject({ before: { activeSessions: 1 }, after: { sessionsEnded: 1 } });
    // The user itself is still active: only sessions ended.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("ACTIVE");
  });

  it("revoking your own sessions keeps the console session you are using", async () => {
    const mine = await createSession(db, admin.userId, "ADMIN", meta, new Date());
    const other = await createSession(db, admin.userId, "WEB", meta, new Date());
    await revokeUserSessions(deps, { ...admin, sessionId: mine.session.id }, { userId: admin.userId });
    expect(await validateSessionToken(db, mine.token, "ADMIN", new Date())).not.toBeNull();
    expect(await validateSessionToken(db, other.token, "WEB", new Date())).toBeNull();
  });

  it("addNote stores the note with its author and audits it; get returns the full picture", async () => {
    const user = await makeUser(db, { email: "detail@example.test", name: "Dee Tail" });
    const org = await makeOrg(db, user, { name: "Acme", slug: "acme-detail" });
    await createSession(db, user.id, "WEB", meta, new Date());
    await db.authEvent.create({
      data: {
        userId: user.id,
        eventType: "LOGIN",
        outcome: "SUCCESS",
        ipAddress: "192.0.2.1",
        userAgent: "ua",
      },
    });
    // A blank note is refused by the input schema before anything is written.
    await expect(addUserNote(deps, admin, { userId: user.id, note: "   " })).rejects.toThrow(
      /Write a note first/,
    );
    expect(await db.userAdminNote.count({ where: { userId: user.id } })).toBe(0);
    const note = await addUserNote(deps, admin, { userId: user.id, note: "Called about a refund." });
    expect(note).toMatchObject({
      note: "Called about a refund.",
      adminId: admin.userId,
      adminEmail: admin.email,
    });
    const audit = await db.adminAuditLog.findFirstOrThrow({
      where: { entityId: user.id, action: "user.note.add" },
    });
    expect(audit.changes).toMatchObject({ after: { noteId: note.id, note: "Called about a refund." } });

    const detail = await getUser(deps, admin, { userId: user.id });
    expect(detail.user).toMatchObject({ email: "detail@example.test", name: "Dee Tail", status: "ACTIVE" });
    expect(detail.memberships).toEqual([
      expect.objectContaining({ organizationId: org.id, name: "Acme", slug: "acme-detail", role: "OWNER" }),
    ]);
    expect(detail.sessions).toHaveLength(1);
    expect(detail.sessions[0]).toMatchObject({
      kind: "WEB",
      ipAddress: meta.ip,
      deviceInfo: { browser: "Chrome", os: "Linux" },
    });
    expect(detail.authEvents.map((e) => e.eventType)).toEqual(["LOGIN"]);
    expect(detail.notes).toEqual([
      expect.objectContaining({ note: "Called about a refund.", adminEmail: "root@quartet.test" }),
    ]);
    expect(detail.user).not.toHaveProperty("passwordHash");
    expect(detail.user).not.toHaveProperty("twoFactorSecret");
  });

  it("get caps auth events at the 50 most recent", async () => {
    const user = await makeUser(db);
    const base = Date.now() - 100_000;
    await db.authEvent.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        userId: user.id,
        eventType: "LOGIN" as const,
        outcome: "SUCCESS" as const,
        ipAddress: `10.0.0.${i}`,
        userAgent: "ua",
        timestamp: new Date(base + i * 1000),
      })),
    });
    const detail = await getUser(deps, admin, { userId: user.id });
    expect(detail.authEvents).toHaveLength(50);
    expect(detail.authEvents[0]!.ipAddress).toBe("10.0.0.59");
  });
});
