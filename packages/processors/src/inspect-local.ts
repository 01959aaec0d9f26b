import { open, stat } from "node:fs/promises";
import { createInflate, constants as zlibConstants } from "node:zlib";
import { fileTypeFromBuffer } from "file-type";
import type { Metadata } from "sharp";
import { loadMupdf, loadSharp, type MuPdf } from "./libs.ts";
import { PDF_MIME, SUPPORTED_MIMES } from "./registry.ts";
import { ProcessorError, type ProcessorLimits } from "./types.ts";

/**
 * The checks inspectFile runs, in the process that calls them. PDF parsing only ever runs inside
 * the isolated child (runProcessor's), never in a server: see inspect.ts.
 */
export interface FileFacts {
  mime: string;
  pages?: number;
  width?: number;
  height?: number;
}

const MB = 1024 * 1024;

/** Size and magic bytes (file-type reads the first few KB only). */
export async function sniffFile(
  path: string,
  limits: ProcessorLimits,
): Promise<{ mime: string; size: number }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ProcessorError("INVALID_FILE", "The file could not be read; upload it again.");
  }
  if (size === 0) throw new ProcessorError("INVALID_FILE", "The file is empty.");
  if (size > limits.maxFileBytes) {
    throw new ProcessorError(
      "TOO_LARGE",
      `The file is ${formatMb(size)}, over the ${formatMb(limits.maxFileBytes)} limit for your plan.`,
    );
  }
  const type = await fileTypeFromBuffer(await readHead(path)).catch(() => undefined);
  if (!type) {
    throw new ProcessorError(
      "UNSUPPORTED_TYPE",
      "This file's type could not be recognised: upload a PDF or a JPEG, PNG, WebP, AVIF, GIF or TIFF image.",
    );
  }
  if (!SUPPORTED_MIMES.includes(type.mime)) {
    throw new ProcessorError(
      "UNSUPPORTED_TYPE",
      `This is a ${type.ext.toUpperCase()} file; the tools take PDFs and JPEG, PNG, WebP, AVIF, GIF or TIFF images.`,
    );
  }
  return { mime: type.mime, size };
}

/** Image header only (sharp reads the dimensions without decoding pixels). */
export async function inspectImageHeader(
  path: string,
  mime: string,
  limits: ProcessorLimits,
): Promise<FileFacts> {
  let meta: Metadata;
  try {
    const sharp = await loadSharp();
    meta = await sharp(path, { limitInputPixels: false, pages: 1 }).metadata();
  } catch {
    throw new ProcessorError("INVALID_FILE", "This image is damaged or not a real image file.");
  }
  const width = meta.width;
  const height = meta.height;
  if (!width || !height) throw new ProcessorError("INVALID_FILE", "This image has no readable dimensions.");
  const frames = Math.max(1, meta.pages ?? 1);
  if (width * height * frames > limits.maxPixels) {
    throw new ProcessorError(
      "TOO_MANY_PIXELS",
      `This image is ${width} × ${height} pixels${frames > 1 ? ` in ${frames} frames` : ""}, over the ${(limits.maxPixels / 1e6).toFixed(0)} megapixel limit.`,
    );
  }
  return { mime, width, height };
}

/**
 * Bytes the PDF's compressed streams other than images (page contents, object streams, fonts…)
 * may expand to together: text and vector drawings deflate 3–10 times, a bomb a thousand. Each
 * image is held to its own size (Width × Height) instead.
 */
export function expandedBudget(size: number): number {
  return Math.max(64 * MB, size * 20);
}

/**
 * Page count, page cap, image pixel caps and a decompression budget for every other Flate stream
 * (page contents, object streams, fonts…), checked by inflating with a ceiling before MuPDF decodes
 * any of them. An image is held to the pixel cap and its stream to the size its dimensions allow.
 * Runs only inside the isolated child.
 */
export async function inspectPdfInChild(bytes: Uint8Array, limits: ProcessorLimits): Promise<FileFacts> {
  const mupdf = await loadMupdf();
  let doc: InstanceType<MuPdf["PDFDocument"]>;
  try {
    doc = mupdf.Document.openDocument(bytes, PDF_MIME) as InstanceType<MuPdf["PDFDocument"]>;
  } catch {
    throw new ProcessorError("INVALID_FILE", "This PDF is damaged and could not be opened.");
  }
  try {
    const encrypted = doc.needsPassword();
    let budget = expandedBudget(bytes.byteLength);
    const objects = doc.countObjects();
    for (let num = 1; num < objects; num++) {
      // The reference, not the resolved object: only a reference knows it is a stream.
      const obj = doc.newIndirect(num);
      if (!isStreamSafe(obj)) continue;
      const isImage = obj.get("Subtype").toString() === "/Image";
      let imageCeiling = 0;
      if (isImage) {
        const w = obj.get("Width").asNumber();
        const h = obj.get("Height").asNumber();
        if (w * h > limits.maxPixels) {
          throw new ProcessorError(
            "TOO_MANY_PIXELS",
            `This PDF holds an image of ${w} × ${h} pixels, over the ${(limits.maxPixels / 1e6).toFixed(0)} megapixel limit.`,
          );
        }
        // At most 4 components of 16 bits, plus a predictor byte per row: anything past it is a bomb.
        imageCeiling = w * h * 8 + MB;
      }
      if (encrypted || !isFlate(obj.get("Filter"))) continue;
      const raw = obj.readRawStream().asUint8Array().slice();
      // Counted as it streams out and thrown away: memory stays flat whatever the stream holds.
      const ceiling = isImage ? imageCeiling : budget;
      const expanded = await inflatedLength(raw, ceiling + 1);
      if (expanded === null) continue; // damaged stream: MuPDF copes or fails later, within the child's limits
      if (isImage) {
        if (expanded > imageCeiling) throw bomb();
        continue;
      }
      budget -= expanded;
      if (budget < 0) throw bomb();
    }
    let pages: number;
    try {
      pages = doc.countPages();
    } catch {
      throw new ProcessorError("INVALID_FILE", "This PDF is damaged: its pages could not be read.");
    }
    if (pages < 1)
      throw new ProcessorError("INVALID_FILE", "This PDF has no pages or is damaged beyond repair.");
    if (limits.maxPages !== null && pages > limits.maxPages) {
      throw new ProcessorError(
        "TOO_MANY_PAGES",
        `This PDF has ${pages} pages, over the ${limits.maxPages}-page limit for your plan.`,
      );
    }
    return { mime: PDF_MIME, pages };
  } finally {
    doc.destroy();
  }
}

function bomb(): ProcessorError {
  return new ProcessorError(
    "INVALID_FILE",
    "This PDF contains compressed data that expands far beyond its size (a decompression bomb), so it was not opened.",
  );
}

function isFlate(filter: {
  isName(): boolean;
  isArray(): boolean;
  asName(): string;
  get(i: number): unknown;
}): boolean {
  if (filter.isName()) return filter.asName() === "FlateDecode" || filter.asName() === "Fl";
  if (filter.isArray()) {
    const first = filter.get(0) as { isName(): boolean; asName(): string };
    return first.isName() && (first.asName() === "FlateDecode" || first.asName() === "Fl");
  }
  return false;
}

function formatMb(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/** False for objects a damaged file cannot even load. */
function isStreamSafe(obj: { isStream(): boolean }): boolean {
  try {
    return obj.isStream();
  } catch {
    return false;
  }
}

/** Bytes a Flate stream expands to, counting no further than `ceiling`; null when it is damaged. */
function inflatedLength(raw: Uint8Array, ceiling: number): Promise<number | null> {
  return new Promise((resolve) => {
    const inflate = createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
    let total = 0;
    inflate.on("data", (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total >= ceiling) {
        inflate.destroy();
        resolve(total);
      }
    });
    inflate.on("end", () => resolve(total));
    inflate.on("error", () => resolve(total > 0 ? total : null));
    inflate.end(raw);
  });
}

/**
 * The first bytes file-type needs. (Its fromFile loads a module at run time by name, which a
 * bundled server cannot resolve.)
 */
/** file-type's own "reasonable detection size". */
const HEAD_BYTES = 4100;

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const head = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.byteLength, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
