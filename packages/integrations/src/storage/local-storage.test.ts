import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import type { FileStorage } from "./file-storage.ts";
import { createLocalStorage, readAll } from "./local-storage.ts";

let dir: string;
let storage: FileStorage;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "quartet-storage-test-"));
  storage = createLocalStorage(dir);
});

describe("local storage", () => {
  it("puts, gets and deletes a Buffer with its content type and size", async () => {
    await storage.put("desk/org1/a", Buffer.from("hello world"), { contentType: "text/plain" });
    const file = await storage.get("desk/org1/a");
    expect(file).not.toBeNull();
    expect(file?.contentType).toBe("text/plain");
    expect(file?.size).toBe(11);
    expect((await readAll(file!.body)).toString()).toBe("hello world");

    await storage.delete("desk/org1/a");
    expect(await storage.get("desk/org1/a")).toBeNull();
    // Deleting again is not an error.
    await storage.delete("desk/org1/a");
  });

  it("stores a stream and leaves no temp file behind", async () => {
    const bytes = Buffer.alloc(256 * 1024, 7);
    await storage.put("desk/org1/big", Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), {
      contentType: "application/octet-stream",
    });
    const file = await storage.get("desk/org1/big");
    expect((await readAll(file!.body)).equals(bytes)).toBe(true);
    const left = await readdir(path.join(dir, "desk/org1"));
    expect(left.filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("returns null for a missing key", async () => {
    expect(await storage.get("desk/nope")).toBeNull();
  });

  it.each(["../escape", "desk/../../escape", "/etc/passwd", "desk//double", "desk\\windows", "", "desk/./x"])(
    "refuses the unsafe key %j",
    async (key) => {
      await expect(storage.put(key, Buffer.from("x"), { contentType: "text/plain" })).rejects.toThrow(
        /Invalid storage key/,
      );
      await expect(storage.get(key)).rejects.toThrow(/Invalid storage key/);
      await expect(storage.delete(key)).rejects.toThrow(/Invalid storage key/);
    },
  );
});
