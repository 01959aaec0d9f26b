import { createSession } from "@quartet/auth/session";
import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { useTestEnv } from "../testing/integration.ts";
import { listSessions, revokeOtherSessions, revokeSession } from "./sessions.service.ts";

const { db, deps } = await useTestEnv();

const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function setup() {
  const user = await makeUser(db);
  const now = deps.clock.now();
  const mine = await createSession(
    db,
    user.id,
    "WEB",
    {
      ip: "192.0.2.1",
      userAgent: firefox,
      deviceInfo: { browser: "Firefox 133", os: "Linux", type: "desktop" },
    },
    now,
  );
  const phone = await createSession(
    db,
    user.id,
    "WEB",
    {
      ip: "192.0.2.2",
      userAgent: "phone",
      deviceInfo: { browser: "Safari 17", os: "iOS 17.5", type: "mobile" },
    },
    now,
  );
  const pending = await createSession(
    db,
    user.id,
    "WEB",
    { ip: "192.0.2.3", userAgent: "p", deviceInfo: {}, twoFactorPending: true },
    now,
  );
  const actor = { userId: user.id, sessionId: mine.session.id, ip: "192.0.2.1", userAgent: firefox };
  return { user, mine, phone, pending, actor };
}

describe("sessions", () => {
  it("lists live sessions with device, IP and activity, current first; not 2FA-pending ones", async () => {
    const { mine, phone, actor } = await setup();
    const other = await makeUser(db);
    await createSession(
      db,
      other.id,
      "WEB",
      { ip: "192.0.2.9", userAgent: "x", deviceInfo: {} },
      deps.clock.now(),
    );
    const list = await listSessions(deps, actor);
    expect(list.map((s) => s.id)).toEqual([mine.session.id, phone.session.id]);
    expect(list[0]).toMatchObject({
      current: true,
      ipAddress: "192.0.2.1",
      deviceInfo: { browser: "Firefox 133", os: "Linux", type: "desktop" },
    });
    expect(list[1]).toMatchObject({ current: false, deviceInfo: { type: "mobile" } });
    expect(list[0]!.lastActivityAt).toBeInstanceOf(Date);
  });

  it("revokes one of my sessions, but not someone else's", async () => {
    const { phone, actor, user } = await setup();
    await revokeSession(deps, actor, { sessionId: phone.session.id });
    expect(await db.session.count({ where: { id: phone.session.id } })).toBe(0);
    expect(await db.authEvent.count({ where: { userId: user.id, eventType: "SESSION_REVOKED" } })).toBe(1);

    const stranger = await setup();
    const error = await revokeSession(deps, actor, { sessionId: stranger.phone.session.id }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("NOT_FOUND");
    expect(await db.session.count({ where: { id: stranger.phone.session.id } })).toBe(1);
  });

  it("revokeOthers keeps only the current session", async () => {
    const { mine, actor, user } = await setup();
    expect(await revokeOtherSessions(deps, actor)).toEqual({ count: 2 });
    expect(await db.session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([
      { id: mine.session.id },
    ]);
  });
});
