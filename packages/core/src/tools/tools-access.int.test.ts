import { Readable } from "node:stream";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { PROCESSOR_IDS } from "@quartet/processors/types";
import { beforeAll, describe, expect, it } from "vitest";
import { grantDayPass } from "../billing/day-pass.service.ts";
import type { PlanLimitError } from "../billing/plan-limit.error.ts";
import { appError, useTestEnv } from "../testing/integration.ts";
import { hashIp, toolsAccessMe, UPLOADS_PER_DAY } from "./access/tools-access.ts";
import { getTool, listTools } from "./catalog/catalog.service.ts";
import { syncToolCatalog, TOOL_CATALOG } from "./catalog/tool-catalog.ts";
import { storeToolUpload } from "./files/tool-file.service.ts";
import {
  cancelToolJob,
  createToolBatch,
  createToolJob,
  getToolJob,
  listToolJobs,
  retryToolJob,
} from "./jobs/job.service.ts";
import { guestCaller, uploadPdf, uploadPng, userCaller } from "./tools-test-fixtures.ts";

// Tools access: the catalogue, tiers and daily limits (guest 5, free 20, premium unlimited, Day
// Pass), guests by hashed IP + cookie, owner-only jobs, and the upload checks. No worker runs
// here: jobs stay QUEUED (tools-jobs.int.test.ts runs them through the queue).

const { db, deps } = await useTestEnv();
beforeAll(async () => {
  await syncToolCatalog(db);
});

describe("catalogue", () => {
  it("has one tool per processor, synced idempotently, listed in the caller's locale with what each accepts", async () => {
    expect(new Set(TOOL_CATALOG.map((t) => t.processor))).toEqual(new Set(PROCESSOR_IDS));
    await syncToolCatalog(db);
    expect(await db.tool.count()).toBe(PROCESSOR_IDS.length);

    const fr = await listTools(deps, { locale: "fr-CA" });
    const merge = fr.tools.find((t) => t.slug === "pdf-merge");
    expect(merge).toMatchObject({
      name: "Fusionner des PDF",
      category: "pdf",
      accessLevel: "GUEST",
      accept: ["application/pdf"],
      minFiles: 2,
    });
    const ar = await getTool(deps, { slug: "qr-code", locale: "ar" });
    expect(ar).toMatchObject({ name: "مولّد رموز QR", countsAsOperation: false, minFiles: 0, maxFiles: 0 });
    expect(ar.metaTitle).toContain("مولّد رموز QR");
    const en = await getTool(deps, { slug: "pdf-compress" });
    expect(en.metaDescription).toContain("deleted after 24 hours");
    expect((await appError(getTool(deps, { slug: "nope" }))).code).toBe("NOT_FOUND");
  });
});

describe("tiers and daily limits", () => {
  it("lets a guest run 5 operations a day, counted per hashed IP across cookies, then asks them to sign up", async () => {
    const ip = "192.0.2.10";
    const first = guestCaller(deps, ip);
    const second = guestCaller(deps, ip); // another browser behind the same address
    const file1 = await uploadPng(deps, first);
    const file2 = await uploadPng(deps, second);
    for (let i = 0; i < 3; i++)
      await createToolJob(deps, first, { slug: "image-compress", fileIds: [file1.id] });
    for (let i = 0; i < 2; i++)
      await createToolJob(deps, second, { slug: "image-compress", fileIds: [file2.id] });
    expect(await toolsAccessMe(deps, first)).toMatchObject({
      tier: "GUEST",
      usedToday: 5,
      limits: { operationsPerDay: 5, maxFileSizeMb: 10, batchSize: 1, maxPages: 20 },
      dayPassEndsAt: null,
    });
    const err = (await appError(
      createToolJob(deps, second, { slug: "image-compress", fileIds: [file2.id] }),
    )) as PlanLimitError;
    expect(err.code).toBe("PAYMENT_REQUIRED");
    expect(err.reason).toBe("PLAN_LIMIT");
    expect(err.details).toMatchObject({
      key: "tools.operationsPerDay",
      limit: 5,
      current: 5,
      upgradeTo: "PRO",
    });
    expect(err.message).toMatch(/Sign up/);
    // Nothing was written for the refused job.
    expect(await db.job.count({ where: { ipHash: hashIp(deps.config, ip) } })).toBe(5);
    // QR codes don't count as operations: still allowed.
    const qr = await createToolJob(deps, second, {
      slug: "qr-code",
      options: { content: { kind: "url", url: "https://example.com" } },
    });
    expect(qr.status).toBe("QUEUED");
    // Another address has its own counter.
    const elsewhere = guestCaller(deps, "192.0.2.11");
    const file3 = await uploadPng(deps, elsewhere);
    await createToolJob(deps, elsewhere, { slug: "image-compress", fileIds: [file3.id] });
    expect((await toolsAccessMe(deps, elsewhere)).usedToday).toBe(1);
  });

  it("keeps guests off FREE tools with a sign-up reason, and FREE people off PREMIUM tools with the upgrade path", async () => {
    const guest = guestCaller(deps, "192.0.2.20");
    const pdf = await uploadPdf(deps, guest);
    const signIn = await appError(
      createToolJob(deps, guest, { slug: "pdf-organize", fileIds: [pdf.id], options: { order: [2, 1] } }),
    );
    expect(signIn).toMatchObject({ code: "UNAUTHORIZED", reason: "TOOLS_SIGN_IN_REQUIRED" });

    const user = await makeUser(db);
    const free = userCaller(deps, user);
    const mine = await uploadPdf(deps, free);
    const organized = await createToolJob(deps, free, {
      slug: "pdf-organize",
      fileIds: [mine.id],
      options: { order: [2, 1] },
    });
    expect(organized.status).toBe("QUEUED");
    const premium = (await appError(
      createToolJob(deps, free, { slug: "pdf-repair", fileIds: [mine.id] }),
    )) as PlanLimitError;
    expect(premium).toMatchObject({ code: "PAYMENT_REQUIRED", reason: "PLAN_LIMIT" });
    expect(premium.details).toMatchObject({ key: "tools.premiumTool", upgradeTo: "PRO", tier: "FREE" });
  });

  it("gives a FREE user 20 operations a day, then the upgrade path; a Day Pass makes them PREMIUM (unlimited, batches)", async () => {
    const user = await makeUser(db);
    const caller = userCaller(deps, user);
    const file = await uploadPng(deps, caller);
    for (let i = 0; i < 20; i++)
      await createToolJob(deps, caller, { slug: "image-compress", fileIds: [file.id] });
    const me = await toolsAccessMe(deps, caller);
    expect(me).toMatchObject({
      tier: "FREE",
      usedToday: 20,
      limits: { operationsPerDay: 20, maxFileSizeMb: 25 },
    });
    const refused = (await appError(
      createToolJob(deps, caller, { slug: "image-compress", fileIds: [file.id] }),
    )) as PlanLimitError;
    expect(refused.details).toMatchObject({
      key: "tools.operationsPerDay",
      limit: 20,
      current: 20,
      upgradeTo: "PRO",
    });
    expect(refused.message).toMatch(/Day Pass or the Pro plan/);
    const batchRefused = (await appError(
      createToolBatch(deps, caller, { slug: "image-compress", fileIds: [file.id] }),
    )) as PlanLimitError;
    expect(batchRefused.details).toMatchObject({ key: "tools.batchSize", limit: 1 });

    const pass = await grantDayPass(deps, { userId: user.id, source: "ADMIN_GRANT" });
    const after = await toolsAccessMe(deps, caller);
    expect(after).toMatchObject({ tier: "PREMIUM", limits: { operationsPerDay: null, batchSize: 50 } });
    expect(after.dayPassEndsAt).toBe(pass.endsAt.toISOString());
    const job = await createToolJob(deps, caller, { slug: "image-compress", fileIds: [file.id] });
    expect(job.status).toBe("QUEUED");
    expect((await toolsAccessMe(deps, caller)).usedToday).toBe(21);

    // The pass ends: FREE again, and the day's count still applies.
    deps.clock.advance(25 * 3_600_000);
    const later = await toolsAccessMe(deps, caller);
    expect(later.tier).toBe("FREE");
    deps.clock.advance(-25 * 3_600_000);
  });

  it("makes a member of a paid workspace PREMIUM: past 20 a day, and batches", async () => {
    const user = await makeUser(db);
    const org = await makeOrg(db, user, { plan: "PRO" });
    const caller = userCaller(deps, user);
    const file = await uploadPng(deps, caller);
    for (let i = 0; i < 21; i++)
      await createToolJob(deps, caller, { slug: "image-compress", fileIds: [file.id] });
    // The workspace whose plan applied is recorded on the job.
    expect(await db.job.count({ where: { userId: user.id, organizationId: org.id } })).toBe(21);
    const kept = await db.job.findFirstOrThrow({ where: { userId: user.id }, select: { expiresAt: true } });
    expect(kept.expiresAt.getTime() - deps.clock.now().getTime()).toBe(24 * 3_600_000); // PRO keeps 24 h
    const business = await makeUser(db);
    await makeOrg(db, business, { plan: "BUSINESS" });
    const bizCaller = userCaller(deps, business);
    const bizJob = await createToolJob(deps, bizCaller, {
      slug: "image-compress",
      fileIds: [(await uploadPng(deps, bizCaller)).id],
    });
    // BUSINESS keeps results 72 h (tools.fileRetentionHours), inputs as long as the job.
    expect(new Date(bizJob.expiresAt).getTime() - deps.clock.now().getTime()).toBe(72 * 3_600_000);
    const input = await db.toolFile.findUniqueOrThrow({ where: { id: bizJob.inputs[0]?.id ?? "" } });
    expect(input.expiresAt.toISOString()).toBe(bizJob.expiresAt);
    expect(await toolsAccessMe(deps, caller)).toMatchObject({ tier: "PREMIUM", usedToday: 21 });
    const files = [file, await uploadPng(deps, caller), await uploadPng(deps, caller)];
    const batch = await createToolBatch(deps, caller, {
      slug: "image-compress",
      fileIds: files.map((f) => f.id),
    });
    expect(batch.jobs.map((j) => j.batchId)).toEqual([batch.batchId, batch.batchId, batch.batchId]);
    const tooMany = (await appError(
      createToolBatch(deps, caller, { slug: "pdf-merge", fileIds: files.map((f) => f.id) }),
    )) as PlanLimitError | Error;
    expect((tooMany as { code: string }).code).toBe("BAD_REQUEST"); // merge can't be batched
  });
});

describe("ownership", () => {
  it("shows a guest's job to the same guest only: another guest (even on the same IP) or a user gets NOT_FOUND", async () => {
    const owner = guestCaller(deps, "192.0.2.30");
    const sameIp = guestCaller(deps, "192.0.2.30");
    const user = userCaller(deps, await makeUser(db));
    const pdfs = [await uploadPdf(deps, owner), await uploadPdf(deps, owner)];
    const job = await createToolJob(deps, owner, { slug: "pdf-merge", fileIds: pdfs.map((f) => f.id) });
    expect((await getToolJob(deps, owner, { id: job.id })).inputs.map((f) => f.id)).toEqual(
      pdfs.map((f) => f.id),
    );
    for (const stranger of [sameIp, user]) {
      expect((await appError(getToolJob(deps, stranger, { id: job.id }))).code).toBe("NOT_FOUND");
      expect((await appError(cancelToolJob(deps, stranger, { id: job.id }))).code).toBe("NOT_FOUND");
      expect((await appError(retryToolJob(deps, stranger, { id: job.id }))).code).toBe("NOT_FOUND");
      expect((await listToolJobs(deps, stranger)).jobs.map((j) => j.id)).not.toContain(job.id);
      // Nor can they run a tool on the owner's files.
      const used = await appError(
        createToolJob(deps, stranger, { slug: "pdf-merge", fileIds: pdfs.map((f) => f.id) }),
      );
      expect(used).toMatchObject({ code: "NOT_FOUND", fieldErrors: { fileIds: expect.any(String) } });
    }
    expect((await listToolJobs(deps, owner)).jobs.map((j) => j.id)).toEqual([job.id]);
  });

  it("a user's job is theirs only, and expired jobs are gone from get and list", async () => {
    const alice = userCaller(deps, await makeUser(db));
    const bob = userCaller(deps, await makeUser(db));
    const file = await uploadPng(deps, alice);
    const job = await createToolJob(deps, alice, {
      slug: "image-resize",
      fileIds: [file.id],
      options: { width: 50 },
    });
    expect((await appError(getToolJob(deps, bob, { id: job.id }))).code).toBe("NOT_FOUND");
    const cancelled = await cancelToolJob(deps, alice, { id: job.id });
    expect(cancelled.status).toBe("CANCELLED");
    expect((await appError(cancelToolJob(deps, alice, { id: job.id }))).code).toBe("CONFLICT");
    deps.clock.advance(24 * 3_600_000 + 1000);
    expect((await appError(getToolJob(deps, alice, { id: job.id }))).code).toBe("NOT_FOUND");
    expect((await listToolJobs(deps, alice)).jobs).toEqual([]);
    deps.clock.advance(-(24 * 3_600_000 + 1000));
  });
});

describe("job input checks", () => {
  it("refuses wrong counts, wrong types and bad options with field errors", async () => {
    const user = userCaller(deps, await makeUser(db));
    const pdf = await uploadPdf(deps, user);
    const png = await uploadPng(deps, user);
    expect(await appError(createToolJob(deps, user, { slug: "pdf-merge", fileIds: [pdf.id] }))).toMatchObject(
      {
        code: "BAD_REQUEST",
        fieldErrors: { fileIds: "Add between 2 and 50 files." },
      },
    );
    expect(
      await appError(createToolJob(deps, user, { slug: "pdf-merge", fileIds: [pdf.id, png.id] })),
    ).toMatchObject({ code: "BAD_REQUEST", reason: "TOOLS_UNSUPPORTED_TYPE" });
    const options = await appError(
      createToolJob(deps, user, { slug: "image-convert", fileIds: [png.id], options: { format: "bmp" } }),
    );
    expect(options.code).toBe("BAD_REQUEST");
    expect(Object.keys(options.fieldErrors ?? {})).toEqual(["options.format"]);
  });

  it("refuses a file over the tier's page limit with the upgrade path", async () => {
    const guest = guestCaller(deps, "192.0.2.40");
    const long = await uploadPdf(deps, guest, 21).catch((e: unknown) => e);
    // The inspector counts pages at upload: a guest's 21-page PDF is refused there.
    expect(long).toMatchObject({
      code: "PAYMENT_REQUIRED",
      reason: "PLAN_LIMIT",
      details: { key: "tools.maxPages" },
    });
  });
});

describe("uploads", () => {
  it("stores a PDF with its type from the bytes, sha256, size and pages", async () => {
    const guest = guestCaller(deps, "192.0.2.50");
    const file = await uploadPdf(deps, guest, 3, "report.pdf");
    expect(file).toMatchObject({ name: "report.pdf", mime: "application/pdf", pages: 3 });
    const row = await db.toolFile.findUniqueOrThrow({ where: { id: file.id } });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = await deps.storage.get(row.storageKey);
    expect(stored?.size).toBe(file.size);
    expect(row.guestKey).toBe((guest as { guestKey: string }).guestKey);
    expect(row.expiresAt.getTime() - deps.clock.now().getTime()).toBe(24 * 3_600_000);
  });

  it("refuses bytes that are not a PDF or an image (whatever the name says), and an empty file", async () => {
    const guest = guestCaller(deps, "192.0.2.51");
    const fake = await appError(
      storeToolUpload(deps, guest, {
        fileName: "invoice.pdf",
        stream: Readable.from([Buffer.from("just some text, not a PDF")]),
      }),
    );
    expect(fake).toMatchObject({
      code: "BAD_REQUEST",
      reason: "TOOLS_UNSUPPORTED_TYPE",
      fieldErrors: { file: expect.any(String) },
    });
    const exe = await appError(
      storeToolUpload(deps, guest, {
        fileName: "photo.png",
        stream: Readable.from([Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")]),
      }),
    );
    expect(exe.code).toBe("BAD_REQUEST");
    const empty = await appError(
      storeToolUpload(deps, guest, { fileName: "a.pdf", stream: Readable.from([]) }),
    );
    expect(empty).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { file: "The file is empty." } });
    expect(await db.toolFile.count({ where: { guestKey: (guest as { guestKey: string }).guestKey } })).toBe(
      0,
    );
  });

  it("caps a guest's uploads per day and IP (storage is not free), with the wait until tomorrow", async () => {
    const guest = guestCaller(deps, "192.0.2.53");
    const periodKey = deps.clock.now().toISOString().slice(0, 10);
    await db.usageCounter.create({
      data: {
        subject: `ip:${hashIp(deps.config, "192.0.2.53")}`,
        metric: "tools.uploadsPerDay",
        periodKey,
        count: UPLOADS_PER_DAY.GUEST ?? 0,
        expiresAt: new Date(deps.clock.now().getTime() + 86_400_000),
      },
    });
    const refused = await uploadPng(deps, guest).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "TOOLS_UPLOADS_PER_DAY" });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await uploadPng(deps, guestCaller(deps, "192.0.2.54"))).mime).toBe("image/png");
  });

  it("stops reading a file over the guest's 10 MB as soon as it passes, with the upgrade path", async () => {
    const guest = guestCaller(deps, "192.0.2.52");
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const endless = new Readable({
      read() {
        sent += chunk.length;
        this.push(sent > 64 * 1024 * 1024 ? null : chunk);
      },
    });
    const err = (await appError(
      storeToolUpload(deps, guest, { fileName: "big.pdf", stream: endless }),
    )) as PlanLimitError;
    expect(err).toMatchObject({ code: "PAYMENT_REQUIRED", reason: "PLAN_LIMIT" });
    expect(err.details).toMatchObject({ key: "tools.maxFileSizeMb", limit: 10, signUp: true });
    expect(err.message).toMatch(/10 MB/);
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });
});
