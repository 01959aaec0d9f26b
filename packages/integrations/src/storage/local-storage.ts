import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertSafeKey, type FileStorage, type PutOptions, type StoredFile } from "./file-storage.ts";

// The content type is kept next to the file (`<key>.meta.json`): a file system has no metadata.
interface Meta {
  contentType: string;
}

/** Files under one directory. Writes go to a temp file then rename, so readers never see half a file. */
export function createLocalStorage(rootDir: string): FileStorage {
  const root = path.resolve(rootDir);

  const resolve = (key: string) => {
    assertSafeKey(key);
    const full = path.resolve(root, key);
    // Belt and braces after assertSafeKey: the resolved path must stay inside the root.
    if (!full.startsWith(root + path.sep)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    return full;
  };

  return {
    kind: "local",
    async put(key: string, body: Buffer | Readable, options: PutOptions) {
      const full = resolve(key);
      await mkdir(path.dirname(full), { recursive: true });
      const tmp = `${full}.${randomUUID()}.tmp`;
      try {
        if (Buffer.isBuffer(body)) await writeFile(tmp, body);
        else await pipeline(body, createWriteStream(tmp));
        const meta: Meta = { contentType: options.contentType };
        await writeFile(`${full}.meta.json`, JSON.stringify(meta));
        await rename(tmp, full);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async get(key: string): Promise<StoredFile | null> {
      const full = resolve(key);
      let size: number;
      try {
        size = (await stat(full)).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      let contentType = "application/octet-stream";
      try {
        contentType = (JSON.parse(await readFile(`${full}.meta.json`, "utf8")) as Meta).contentType;
      } catch {
        // A file without its meta is still served, as opaque bytes.
      }
      return { body: createReadStream(full), contentType, size };
    },
    async delete(key: string) {
      const full = resolve(key);
      await rm(full, { force: true });
      await rm(`${full}.meta.json`, { force: true });
    },
  };
}

/** Reads a whole stream into a Buffer (tests, small files). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
