import { createSession, sessionCookie } from "@quartet/auth/session";
import { useTestEnv } from "@quartet/core/testing/integration";
import type { SessionKind } from "@quartet/db/enums";
import { makeUser } from "@quartet/db/testing/factories";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { adminRouter } from "../admin-router.ts";
import { createApiContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";

const { db, deps } = await useTestEnv({ clock: { now: () => new Date(), set() {}, advance() {} } });
const createCaller = createCallerFactory(adminRouter);
const ua = "Mozilla/5.0 (Macintosh) Firefox/140";

/** A caller as the admin server would build it: cookie jar → createApiContext → router. */
async function callerFor(
  userId: string | null,
  kind: SessionKind = "ADMIN",
  ip = "192.0.2.44",
  sessionKind = kind,
) {
  const jar = new Map<string, string>();
  if (userId) {
    const { token } = await createSession(
      db,
      userId,
      sessionKind,
      { ip, userAgent: ua, deviceInfo: {} },
      new Date(),
    );
    jar.set(sessionCookie(kind, false).name, token);
  }
  const cookies = {
    get: (n: string) => jar.get(n),
    set: (n: string, v: string) => void jar.set(n, v),
    clear: (n: string) => void jar.delete(n),
  };
  const ctx = await createApiContext({ deps, kind, req: { ip, userAgent: ua }, cookies });
  return createCaller(ctx);
}

async function codeOf(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return (err as TRPCError).code;
}

describe("admin router access", () => {
  it("refuses anonymous callers, non-superadmins and web-kind sessions on every procedure", async () => {
    const plain = await makeUser(db);
    const root = await makeUser(db, { platformRole: "SUPERADMIN" });
    const uid = plain.id;
    const calls = (c: Awaited<ReturnType<typeof callerFor>>) => [
      () => c.users.list({}),
      () => c.users.get({ userId: uid }),
      () => c.users.lock({ userId: uid }),
      () => c.users.unlock({ userId: uid }),
      () => c.users.disable({ userId: uid }),
      () => c.users.enable({ userId: uid }),
      () => c.users.revokeSessions({ userId: uid }),
      () => c.users.addNote({ userId: uid, note: "x" }),
      () => c.orgs.list({}),
      () => c.orgs.get({ orgId: uid }),
      () => c.audit.list({}),
      () => c.outbox.list({}),
      () => c.outbox.get({ id: uid }),
    ];

    const anonymous = await callerFor(null);
    for (const call of calls(anonymous)) expect(await codeOf(call())).toBe("UNAUTHORIZED");

    const notAdmin = await callerFor(plain.id, "ADMIN");
    for (const call of calls(notAdmin)) expect(await codeOf(call())).toBe("FORBIDDEN");

    // A SUPERADMIN's customer-app session, used against the admin router, is not an admin session.
    const webCtxRoot = await callerFor(root.id, "WEB");
    for (const call of calls(webCtxRoot)) expect(await codeOf(call())).toBe("FORBIDDEN");

    // A WEB session token presented as the admin cookie doesn't validate at all.
    const webTokenAsAdmin = await callerFor(root.id, "ADMIN", "192.0.2.44", "WEB");
    for (const call of calls(webTokenAsAdmin)) expect(await codeOf(call())).toBe("UNAUTHORIZED");

    expect(await db.adminAuditLog.count()).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: uid } })).status).toBe("ACTIVE");
  });
});

describe("admin mutations through the router", () => {
  it("each mutation writes its audit row with the admin, entity, changes and request IP", async () => {
    const root = await makeUser(db, { email: "chief@quartet.test", platformRole: "SUPERADMIN" });
    const target = await makeUser(db, { email: "target@example.test" });
    const targetWeb = await createSession(
      db,
      target.id,
      "WEB",
      { ip: "x", userAgent: "y", deviceInfo: {} },
      new Date(),
    );
    const api = await callerFor(root.id, "ADMIN", "203.0.113.77");

    await api.users.lock({ userId: target.id, reason: "spam" });
    await api.users.unlock({ userId: target.id });
    await api.users.disable({ userId: target.id, reason: "left" });
    await api.users.enable({ userId: target.id });
    await api.users.revokeSessions({ userId: target.id });
    await api.users.addNote({ userId: target.id, note: "Checked with support." });

    const rows = await db.adminAuditLog.findMany({
      where: { entityId: target.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => r.action).sort()).toEqual(
      [
        "user.disable",
        "user.enable",
        "user.lock",
        "user.note.add",
        "user.sessions.revoke",
        "user.unlock",
      ].sort(),
    );
    for (const r of rows) {
      expect(r).toMatchObject({
        adminUserId: root.id,
        adminUserEmail: "chief@quartet.test",
        entityType: "user",
        entityId: target.id,
        ipAddress: "203.0.113.77",
      });
      expect(r.changes).toBeTruthy();
    }
    expect(rows.find((r) => r.action === "user.lock")!.changes).toMatchObject({
      before: { status: "ACTIVE" },
      after: { status: "LOCKED", sessionsEnded: 1 },
      reason: "spam",
    });
    expect(rows.find((r) => r.action === "user.disable")!.changes).toMatchObject({ reason: "left" });

    // The lock ended the target's open web session for good.
    const webCaller = await createApiContext({
      deps,
      kind: "WEB",
      req: { ip: "x", userAgent: "y" },
      cookies: { get: () => targetWeb.token, set() {}, clear() {} },
    });
    expect(await webCaller.sessionLookup.current()).toBeNull();

    const listed = await api.audit.list({ entityId: target.id });
    expect(listed.items).toHaveLength(6);
  });

  it("an admin can't lock themselves; the error is clear and nothing is written", async () => {
    const root = await makeUser(db, { platformRole: "SUPERADMIN" });
    const api = await callerFor(root.id);
    const err = await api.users.lock({ userId: root.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("FORBIDDEN");
    expect((err as TRPCError).message).toMatch(/can't lock your own account/);
    expect(await db.adminAuditLog.count({ where: { entityId: root.id } })).toBe(0);
    // And the console still works for them.
    expect((await api.users.get({ userId: root.id })).user.status).toBe("ACTIVE");
  });

  it("bad input reaches the client as a BAD_REQUEST (page size over 100, blank note)", async () => {
    const root = await makeUser(db, { platformRole: "SUPERADMIN" });
    const api = await callerFor(root.id);
    expect(await codeOf(api.users.list({ limit: 500 }))).toBe("BAD_REQUEST");
    expect(await codeOf(api.users.addNote({ userId: root.id, note: " " }))).toBe("BAD_REQUEST");
  });
});
