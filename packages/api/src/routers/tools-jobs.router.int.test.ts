import { createSession, sessionCookie } from "@quartet/auth/session";
import type { PlanLimitError } from "@quartet/core/billing/plan-limit.error";
import { useTestEnv } from "@quartet/core/testing/integration";
import { GUEST_COOKIE, toolsCallerOf } from "@quartet/core/tools/access/tools-access";
import { syncToolCatalog } from "@quartet/core/tools/catalog/tool-catalog";
import { uploadPdf, uploadPng } from "@quartet/core/tools/tools-test-fixtures";
import { makeUser } from "@quartet/db/testing/factories";
import { beforeAll, describe, expect, it } from "vitest";
import { adminRouter } from "../admin-router.ts";
import { cookieJar, trpcError } from "../api.test-helpers.ts";
import { appRouter } from "../app-router.ts";
import { type CookieJar, createApiContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";

// The Tools routers as the browser calls them: public procedures, a guest known by the
// `quartet_guest` cookie the first call sets, owner-only jobs (anyone else: NOT_FOUND), plan-limit
// errors with their details, and the admin console's per-tool analytics.

const { db, deps } = await useTestEnv();
beforeAll(() => syncToolCatalog(db));

const IP = "192.0.2.77";
const createApp = createCallerFactory(appRouter);
const createAdmin = createCallerFactory(adminRouter);

/** One browser: its cookie jar, the app caller over it, and the Tools caller core sees for it. */
async function browser(options: { user?: { id: string }; ip?: string } = {}) {
  const jar: CookieJar = cookieJar();
  if (options.user) {
    const { token } = await createSession(
      db,
      options.user.id,
      "WEB",
      { ip: IP, userAgent: "vitest", deviceInfo: {} },
      new Date(),
    );
    jar.set(sessionCookie("WEB", false).name, token, {});
  }
  const req = { ip: options.ip ?? IP, userAgent: "vitest" };
  const api = createApp(await createApiContext({ deps, kind: "WEB", req, cookies: jar }));
  const asCaller = () =>
    toolsCallerOf(deps.config, {
      userId: options.user?.id ?? null,
      ip: req.ip,
      userAgent: "vitest",
      guestToken: jar.get(GUEST_COOKIE),
      setGuestToken: (t) => jar.set(GUEST_COOKIE, t, {}),
    });
  return { jar, api, asCaller };
}

describe("tools routers", () => {
  it("lists the catalogue in the asked locale and gives one tool with its meta", async () => {
    const { api } = await browser();
    const { tools } = await api.toolsCatalog.list({ locale: "fr" });
    expect(tools).toHaveLength(17);
    expect(tools.find((t) => t.slug === "image-resize")?.name).toBe("Redimensionner une image");
    const tool = await api.toolsCatalog.get({ slug: "pdf-merge", locale: "ar" });
    expect(tool).toMatchObject({ name: "دمج ملفات PDF", minFiles: 2, maxFiles: 50 });
    expect((await trpcError(api.toolsCatalog.get({ slug: "missing" }))).code).toBe("NOT_FOUND");
  });

  it("sets the guest cookie once, keeps the guest's jobs theirs, and answers NOT_FOUND to anyone else", async () => {
    const guest = await browser();
    const me = await guest.api.toolsAccess.me();
    expect(me).toMatchObject({ tier: "GUEST", usedToday: 0, limits: { operationsPerDay: 5 } });
    const token = guest.jar.get(GUEST_COOKIE);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await guest.api.toolsAccess.me();
    expect(guest.jar.get(GUEST_COOKIE)).toBe(token);
    // Calls of one request (a tRPC batch) from a new browser share the token they make.
    const fresh = await browser();
    const made: string[] = [];
    const original = fresh.jar.set.bind(fresh.jar);
    fresh.jar.get = () => undefined; // the browser never sent one back within the request
    fresh.jar.set = (name, value, opts) => {
      if (name === GUEST_COOKIE) made.push(value);
      original(name, value, opts);
    };
    await Promise.all([fresh.api.toolsAccess.me(), fresh.api.toolsJobs.list({})]);
    expect(new Set(made).size).toBe(1);

    const files = [await uploadPdf(deps, guest.asCaller()), await uploadPdf(deps, guest.asCaller())];
    const job = await guest.api.toolsJobs.create({ slug: "pdf-merge", fileIds: files.map((f) => f.id) });
    expect(job).toMatchObject({
      status: "QUEUED",
      tool: { slug: "pdf-merge", name: "Merge PDF" },
      batchId: null,
    });
    expect((await guest.api.toolsJobs.get({ id: job.id })).inputs).toHaveLength(2);
    expect((await guest.api.toolsJobs.list({})).jobs.map((j) => j.id)).toEqual([job.id]);

    const otherGuest = await browser(); // same IP, other browser
    const user = await browser({ user: await makeUser(db) });
    for (const stranger of [otherGuest, user]) {
      expect((await trpcError(stranger.api.toolsJobs.get({ id: job.id }))).code).toBe("NOT_FOUND");
      expect((await trpcError(stranger.api.toolsJobs.cancel({ id: job.id }))).code).toBe("NOT_FOUND");
      expect((await trpcError(stranger.api.toolsJobs.retry({ id: job.id }))).code).toBe("NOT_FOUND");
      expect((await stranger.api.toolsJobs.list({})).jobs).toEqual([]);
    }
    expect((await guest.api.toolsJobs.cancel({ id: job.id })).status).toBe("CANCELLED");
    expect((await trpcError(guest.api.toolsJobs.get({ id: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
  });

  it("answers the 6th guest operation of the day with PAYMENT_REQUIRED and the upgrade details", async () => {
    const guest = await browser({ ip: "192.0.2.78" });
    await guest.api.toolsAccess.me();
    const files = [await uploadPng(deps, guest.asCaller())];
    for (let i = 0; i < 5; i++)
      await guest.api.toolsJobs.create({ slug: "image-compress", fileIds: files.map((f) => f.id) });
    const err = await trpcError(
      guest.api.toolsJobs.create({ slug: "image-compress", fileIds: files.map((f) => f.id) }),
    );
    expect(err.code).toBe("PAYMENT_REQUIRED");
    expect((err.cause as PlanLimitError).details).toMatchObject({
      key: "tools.operationsPerDay",
      limit: 5,
      current: 5,
      upgradeTo: "PRO",
      signUp: true,
    });
    expect((await guest.api.toolsAccess.me()).usedToday).toBe(5);
    // Batches are PREMIUM.
    const batch = await trpcError(
      guest.api.toolsJobs.createBatch({ slug: "image-compress", fileIds: [files[0]?.id ?? ""] }),
    );
    expect(batch.code).toBe("PAYMENT_REQUIRED");
  });

  it("gives platform admins per-tool analytics, and nobody else", async () => {
    const root = await makeUser(db, { platformRole: "SUPERADMIN" });
    const jar = cookieJar();
    const { token } = await createSession(
      db,
      root.id,
      "ADMIN",
      { ip: IP, userAgent: "vitest", deviceInfo: {} },
      new Date(),
    );
    jar.set(sessionCookie("ADMIN", false).name, token, {});
    const admin = createAdmin(
      await createApiContext({ deps, kind: "ADMIN", req: { ip: IP, userAgent: "vitest" }, cookies: jar }),
    );
    const merge = await db.tool.findUniqueOrThrow({ where: { slug: "pdf-merge" } });
    const at = new Date(deps.clock.now().getTime() - 60_000);
    const old = new Date(deps.clock.now().getTime() - 8 * 86_400_000);
    await db.usageLog.createMany({
      data: [
        {
          toolId: merge.id,
          status: "success",
          processingTimeMs: 100,
          fileSizeMb: 1.5,
          ipHash: "a",
          createdAt: at,
        },
        {
          toolId: merge.id,
          status: "success",
          processingTimeMs: 300,
          fileSizeMb: 2.5,
          ipHash: "b",
          createdAt: at,
        },
        { toolId: merge.id, status: "failed", processingTimeMs: 200, ipHash: "a", createdAt: at },
        // Outside the 7-day window.
        { toolId: merge.id, status: "success", processingTimeMs: 999, ipHash: "c", createdAt: old },
      ],
    });
    const stats = await admin.tools.analytics({ days: 7 });
    expect(stats.tools.find((t) => t.slug === "pdf-merge")).toMatchObject({
      runs: 3,
      succeeded: 2,
      failed: 1,
      guests: 2,
      avgProcessingMs: 200,
      inputMb: 4,
    });
    expect(stats.tools[0]?.slug).toBe("pdf-merge");
    expect(stats.totals).toMatchObject({ runs: 3, succeeded: 2, failed: 1 });
    expect(stats.daily).toEqual([{ day: at.toISOString().slice(0, 10), runs: 3, failed: 1 }]);

    const person = await makeUser(db);
    const personJar = cookieJar();
    const session = await createSession(
      db,
      person.id,
      "ADMIN",
      { ip: IP, userAgent: "vitest", deviceInfo: {} },
      new Date(),
    );
    personJar.set(sessionCookie("ADMIN", false).name, session.token, {});
    const asPerson = createAdmin(
      await createApiContext({
        deps,
        kind: "ADMIN",
        req: { ip: IP, userAgent: "vitest" },
        cookies: personJar,
      }),
    );
    expect(["FORBIDDEN", "UNAUTHORIZED"]).toContain((await trpcError(asPerson.tools.analytics({}))).code);
  });
});
