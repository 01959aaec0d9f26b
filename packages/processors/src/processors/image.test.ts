import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileInput, makeImage, makeTempDir, runForTest } from "../testing/fixtures.ts";
import type { ProcessorInput } from "../types.ts";

let dir: string;
let cleanup: () => Promise<void>;
let jpeg: ProcessorInput;
let png: ProcessorInput;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  jpeg = await makeImage(dir, "photo.jpg", "jpeg", 400, 300);
  png = await makeImage(dir, "shot.png", "png", 320, 200);
});
afterAll(() => cleanup());

describe("image processors", () => {
  it("resize keeps the aspect ratio inside the box and the format", async () => {
    const { output, result } = await runForTest("image.resize", [jpeg], { width: 200 }, dir);
    const meta = await sharp(output.path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 200, 150]);
    expect(output).toMatchObject({ name: "photo-200x150.jpg", mime: "image/jpeg" });
    expect(result.metadata).toMatchObject({ width: 200, height: 150 });

    const cover = await runForTest("image.resize", [png], { width: 100, height: 100, fit: "cover" }, dir);
    const square = await sharp(cover.output.path).metadata();
    expect([square.format, square.width, square.height]).toEqual(["png", 100, 100]);
  });

  it("convert writes JPEG, PNG, WebP and AVIF", async () => {
    for (const format of ["webp", "avif", "jpeg", "png"] as const) {
      const source = format === "jpeg" ? png : jpeg;
      const { output } = await runForTest("image.convert", [source], { format, quality: 60 }, dir);
      const meta = await sharp(output.path).metadata();
      expect(meta.format).toBe(format === "avif" ? "heif" : format);
      expect([meta.width, meta.height]).toEqual(format === "jpeg" ? [320, 200] : [400, 300]);
      expect(output.mime).toBe(`image/${format}`);
    }
  });

  it("compress makes a smaller file of the same format, or keeps an already optimal one", async () => {
    const { output, result } = await runForTest("image.compress", [jpeg], { quality: 50 }, dir);
    expect((await sharp(output.path).metadata()).format).toBe("jpeg");
    expect(output.size).toBeLessThan(jpeg.size * 0.7);
    expect(result.metadata).toMatchObject({ sizeBefore: jpeg.size, sizeAfter: output.size, kept: false });

    const flatPath = join(dir, "flat.png");
    await sharp({ create: { width: 64, height: 64, channels: 3, background: "#336699" } })
      .png({ palette: true, compressionLevel: 9 })
      .toFile(flatPath);
    const flat = await fileInput(flatPath, "flat.png", "image/png");
    const kept = await runForTest("image.compress", [flat], { quality: 80 }, dir);
    expect(kept.result.message).toMatch(/^Already optimal: the original is kept/);
    expect(kept.output.size).toBe(flat.size);
  });

  it("strip metadata removes EXIF and ICC and applies the orientation", async () => {
    const tagged = join(dir, "tagged.jpg");
    await sharp({ create: { width: 60, height: 40, channels: 3, background: "#aa3300" } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: "Someone", Artist: "Me" } } })
      .toFile(tagged);
    const before = await sharp(tagged).metadata();
    expect(before.exif).toBeDefined();
    const { output, result } = await runForTest(
      "image.stripMetadata",
      [await fileInput(tagged, "tagged.jpg", "image/jpeg")],
      {},
      dir,
    );
    const after = await sharp(output.path).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    // Orientation 6 is a quarter turn: the pixels now stand the way the photo was shown.
    expect([after.width, after.height]).toEqual([40, 60]);
    expect(result.metadata?.removed).toContain("exif");
  });
});
