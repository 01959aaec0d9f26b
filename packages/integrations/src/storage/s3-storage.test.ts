import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAll } from "./local-storage.ts";
import { createS3Storage } from "./s3-storage.ts";
import { createStorage, DEFAULT_STORAGE_DIR, parseStorageEnv } from "./storage.ts";

// A tiny path-style S3 endpoint (PutObject / GetObject / DeleteObject) so the real AWS client is
// exercised over HTTP: request signing, path-style URLs, streaming bodies, 404 → NoSuchKey.
const objects = new Map<string, { body: Buffer; contentType: string }>();
const seen: { method: string; url: string; authorization: string }[] = [];
let server: Server;
let endpoint: string;

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

// The client may send a streamed body with aws-chunked encoding; decode it to plain bytes.
function decodeAwsChunked(raw: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf("\r\n", at);
    const size = Number.parseInt(raw.subarray(at, lineEnd).toString().split(";")[0] as string, 16);
    if (!size) break;
    out.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization ?? "",
    });
    const key = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (req.method === "PUT") {
      const raw = await body(req);
      const chunked = String(req.headers["content-encoding"] ?? "").includes("aws-chunked");
      objects.set(key, {
        body: chunked ? decodeAwsChunked(raw) : raw,
        contentType: req.headers["content-type"] ?? "application/octet-stream",
      });
      res.writeHead(200, { ETag: '"etag"' }).end();
    } else if (req.method === "GET") {
      const obj = objects.get(key);
      if (!obj) {
        res
          .writeHead(404, { "Content-Type": "application/xml" })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>',
          );
        return;
      }
      res
        .writeHead(200, { "Content-Type": obj.contentType, "Content-Length": obj.body.length })
        .end(obj.body);
    } else if (req.method === "DELETE") {
      objects.delete(key);
      res.writeHead(204).end();
    } else {
      res.writeHead(405).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("s3 storage (real AWS client against a local endpoint)", () => {
  it("puts, gets and deletes an object with path-style signed requests", async () => {
    const storage = createS3Storage({
      endpoint,
      bucket: "quartet-files",
      region: "us-east-1",
      accessKeyId: "test-key",
      secretAccessKey: "test-secret",
      forcePathStyle: true,
    });
    await storage.put("desk/org1/abc", Buffer.from("%PDF-1.4 fake"), {
      contentType: "application/pdf",
      size: 13,
    });
    expect(objects.get("/quartet-files/desk/org1/abc")?.body.toString()).toBe("%PDF-1.4 fake");
    const put = seen.find((r) => r.method === "PUT");
    expect(put?.url).toMatch(/^\/quartet-files\/desk\/org1\/abc/);
    expect(put?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test-key\//);

    const file = await storage.get("desk/org1/abc");
    expect(file?.contentType).toBe("application/pdf");
    expect(file?.size).toBe(13);
    expect((await readAll(file!.body)).toString()).toBe("%PDF-1.4 fake");

    await storage.delete("desk/org1/abc");
    expect(objects.has("/quartet-files/desk/org1/abc")).toBe(false);
    expect(await storage.get("desk/org1/abc")).toBeNull();
  });

  it("streams a Readable body of known size", async () => {
    const storage = createS3Storage({
      endpoint,
      bucket: "b",
      region: "us-east-1",
      accessKeyId: "k",
      secretAccessKey: "s",
      forcePathStyle: true,
    });
    const { Readable } = await import("node:stream");
    const bytes = Buffer.alloc(100_000, 3);
    await storage.put(
      "desk/org2/stream",
      Readable.from([bytes.subarray(0, 40_000), bytes.subarray(40_000)]),
      {
        contentType: "application/octet-stream",
        size: bytes.length,
      },
    );
    expect(objects.get("/b/desk/org2/stream")?.body.equals(bytes)).toBe(true);
  });

  it("refuses unsafe keys before any request", async () => {
    const storage = createS3Storage({ endpoint, bucket: "b", region: "us-east-1", forcePathStyle: true });
    const before = seen.length;
    await expect(storage.get("../x")).rejects.toThrow(/Invalid storage key/);
    expect(seen.length).toBe(before);
  });
});

describe("storage env", () => {
  it("defaults to local <repo>/.data/files, the same directory for every process", () => {
    const parsed = parseStorageEnv({});
    expect(parsed).toEqual({ ok: true, config: { driver: "local", dir: DEFAULT_STORAGE_DIR } });
    // The repository root, wherever it is checked out: the folder that holds pnpm-workspace.yaml.
    expect(existsSync(join(DEFAULT_STORAGE_DIR, "../../pnpm-workspace.yaml"))).toBe(true);
    expect(DEFAULT_STORAGE_DIR.endsWith(join(".data", "files"))).toBe(true);
    if (parsed.ok) expect(createStorage(parsed.config).kind).toBe("local");
  });

  it("builds an s3 storage from S3_* variables", () => {
    const parsed = parseStorageEnv({
      STORAGE_DRIVER: "s3",
      S3_ENDPOINT: "http://localhost:9000",
      S3_BUCKET: "files",
      S3_ACCESS_KEY_ID: "a",
      S3_SECRET_ACCESS_KEY: "b",
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.config).toMatchObject({
        driver: "s3",
        bucket: "files",
        endpoint: "http://localhost:9000",
      });
      expect(createStorage(parsed.config).kind).toBe("s3");
    }
  });

  it("names each missing or wrong variable", () => {
    const parsed = parseStorageEnv({ STORAGE_DRIVER: "s3", S3_ACCESS_KEY_ID: "a" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.join("\n")).toMatch(/S3_BUCKET: required/);
      expect(parsed.problems.join("\n")).toMatch(/S3_SECRET_ACCESS_KEY/);
    }
    const bad = parseStorageEnv({ STORAGE_DRIVER: "ftp" });
    expect(bad.ok).toBe(false);
  });
});
