import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFNumber } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectFile } from "./inspect.ts";
import {
  fileInput,
  makeImage,
  makePdf,
  makeTempDir,
  pngBomb,
  runForTest,
  testLimits,
} from "./testing/fixtures.ts";

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

async function write(name: string, data: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

/** A one-page PDF whose page content is `stream` (raw bytes written with the given dictionary). */
async function pdfWithStream(
  entries: Record<string, string | number>,
  data: Uint8Array,
  asContents: boolean,
) {
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  const dict: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries))
    dict[k] = typeof v === "number" ? PDFNumber.of(v) : PDFName.of(v);
  const ref = doc.context.register(doc.context.stream(data, dict as never));
  if (asContents) page.node.set(PDFName.of("Contents"), ref);
  else doc.catalog.set(PDFName.of("Extra"), ref);
  return doc.save({ useObjectStreams: false });
}

describe("inspectFile", () => {
  it("gives the type from the magic bytes, pages of a PDF and dimensions of an image", async () => {
    const pdf = await makePdf(dir, "named.jpg", 3);
    expect(await inspectFile(pdf.path, testLimits)).toEqual({ mime: "application/pdf", pages: 3 });
    const image = await makeImage(dir, "image.pdf", "png", 120, 80);
    expect(await inspectFile(image.path, testLimits)).toEqual({ mime: "image/png", width: 120, height: 80 });
  });

  it("counts the pages of a password-protected PDF (for the Unlock tool) without the password", async () => {
    const plain = await makePdf(dir, "secret.pdf", 2);
    const mupdf = await import("mupdf");
    const doc = mupdf.Document.openDocument(await readFile(plain.path), "application/pdf").asPDF();
    const locked = await write(
      "locked.pdf",
      doc?.saveToBuffer("encrypt=aes-256,user-password=pw,owner-password=pw").asUint8Array() ??
        new Uint8Array(),
    );
    expect(await inspectFile(locked, testLimits)).toEqual({ mime: "application/pdf", pages: 2 });
  });

  it("refuses a pixel flood from its header alone, in milliseconds", async () => {
    const bomb = await write("bomb.png", pngBomb(100_000, 100_000));
    const started = Date.now();
    await expect(inspectFile(bomb, testLimits)).rejects.toMatchObject({
      code: "TOO_MANY_PIXELS",
      message: "This image is 100000 × 100000 pixels, over the 50 megapixel limit.",
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("refuses unknown, unsupported, empty and oversized files with a sentence", async () => {
    await expect(
      inspectFile(await write("noise.bin", "just some text, no magic"), testLimits),
    ).rejects.toMatchObject({
      code: "UNSUPPORTED_TYPE",
    });
    const zip = await write("a.zip", Buffer.from("504b0304140000000000", "hex"));
    await expect(inspectFile(zip, testLimits)).rejects.toMatchObject({
      code: "UNSUPPORTED_TYPE",
      message: "This is a ZIP file; the tools take PDFs and JPEG, PNG, WebP, AVIF, GIF or TIFF images.",
    });
    await expect(inspectFile(await write("empty.pdf", ""), testLimits)).rejects.toMatchObject({
      code: "INVALID_FILE",
      message: "The file is empty.",
    });
    const pdf = await makePdf(dir, "big.pdf", 2);
    await expect(inspectFile(pdf.path, { ...testLimits, maxFileBytes: 100 })).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });

  it("refuses a PDF over the page cap and a malformed PDF", async () => {
    const pdf = await makePdf(dir, "long.pdf", 4);
    await expect(inspectFile(pdf.path, { ...testLimits, maxPages: 3 })).rejects.toMatchObject({
      code: "TOO_MANY_PAGES",
      message: "This PDF has 4 pages, over the 3-page limit for your plan.",
    });
    const broken = await write(
      "broken.pdf",
      "%PDF-1.7\n1 0 obj << /Type /Catalog >>\n garbage ]]] >> endobj\n%%EOF",
    );
    await expect(inspectFile(broken, testLimits)).rejects.toMatchObject({ code: "INVALID_FILE" });
  });

  it("refuses PDF decompression bombs in content, object and image streams before MuPDF expands them", async () => {
    const zeros = deflateSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
    const content = await write(
      "content-bomb.pdf",
      await pdfWithStream({ Filter: "FlateDecode" }, zeros, true),
    );
    const objstm = await write(
      "objstm-bomb.pdf",
      await pdfWithStream({ Type: "ObjStm", Filter: "FlateDecode", N: 1, First: 4 }, zeros, false),
    );
    const image = await write(
      "image-bomb.pdf",
      await pdfWithStream(
        {
          Type: "XObject",
          Subtype: "Image",
          Width: 10,
          Height: 10,
          BitsPerComponent: 8,
          ColorSpace: "DeviceGray",
          Filter: "FlateDecode",
        },
        zeros,
        false,
      ),
    );
    for (const path of [content, objstm, image]) {
      await expect(inspectFile(path, testLimits)).rejects.toMatchObject({
        code: "INVALID_FILE",
        message: expect.stringContaining("decompression bomb"),
      });
    }
  });

  it("refuses a PDF holding an image over the pixel cap", async () => {
    const flood = await pdfWithStream(
      {
        Type: "XObject",
        Subtype: "Image",
        Width: 60_000,
        Height: 60_000,
        BitsPerComponent: 8,
        ColorSpace: "DeviceGray",
      },
      new Uint8Array(16),
      false,
    );
    await expect(inspectFile(await write("flood.pdf", flood), testLimits)).rejects.toMatchObject({
      code: "TOO_MANY_PIXELS",
      message: "This PDF holds an image of 60000 × 60000 pixels, over the 50 megapixel limit.",
    });
  });

  it("the processors check their inputs again: a bomb given straight to a tool is refused", async () => {
    const bomb = await fileInput(await write("bomb2.png", pngBomb(80_000, 80_000)), "bomb2.png", "image/png");
    await expect(runForTest("image.resize", [bomb], { width: 10 }, dir)).rejects.toMatchObject({
      code: "TOO_MANY_PIXELS",
    });
    const pdf = await makePdf(dir, "pretend.png", 1);
    await expect(
      runForTest("image.convert", [{ ...pdf, mime: "image/png" }], { format: "webp" }, dir),
    ).rejects.toMatchObject({
      code: "UNSUPPORTED_TYPE",
    });
  });
});
