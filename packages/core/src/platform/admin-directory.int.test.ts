import type { Db } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import type { AdminActor } from "./admin-audit.schema.ts";
import { listAuditLogs } from "./admin-audit.service.ts";
import { getOrg, listOrgs } from "./admin-orgs.service.ts";
import { getCapturedMail, listCapturedMail } from "./admin-outbox.service.ts";
import { addUserNote, lockUser } from "./admin-users.service.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

let t: TestDatabase;
let db: Db;
let deps: { db: Db; clock: { now: () => Date } };
let admin: AdminActor;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  deps = { db, clock: { now: () => new Date() } };
  const a = await makeUser(db, { email: "ops@quartet.test", platformRole: "SUPERADMIN" });
  admin = { userId: a.id, email: a.email, ip: "198.51.100.1" };
});
afterAll(async () => {
  await t?.drop();
});

describe("orgs.list / orgs.get", () => {
  it("searches name or slug, counts active members, names the owner, pages by cursor", async () => {
    const owner = await makeUser(db, { email: "owner@acme.test" });
    const m1 = await makeUser(db);
    const m2 = await makeUser(db);
    const acme = await makeOrg(db, owner, {
      name: "Acme Rockets",
      slug: "acme-rockets",
      members: [
        { userId: m1.id, role: "ADMIN" },
        { userId: m2.id, role: "MEMBER" },
      ],
    });
    await db.membership.update({
      where: { organizationId_userId: { organizationId: acme.id, userId: m2.id } },
      data: { disabled: true },
    });
    await makeOrg(db, owner, { name: "Globex", slug: "globex-acme" });
    await makeOrg(db, owner, { name: "Initech", slug: "initech" });

    const found = await listOrgs(deps, admin, { q: "ACME" });
    expect(found.items.map((o) => o.slug).sort()).toEqual(["acme-rockets", "globex-acme"]);
    const rockets = found.items.find((o) => o.slug === "acme-rockets")!;
    expect(rockets.memberCount).toBe(2);
    expect(rockets.owner.email).toBe("owner@acme.test");

    const p1 = await listOrgs(deps, admin, { limit: 2 });
    expect(p1.items).toHaveLength(2);
    expect(p1.nextCursor).toBe(p1.items[1]!.id);
    const p2 = await listOrgs(deps, admin, { limit: 2, cursor: p1.nextCursor! });
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect(new Set([...p1.items, ...p2.items].map((o) => o.id)).size).toBe(3);

    await db.invitation.create({
      data: {
        organizationId: acme.id,
        email: "new@acme.test",
        role: "AGENT",
        tokenHash: "a".repeat(64),
        invitedById: owner.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await db.invitation.create({
      data: {
        organizationId: acme.id,
        email: "gone@acme.test",
        tokenHash: "b".repeat(64),
        status: "REVOKED",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const detail = await getOrg(deps, admin, { orgId: acme.id });
    expect(detail.members.map((m) => [m.email, m.role, m.disabled])).toEqual([
      ["owner@acme.test", "OWNER", false],
      [m1.email, "ADMIN", false],
      [m2.email, "MEMBER", true],
    ]);
    expect(detail.invitations).toEqual([
      expect.objectContaining({
        email: "new@acme.test",
        role: "AGENT",
        status: "PENDING",
        invitedBy: expect.objectContaining({ email: "owner@acme.test" }),
      }),
    ]);
  });

  it("get answers NOT_FOUND for an unknown workspace", async () => {
    const err = await getOrg(deps, admin, { orgId: "00000000-0000-4000-8000-000000000000" }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("NOT_FOUND");
  });
});

describe("audit.list", () => {
  it("filters by action, entity and admin, newest first, with cursor", async () => {
    const other: AdminActor = {
      ...admin,
      userId: (await makeUser(db, { platformRole: "SUPERADMIN" })).id,
      email: "other@quartet.test",
    };
    const u1 = await makeUser(db);
    const u2 = await makeUser(db);
    // A few ms apart so "newest first" has one right answer.
    await lockUser(deps, admin, { userId: u1.id });
    await tick();
    await addUserNote(deps, admin, { userId: u1.id, note: "first" });
    await tick();
    await addUserNote(deps, other, { userId: u2.id, note: "second" });
    await tick();
    await addUserNote(deps, admin, { userId: u2.id, note: "third" });

    const notes = await listAuditLogs(deps, admin, { action: "user.note.add" });
    expect(notes.items.map((a) => (a.changes as { after: { note: string } }).after.note)).toEqual([
      "third",
      "second",
      "first",
    ]);

    const forU1 = await listAuditLogs(deps, admin, { entityType: "user", entityId: u1.id });
    expect(forU1.items.map((a) => a.action)).toEqual(["user.note.add", "user.lock"]);

    const byOther = await listAuditLogs(deps, admin, { adminUserId: other.userId });
    expect(byOther.items).toHaveLength(1);
    expect(byOther.items[0]).toMatchObject({
      adminUserEmail: "other@quartet.test",
      entityId: u2.id,
      entityLabel: u2.email,
    });

    const p1 = await listAuditLogs(deps, admin, { limit: 3 });
    const p2 = await listAuditLogs(deps, admin, { limit: 3, cursor: p1.nextCursor! });
    expect(p1.items).toHaveLength(3);
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect(p2.items[0]!.action).toBe("user.lock");
  });
});

describe("outbox.list / outbox.get", () => {
  it("lists captured mail newest first, searches recipient or subject, returns html/text/headers", async () => {
    const base = Date.now() - 60_000;
    const mk = (i: number, to: string, subject: string) =>
      db.capturedMail.create({
        data: {
          messageId: `<m${i}@quartet.test>`,
          fromAddress: "Quartet <no-reply@quartet.local>",
          toAddress: to,
          subject,
          html: `<p>Hello ${i}</p>`,
          text: `Hello ${i}`,
          headers: { "X-Quartet-Type": "VERIFICATION", "Content-Language": "en" },
          createdAt: new Date(base + i * 1000),
        },
      });
    await mk(1, "alice@example.test", "Verify your email");
    await mk(2, "bob@example.test", "Reset your password");
    const last = await mk(3, "Carol@Example.test", "You're invited to Acme");

    const all = await listCapturedMail(deps, admin, {});
    expect(all.items.map((m) => m.subject)).toEqual([
      "You're invited to Acme",
      "Reset your password",
      "Verify your email",
    ]);
    expect(all.items[0]).not.toHaveProperty("html");

    expect((await listCapturedMail(deps, admin, { q: "carol@" })).items.map((m) => m.id)).toEqual([last.id]);
    expect((await listCapturedMail(deps, admin, { q: "PASSWORD" })).items.map((m) => m.toAddress)).toEqual([
      "bob@example.test",
    ]);

    const p1 = await listCapturedMail(deps, admin, { limit: 2 });
    const p2 = await listCapturedMail(deps, admin, { limit: 2, cursor: p1.nextCursor! });
    expect([...p1.items, ...p2.items].map((m) => m.subject)).toEqual(all.items.map((m) => m.subject));

    const mail = await getCapturedMail(deps, admin, { id: last.id });
    expect(mail).toMatchObject({
      html: "<p>Hello 3</p>",
      text: "Hello 3",
      headers: { "X-Quartet-Type": "VERIFICATION", "Content-Language": "en" },
    });
  });
});
