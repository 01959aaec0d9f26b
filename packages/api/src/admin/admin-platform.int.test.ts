import { randomUUID } from "node:crypto";
import { createSession, sessionCookie } from "@quartet/auth/session";
import { isFeatureEnabled } from "@quartet/core/platform/settings/feature-flag.service";
import { tierForFlags } from "@quartet/core/platform/settings/user-tier";
import { useTestEnv } from "@quartet/core/testing/integration";
import type { SessionKind } from "@quartet/db/enums";
import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { adminRouter } from "../admin-router.ts";
import { trpcError } from "../api.test-helpers.ts";
import { appRouter } from "../app-router.ts";
import { createApiContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";

const { db, deps, boss } = await useTestEnv();
deps.queueAdmin = boss;
const ua = "vitest";

async function contextFor(userId: string | null, kind: SessionKind) {
  const jar = new Map<string, string>();
  if (userId) {
    const { token } = await createSession(
      db,
      userId,
      kind,
      { ip: "192.0.2.5", userAgent: ua, deviceInfo: {} },
      new Date(),
    );
    jar.set(sessionCookie(kind, false).name, token);
  }
  const cookies = {
    get: (n: string) => jar.get(n),
    set: (n: string, v: string) => void jar.set(n, v),
    clear: (n: string) => void jar.delete(n),
  };
  return createApiContext({ deps, kind, req: { ip: "192.0.2.5", userAgent: ua }, cookies });
}
const adminCaller = async (userId: string | null) =>
  createCallerFactory(adminRouter)(await contextFor(userId, "ADMIN"));
const webCaller = async (userId: string | null) =>
  createCallerFactory(appRouter)(await contextFor(userId, "WEB"));

const root = await makeUser(db, { platformRole: "SUPERADMIN" });
const adminApi = await adminCaller(root.id);

describe("platform admin API", () => {
  it("admin-only: a customer's session can't reach config, flags, tasks or queues", async () => {
    const person = await makeUser(db);
    const asPerson = await adminCaller(person.id);
    expect((await trpcError(asPerson.config.list({}))).code).toBe("FORBIDDEN");
    expect((await trpcError(asPerson.flags.list())).code).toBe("FORBIDDEN");
    expect((await trpcError(asPerson.tasks.list({}))).code).toBe("FORBIDDEN");
    expect((await trpcError(asPerson.queues.list())).code).toBe("FORBIDDEN");
  });

  it("the session sends the flags the server evaluates: the same answer on both paths", async () => {
    await adminApi.flags.create({
      name: "split",
      enabled: true,
      userIds: [],
      userTiers: [],
      rolloutPercent: 50,
    });
    const people = await Promise.all(
      Array.from({ length: 30 }, () => makeUser(db, { email: `p-${randomUUID()}@example.test` })),
    );
    let on = 0;
    for (const p of people) {
      const web = await webCaller(p.id);
      const session = (await web.auth.session()) as { flags: Record<string, boolean> };
      const server = await isFeatureEnabled(
        deps,
        { id: p.id, tier: await tierForFlags(deps, p.id) },
        "split",
      );
      expect(session.flags.split).toBe(server);
      if (server) on++;
    }
    // A 50 % rollout over 30 people: some on, some off.
    expect(on).toBeGreaterThan(0);
    expect(on).toBeLessThan(30);
  });

  it("config changes and the public subset, including sign-ups switched off", async () => {
    const anon = await webCaller(null);
    expect((await anon.platform.publicConfig())["auth.signup_enabled"]).toBe(true);
    const err = await trpcError(
      adminApi.config.update({ key: "auth.signup_enabled", value: false, reason: "" }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    await adminApi.config.update({ key: "auth.signup_enabled", value: false, reason: "spam wave" });
    expect((await anon.platform.publicConfig())["auth.signup_enabled"]).toBe(false);
    const refused = await trpcError(
      anon.auth.signUp({ email: "new@example.test", password: "a long enough passphrase 42", name: "New" }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    const [audit] = await adminApi.config.audit({ key: "auth.signup_enabled" });
    expect(audit).toMatchObject({
      oldValue: null,
      newValue: false,
      changeReason: "spam wave",
      ipAddress: "192.0.2.5",
    });
    await adminApi.config.update({ key: "auth.signup_enabled", value: true, reason: "over" });
  });

  it("the help-center search limit follows its runtime setting", async () => {
    await adminApi.config.update({ key: "help.search_rate_limit_per_minute", value: 2, reason: "abuse" });
    const anon = await webCaller(null);
    const search = () => trpcError(anon.help.search({ slug: "no-such-center", q: "refund" }));
    expect((await search()).code).toBe("NOT_FOUND");
    expect((await search()).code).toBe("NOT_FOUND");
    // The third search within the minute is over the limit of 2 (60 by default).
    expect((await search()).code).toBe("TOO_MANY_REQUESTS");
  });
});
