import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, readZip } from "./testing/fixtures.ts";
import { zipFiles } from "./zip.ts";

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe("zipFiles", () => {
  it("streams every file into the ZIP, renaming repeated names", async () => {
    const path = join(dir, "batch.zip");
    const big = Buffer.alloc(3 * 1024 * 1024, "a");
    await zipFiles(
      [
        { name: "report.pdf", stream: Readable.from([Buffer.from("one")]) },
        { name: "report.pdf", stream: Readable.from([Buffer.from("two")]) },
        { name: "../photo.jpg", stream: Readable.from([big]) },
      ],
      createWriteStream(path),
    );
    const entries = await readZip(path);
    expect([...entries.keys()]).toEqual(["report.pdf", "report (2).pdf", "__photo.jpg"]);
    expect(entries.get("report (2).pdf")?.toString()).toBe("two");
    expect(entries.get("__photo.jpg")?.equals(big)).toBe(true);
  });

  it("rejects, without an unhandled error, when a file's stream fails", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("storage went away"));
      },
    });
    await expect(
      zipFiles(
        [
          { name: "ok.txt", stream: Readable.from([Buffer.from("fine")]) },
          { name: "bad.txt", stream: failing },
        ],
        createWriteStream(join(dir, "broken.zip")),
      ),
    ).rejects.toThrow("storage went away");
  });
});
