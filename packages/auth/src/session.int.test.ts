import { makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuthEvent } from "./auth-events.ts";
import {
  createSession,
  hashToken,
  invalidateUserSessions,
  sessionCookie,
  sessionPolicies,
  validateSessionToken,
} from "./session.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const meta = {
  ip: "203.0.113.9",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
  deviceInfo: { browser: "Firefox 133" },
};
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe("sessions", () => {
  it("stores only the SHA-256 of a ≥160-bit token", async () => {
    const user = await makeUser(t.db);
    const start = new Date("2026-01-01T00:00:00Z");
    const { token, session } = await createSession(t.db, user.id, "WEB", meta, start);
    expect(token.length).toBeGreaterThanOrEqual(32); // base32 of 32 bytes = 52 chars, 256 bits
    expect(session.id).toBe(hashToken(token));
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    const rows = await t.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM sessions WHERE id = ${token} OR user_agent = ${token} OR device_info::text LIKE ${`%${token}%`}`;
    expect(Number(rows[0]!.n)).toBe(0);
    expect(await validateSessionToken(t.db, token, "WEB", start)).not.toBeNull();
    expect(await validateSessionToken(t.db, session.id, "WEB", start)).toBeNull(); // the hash is not a token
  });

  it("slides the idle expiry on use but never past the absolute lifetime", async () => {
    const user = await makeUser(t.db);
    const policy = sessionPolicies.WEB;
    const start = new Date("2026-02-01T00:00:00Z");
    const { token } = await createSession(t.db, user.id, "WEB", meta, start);

    // Used every 20 days: each use pushes the 30-day idle expiry forward.
    let now = start;
    for (let i = 0; i < 4; i++) {
      now = new Date(now.getTime() + 20 * DAY);
      const v = await validateSessionToken(t.db, token, "WEB", now);
      expect(v, `use ${i}`).not.toBeNull();
      expect(v!.session.expiresAt.getTime()).toBe(
        Math.min(now.getTime() + policy.idleMs, start.getTime() + policy.absoluteMs),
      );
    }
    // 80 days in; at 90 days the absolute lifetime ends it even though it was just used.
    expect(
      await validateSessionToken(t.db, token, "WEB", new Date(start.getTime() + policy.absoluteMs - MIN)),
    ).not.toBeNull();
    expect(
      await validateSessionToken(t.db, token, "WEB", new Date(start.getTime() + policy.absoluteMs)),
    ).toBeNull();
    expect(await t.db.session.count({ where: { id: hashToken(token) } })).toBe(0);
  });

  it("expires after the idle lifetime without use", async () => {
    const user = await makeUser(t.db);
    const start = new Date("2026-03-01T00:00:00Z");
    const { token } = await createSession(t.db, user.id, "WEB", meta, start);
    expect(
      await validateSessionToken(t.db, token, "WEB", new Date(start.getTime() + 30 * DAY - MIN)),
    ).not.toBeNull();
    // That use slid expiry to +60 days - 1 min; 30 idle days after it, it's gone.
    expect(await validateSessionToken(t.db, token, "WEB", new Date(start.getTime() + 60 * DAY))).toBeNull();
  });

  it("admin sessions are shorter and not valid in the web app (and vice versa)", async () => {
    const user = await makeUser(t.db, { platformRole: "SUPERADMIN" });
    const start = new Date("2026-04-01T00:00:00Z");
    const { token, session } = await createSession(t.db, user.id, "ADMIN", meta, start);
    expect(session.absoluteExpiresAt.getTime() - start.getTime()).toBe(sessionPolicies.ADMIN.absoluteMs);
    expect(sessionPolicies.ADMIN.absoluteMs).toBeLessThan(sessionPolicies.WEB.absoluteMs);
    expect(await validateSessionToken(t.db, token, "WEB", start)).toBeNull();
    expect(await validateSessionToken(t.db, token, "ADMIN", start)).not.toBeNull();
    expect(
      await validateSessionToken(t.db, token, "ADMIN", new Date(start.getTime() + 2 * 60 * MIN + 1)),
    ).toBeNull();
  });

  it("stops working at once when the user is LOCKED or DISABLED", async () => {
    for (const status of ["LOCKED", "DISABLED"] as const) {
      const user = await makeUser(t.db);
      const now = new Date("2026-05-01T00:00:00Z");
      const { token } = await createSession(t.db, user.id, "WEB", meta, now);
      expect(await validateSessionToken(t.db, token, "WEB", now)).not.toBeNull();
      await t.db.user.update({ where: { id: user.id }, data: { status } });
      expect(await validateSessionToken(t.db, token, "WEB", now)).toBeNull();
    }
  });

  it("invalidateUserSessions can keep the caller's session", async () => {
    const user = await makeUser(t.db);
    const now = new Date();
    const a = await createSession(t.db, user.id, "WEB", meta, now);
    await createSession(t.db, user.id, "WEB", meta, now);
    await createSession(t.db, user.id, "WEB", meta, now);
    expect(await invalidateUserSessions(t.db, user.id, a.session.id)).toBe(2);
    expect((await t.db.session.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([
      a.session.id,
    ]);
  });

  it("cookie names: __Host- and Secure in production, web and admin separate", () => {
    expect(sessionCookie("WEB", true)).toMatchObject({
      name: "__Host-quartet_session",
      options: { secure: true, httpOnly: true, sameSite: "lax", path: "/" },
    });
    expect(sessionCookie("ADMIN", true).name).toBe("__Host-quartet_admin_session");
    expect(sessionCookie("WEB", false).options.secure).toBe(false);
    expect(sessionCookie("WEB", false).name).not.toBe(sessionCookie("ADMIN", false).name);
  });
});

describe("recordAuthEvent", () => {
  it("stores the event with its parsed device", async () => {
    const user = await makeUser(t.db);
    await recordAuthEvent(t.db, {
      type: "LOGIN_FAILED",
      outcome: "FAILURE",
      userId: user.id,
      ip: "198.51.100.4",
      userAgent:
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      failureReason: "BAD_PASSWORD",
      at: new Date("2026-06-01T00:00:00Z"),
    });
    const row = await t.db.authEvent.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({
      eventType: "LOGIN_FAILED",
      outcome: "FAILURE",
      ipAddress: "198.51.100.4",
      failureReason: "BAD_PASSWORD",
    });
    expect(row.deviceInfo).toEqual({ browser: "Chrome 131", os: "Windows 10", type: "desktop" });
  });
});
