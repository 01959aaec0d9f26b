import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as mupdf from "mupdf";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fileInput,
  makeImage,
  makeImagePdf,
  makePdf,
  makeTempDir,
  pdfTexts,
  readZip,
  runForTest,
  testLimits,
} from "../testing/fixtures.ts";
import type { ProcessorInput } from "../types.ts";

let dir: string;
let cleanup: () => Promise<void>;
let three: ProcessorInput;
let six: ProcessorInput;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  three = await makePdf(dir, "three.pdf", 3, "T");
  six = await makePdf(dir, "six.pdf", 6, "S");
});
afterAll(() => cleanup());

const read = (path: string) => readFile(path);

function openPdf(bytes: Uint8Array) {
  return mupdf.Document.openDocument(bytes, "application/pdf").asPDF() as mupdf.PDFDocument;
}

describe("pdf processors", () => {
  it("merge keeps the files' order and reports progress page by page", async () => {
    const a = await makePdf(dir, "a.pdf", 12, "A");
    const b = await makePdf(dir, "b.pdf", 8, "B");
    const { output, progress, result } = await runForTest("pdf.merge", [b, a, three], {}, dir);
    const texts = pdfTexts(await read(output.path));
    expect(texts).toHaveLength(23);
    expect(texts.slice(0, 2)).toEqual(["B page 1", "B page 2"]);
    expect(texts[8]).toBe("A page 1");
    expect(texts.at(-1)).toBe("T page 3");
    expect(output).toMatchObject({ name: "b-merged.pdf", mime: "application/pdf" });
    expect(result.metadata).toMatchObject({ pages: 23, files: 3 });
    expect(progress.length).toBeGreaterThan(10);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1] as number);
    // 100 comes from runProcessor once the result is back (run.test.ts).
    expect(progress.at(-1)).toBeGreaterThanOrEqual(90);
  });

  it("split by ranges gives one ZIP with a PDF per range", async () => {
    const { output } = await runForTest("pdf.split", [six], { mode: "ranges", ranges: "1-2, 4, 5-" }, dir);
    expect(output).toMatchObject({ name: "six-split.zip", mime: "application/zip" });
    const entries = await readZip(output.path);
    expect([...entries.keys()]).toEqual(["six-pages-1-2.pdf", "six-page-4.pdf", "six-pages-5-6.pdf"]);
    expect(pdfTexts(entries.get("six-pages-1-2.pdf") as Buffer)).toEqual(["S page 1", "S page 2"]);
    expect(pdfTexts(entries.get("six-page-4.pdf") as Buffer)).toEqual(["S page 4"]);
    expect(pdfTexts(entries.get("six-pages-5-6.pdf") as Buffer)).toEqual(["S page 5", "S page 6"]);
  });

  it("split every N pages; a range past the end is a clear option error", async () => {
    const five = await makePdf(dir, "five.pdf", 5, "F");
    const { output } = await runForTest("pdf.split", [five], { mode: "every", every: 2 }, dir);
    const entries = await readZip(output.path);
    expect([...entries.values()].map((b) => pdfTexts(b).length)).toEqual([2, 2, 1]);
    await expect(
      runForTest("pdf.split", [five], { mode: "ranges", ranges: "4-9" }, dir),
    ).rejects.toMatchObject({
      code: "BAD_OPTIONS",
      message: 'The range "4-9" is outside pages 1 to 5.',
    });
  });

  it("compress shrinks the images, keeps the text, and keeps an already optimal file", async () => {
    const heavy = await makeImagePdf(dir, "report.pdf");
    const { output, result } = await runForTest("pdf.compress", [heavy], { level: "high" }, dir);
    expect(output.size).toBeLessThan(heavy.size / 3);
    expect(result.metadata).toMatchObject({ sizeBefore: heavy.size, sizeAfter: output.size, kept: false });
    expect(result.metadata?.imagesRecompressed).toBe(1);
    expect(pdfTexts(await read(output.path))).toEqual(["Quarterly report"]);

    const again = await fileInput(output.path, "report-compressed.pdf", "application/pdf");
    const second = await runForTest("pdf.compress", [again], { level: "low" }, dir);
    expect(second.result.message).toMatch(/^Already optimal: the original is kept/);
    expect(second.output.size).toBe(again.size);
    expect(Buffer.compare(await read(second.output.path), await read(again.path))).toBe(0);
  });

  it("rotate turns only the chosen pages", async () => {
    const { output } = await runForTest("pdf.rotate", [three], { angle: 90, pages: "2-3" }, dir);
    const doc = openPdf(await read(output.path));
    const rotations = [0, 1, 2].map((i) => doc.findPage(i).getInheritable("Rotate").valueOf() ?? 0);
    expect(rotations).toEqual([0, 90, 90]);
  });

  it("organize reorders and deletes pages", async () => {
    const { output, result } = await runForTest("pdf.organize", [six], { order: [6, 2, 4] }, dir);
    expect(pdfTexts(await read(output.path))).toEqual(["S page 6", "S page 2", "S page 4"]);
    expect(result.metadata).toMatchObject({ pagesBefore: 6, pages: 3 });
  });

  it("watermark and page numbers draw text on every page", async () => {
    const marked = await runForTest("pdf.watermark", [three], { text: "CONFIDENTIAL", opacity: 0.2 }, dir);
    const texts = pdfTexts(await read(marked.output.path));
    expect(texts).toHaveLength(3);
    for (const [i, text] of texts.entries()) {
      expect(text).toContain(`T page ${i + 1}`);
      expect(text).toContain("CONFIDENTIAL");
    }
    // A PDF with restrictions only (an owner password, none to open it) is watermarked too.
    const restrictedDoc = openPdf(await read(three.path));
    const restrictedPath = join(dir, "restricted.pdf");
    await writeFile(
      restrictedPath,
      restrictedDoc.saveToBuffer("encrypt=aes-128,owner-password=owner,permissions=4").asUint8Array(),
    );
    const restricted = await fileInput(restrictedPath, "restricted.pdf", "application/pdf");
    const stamped = await runForTest("pdf.watermark", [restricted], { text: "DRAFT" }, dir);
    expect(pdfTexts(await read(stamped.output.path))[0]).toContain("DRAFT");

    const numbered = await runForTest("pdf.pageNumbers", [three], { format: "n-of-total", start: 1 }, dir);
    const numberedTexts = pdfTexts(await read(numbered.output.path));
    expect(numberedTexts[1]).toContain("2 / 3");
    expect(numberedTexts[2]).toContain("3 / 3");
  });

  it("protect needs the password afterwards; unlock takes it off; a wrong password is told", async () => {
    const { output } = await runForTest("pdf.protect", [three], { password: "s3cret!" }, dir);
    const locked = mupdf.Document.openDocument(await read(output.path), "application/pdf");
    expect(locked.needsPassword()).toBe(true);
    expect(locked.authenticatePassword("nope")).toBe(0);
    expect(pdfTexts(await read(output.path), "s3cret!")).toEqual(["T page 1", "T page 2", "T page 3"]);

    const input = await fileInput(output.path, "three-protected.pdf", "application/pdf");
    await expect(runForTest("pdf.rotate", [input], { angle: 90 }, dir)).rejects.toMatchObject({
      code: "PASSWORD_REQUIRED",
    });
    await expect(runForTest("pdf.unlock", [input], { password: "wrong" }, dir)).rejects.toMatchObject({
      code: "WRONG_PASSWORD",
      message: "That password does not open this PDF; check it and try again.",
    });
    const unlocked = await runForTest("pdf.unlock", [input], { password: "s3cret!" }, dir);
    const bytes = await read(unlocked.output.path);
    expect(mupdf.Document.openDocument(bytes, "application/pdf").needsPassword()).toBe(false);
    expect(pdfTexts(bytes)).toEqual(["T page 1", "T page 2", "T page 3"]);
  });

  it("PDF to images renders at the DPI asked: a ZIP for several pages, one image for one", async () => {
    const many = await runForTest("pdf.toImages", [three], { dpi: 72, format: "png", pages: "1-2" }, dir);
    const entries = await readZip(many.output.path);
    expect([...entries.keys()]).toEqual(["three-page-1.png", "three-page-2.png"]);
    const meta = await sharp(entries.get("three-page-1.png")).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 300, 400]);

    await expect(
      runForTest("pdf.toImages", [three], { dpi: 600 }, dir, { ...testLimits, maxPixels: 1_000_000 }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_PIXELS",
      message: "Page 1 at 600 DPI would be 2500 × 3334 pixels, over the limit: choose a lower DPI.",
    });

    const one = await runForTest("pdf.toImages", [three], { dpi: 144, format: "jpeg", pages: "3" }, dir);
    expect(one.output).toMatchObject({ name: "three-page-3.jpg", mime: "image/jpeg" });
    const jpeg = await sharp(one.output.path).metadata();
    expect([jpeg.format, jpeg.width, jpeg.height]).toEqual(["jpeg", 600, 800]);
  });

  it("repair rebuilds a PDF whose cross-reference table is broken", async () => {
    const bytes = await read(six.path);
    const text = bytes.toString("latin1");
    const xref = text.lastIndexOf("\nxref");
    // Cut the xref table and the trailer off: MuPDF must scan the objects to find the pages.
    const damaged = Buffer.concat([bytes.subarray(0, xref), Buffer.from("\nstartxref\n999999\n%%EOF\n")]);
    const path = join(dir, "damaged.pdf");
    await writeFile(path, damaged);
    const { output, result } = await runForTest(
      "pdf.repair",
      [await fileInput(path, "damaged.pdf", "application/pdf")],
      {},
      dir,
    );
    expect(result.metadata).toMatchObject({ pages: 6, repaired: true });
    const fixed = await read(output.path);
    expect(pdfTexts(fixed)).toHaveLength(6);
    expect(openPdf(fixed).wasRepaired()).toBe(false);
  });

  it("images to PDF puts one image per page, fitted to A4 when asked", async () => {
    const landscape = await makeImage(dir, "wide.jpg", "jpeg", 800, 600);
    const portrait = await makeImage(dir, "tall.png", "png", 300, 500);
    const fit = await runForTest("images.toPdf", [landscape, portrait], { pageSize: "fit" }, dir);
    const doc = openPdf(await read(fit.output.path));
    expect(doc.countPages()).toBe(2);
    expect(doc.loadPage(0).getBounds()).toEqual([0, 0, 600, 450]);
    expect(doc.loadPage(1).getBounds()).toEqual([0, 0, 225, 375]);

    const a4 = await runForTest("images.toPdf", [landscape], { pageSize: "A4", margin: 36 }, dir);
    const [x0, y0, x1, y1] = openPdf(await read(a4.output.path))
      .loadPage(0)
      .getBounds();
    expect([Math.round(x1 - x0), Math.round(y1 - y0)]).toEqual([842, 595]);
  });
});
