import { randomBytes } from "node:crypto";
import { appRouter } from "@quartet/api/app-router";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { syncToolCatalog } from "@quartet/core/tools/catalog/tool-catalog";
import { createToolBatch, createToolJob } from "@quartet/core/tools/jobs/job.service";
import { handleToolsProcess } from "@quartet/core/tools/jobs/tools-process.handler";
import { pngBytes, uploadPng, userCaller } from "@quartet/core/tools/tools-test-fixtures";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server.ts";

// Tools files over HTTP on the web server: a guest's streamed upload (the guest cookie is set),
// type and size refusals in the JSON error shape with the upgrade path, CSRF, signed downloads and
// a batch's streamed ZIP.

const ORIGIN = "http://localhost:3000";
let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let deps: ReturnType<typeof makeTestDeps>;
let png: Buffer;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  await syncToolCatalog(t.db);
  web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: ORIGIN });
  png = await pngBytes(64, 48);
});

afterAll(async () => {
  await web?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

function upload(body: Buffer, name: string, headers: Record<string, string> = { origin: ORIGIN }) {
  const boundary = `----quartet${randomBytes(8).toString("hex")}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return web.inject({
    method: "POST",
    url: "/api/tools/files",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...headers },
    payload,
  });
}

describe("tools files over HTTP", () => {
  it("stores a guest's upload typed by its bytes and sets the guest cookie", async () => {
    const res = await upload(png, "holiday.png");
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: "holiday.png",
      mime: "image/png",
      size: png.length,
      width: 64,
      height: 48,
    });
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/^quartet_guest=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    // The same guest keeps the cookie: no new one.
    const again = await upload(png, "again.png", { origin: ORIGIN, cookie: cookie.split(";")[0] ?? "" });
    expect(again.statusCode).toBe(201);
    expect(again.headers["set-cookie"]).toBeUndefined();
    const row = await t.db.toolFile.findUniqueOrThrow({ where: { id: again.json().id } });
    const first = await t.db.toolFile.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(row.guestKey).toBe(first.guestKey);
  });

  it("refuses bytes that are not a supported file, an oversize file with the upgrade path, and other origins", async () => {
    const text = await upload(Buffer.from("%PDF? no, just text pretending"), "fake.pdf");
    expect(text.statusCode).toBe(400);
    expect(text.json().error).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { file: expect.any(String) },
    });

    const big = await upload(Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024)]), "big.png");
    expect(big.statusCode).toBe(402);
    expect(big.json().error).toMatchObject({
      code: "PAYMENT_REQUIRED",
      reason: "PLAN_LIMIT",
      details: { key: "tools.maxFileSizeMb", limit: 10, upgradeTo: "PRO", signUp: true },
    });
    expect(big.json().error.message).toMatch(/10 MB/);

    const csrf = await upload(png, "x.png", { origin: "https://evil.example" });
    expect(csrf.statusCode).toBe(403);
    const notMultipart = await web.inject({
      method: "POST",
      url: "/api/tools/files",
      headers: { "content-type": "application/json", origin: ORIGIN },
      payload: "{}",
    });
    expect(notMultipart.statusCode).toBe(400);
    expect(await t.db.toolFile.count({ where: { name: { in: ["fake.pdf", "big.png", "x.png"] } } })).toBe(0);
  });

  it("serves a job's result through its signed link only, and a batch as a streamed ZIP", async () => {
    const user = await makeUser(t.db);
    await makeOrg(t.db, user, { plan: "PRO" });
    const caller = userCaller(deps, user);
    const file = await uploadPng(deps, caller, "in.png");
    const job = await createToolJob(deps, caller, {
      slug: "image-convert",
      fileIds: [file.id],
      options: { format: "jpeg" },
    });
    expect(await handleToolsProcess(deps, { jobId: job.id }, { retryCount: 0 })).toMatchObject({
      outcome: "completed",
    });
    const output = await t.db.toolFile.findFirstOrThrow({ where: { jobId: job.id } });
    const { fileDownloadPath } = await import("@quartet/core/tools/files/tool-file.service");
    const url = fileDownloadPath(deps.config.encryptionKey, output);
    const res = await web.inject({ method: "GET", url });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="/);
    expect(res.rawPayload.subarray(0, 3).toString("hex")).toBe("ffd8ff");
    expect(
      (await web.inject({ method: "GET", url: url.replace(/sig=[^&]+/, "sig=AAAAAAAAAAAAAAAAAAAA") }))
        .statusCode,
    ).toBe(404);
    expect((await web.inject({ method: "GET", url: `/api/tools/files/${output.id}` })).statusCode).toBe(404);

    const second = await uploadPng(deps, caller, "two.png");
    const batch = await createToolBatch(deps, caller, {
      slug: "image-convert",
      fileIds: [file.id, second.id],
      options: { format: "webp" },
    });
    for (const j of batch.jobs) await handleToolsProcess(deps, { jobId: j.id }, { retryCount: 0 });
    const { getToolBatch } = await import("@quartet/core/tools/jobs/job.service");
    const dto = await getToolBatch(deps, caller, { id: batch.batchId });
    expect(dto.status).toBe("COMPLETED");
    const zip = await web.inject({ method: "GET", url: dto.zipUrl ?? "" });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect(zip.rawPayload.subarray(0, 2).toString()).toBe("PK");
    expect(zip.rawPayload.toString("latin1")).toContain("in.webp");
  });
});
