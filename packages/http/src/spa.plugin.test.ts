import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spaPlugin } from "./spa.plugin.ts";

let app: FastifyInstance;
const script = `console.log(${JSON.stringify("x".repeat(4000))});`;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), "quartet-spa-"));
  await mkdir(join(root, "assets"));
  await writeFile(join(root, "index.html"), "<!doctype html><title>Quartet SPA</title>");
  await writeFile(join(root, "boot.js"), "document.documentElement.dataset.boot = '1';");
  await writeFile(join(root, "assets/app-3f9a1c.js"), script);
  await writeFile(join(root, "assets/app-3f9a1c.js.br"), brotliCompressSync(script));
  await writeFile(join(root, "assets/app-3f9a1c.js.gz"), gzipSync(script));
  app = Fastify();
  await app.register(spaPlugin, { root });
  await app.ready();
});

afterAll(() => app?.close());

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ method: "GET", url, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });

describe("SPA files", () => {
  it("sends hashed assets precompressed (brotli first, then gzip) and cached for a year", async () => {
    const br = await get("/assets/app-3f9a1c.js", "gzip, deflate, br");
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await get("/assets/app-3f9a1c.js", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get("/assets/app-3f9a1c.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("revalidates index.html and unhashed files on every load", async () => {
    const boot = await get("/boot.js", "br");
    expect(boot.headers["cache-control"]).toBe("no-cache");
    const route = await get("/w/acme/desk?status=OPEN", "br");
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain("Quartet SPA");
    expect(route.headers["cache-control"]).toBe("no-cache");
  });

  it("does not answer server paths with the SPA, nor serve the compressed copies by name", async () => {
    expect((await get("/trpc/nope.nothing")).statusCode).toBe(404);
    expect((await get("/api/v1/unknown")).statusCode).toBe(404);
    expect((await get("/assets/app-3f9a1c.js.br")).body).toContain("Quartet SPA");
  });
});
