import { readFile, stat } from "node:fs/promises";
import type * as MuPDF from "mupdf";
import { degrees, PDFDocument as PdfLibDocument, rgb, StandardFonts } from "pdf-lib";
import type { z } from "zod";
import { loadMupdf, loadSharp } from "../libs.ts";
import {
  PDF_MIME,
  parsePageRanges,
  type pdfCompressOptions,
  type pdfOrganizeOptions,
  type pdfPageNumbersOptions,
  type pdfProtectOptions,
  type pdfRotateOptions,
  type pdfSplitOptions,
  type pdfToImagesOptions,
  type pdfUnlockOptions,
  type pdfWatermarkOptions,
} from "../registry.ts";
import { ProcessorError, type ProcessorInput, type ProcessorOutput } from "../types.ts";
import { zipPaths } from "../zip.ts";
import { keepOriginal, outPath, type Processor, stem, stepper, writeOutput } from "./context.ts";

type MuPdfDocument = MuPDF.PDFDocument;

/** Lossless rewrite: drop unused objects, compress every stream, pack objects into object streams. */
const SAVE_OPTIONS = "garbage=compact,compress,compress-fonts,compress-images,objstms";

async function openPdf(input: ProcessorInput, opts: { allowLocked?: boolean } = {}): Promise<MuPdfDocument> {
  const mupdf = await loadMupdf();
  const bytes = await readFile(input.path);
  let doc: MuPdfDocument | null;
  try {
    doc = mupdf.Document.openDocument(bytes, PDF_MIME).asPDF();
  } catch {
    throw new ProcessorError("INVALID_FILE", `"${input.name}" is damaged and could not be opened as a PDF.`);
  }
  if (!doc) throw new ProcessorError("INVALID_FILE", `"${input.name}" is not a PDF.`);
  if (!opts.allowLocked && doc.needsPassword()) {
    doc.destroy();
    throw new ProcessorError(
      "PASSWORD_REQUIRED",
      `"${input.name}" is protected by a password: remove it first with the Unlock PDF tool.`,
    );
  }
  return doc;
}

function save(doc: MuPdfDocument, options = SAVE_OPTIONS): Uint8Array {
  const buffer = doc.saveToBuffer(options);
  try {
    return buffer.asUint8Array().slice();
  } finally {
    buffer.destroy();
  }
}

function rangeError(error: unknown): never {
  if (error instanceof RangeError) throw new ProcessorError("BAD_OPTIONS", error.message);
  throw error;
}

export const pdfMerge: Processor<Record<string, never>> = async ({ inputs, workDir, progress }) => {
  const mupdf = await loadMupdf();
  const out = new mupdf.PDFDocument();
  const docs: MuPdfDocument[] = [];
  try {
    let total = 0;
    for (const input of inputs) {
      const doc = await openPdf(input);
      docs.push(doc);
      total += doc.countPages();
    }
    const step = stepper(progress, total, 0, 95);
    let done = 0;
    for (const doc of docs) {
      const map = out.newGraftMap();
      const pages = doc.countPages();
      for (let i = 0; i < pages; i++) {
        map.graftPage(-1, doc, i);
        step(++done);
      }
      map.destroy();
    }
    const bytes = save(out);
    const first = inputs[0] as ProcessorInput;
    const output = await writeOutput(workDir, `${stem(first.name)}-merged.pdf`, PDF_MIME, bytes);
    return { outputs: [output], metadata: { pages: total, files: inputs.length } };
  } finally {
    for (const doc of docs) doc.destroy();
    out.destroy();
  }
};

export const pdfSplit: Processor<z.infer<typeof pdfSplitOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const mupdf = await loadMupdf();
  const input = inputs[0] as ProcessorInput;
  const doc = await openPdf(input);
  try {
    const count = doc.countPages();
    let groups: number[][];
    if (options.mode === "ranges") {
      try {
        groups = parsePageRanges(options.ranges, count);
      } catch (error) {
        rangeError(error);
      }
    } else {
      groups = [];
      for (let start = 0; start < count; start += options.every) {
        groups.push(Array.from({ length: Math.min(options.every, count - start) }, (_, k) => start + k));
      }
    }
    const step = stepper(progress, groups.length, 0, 90);
    const parts: { name: string; path: string }[] = [];
    for (const [index, group] of groups.entries()) {
      const part = new mupdf.PDFDocument();
      try {
        const map = part.newGraftMap();
        for (const page of group) map.graftPage(-1, doc, page);
        map.destroy();
        const first = (group[0] as number) + 1;
        const last = (group[group.length - 1] as number) + 1;
        const name = `${stem(input.name)}-${first === last ? `page-${first}` : `pages-${first}-${last}`}.pdf`;
        const written = await writeOutput(workDir, name, PDF_MIME, save(part));
        parts.push({ name, path: written.path });
      } finally {
        part.destroy();
      }
      step(index + 1);
    }
    const zipName = `${stem(input.name)}-split.zip`;
    const zipPath = outPath(workDir, zipName);
    await zipPaths(parts, zipPath);
    const { size } = await stat(zipPath);
    return {
      outputs: [{ path: zipPath, name: zipName, mime: "application/zip", size }],
      metadata: {
        pages: count,
        parts: parts.map((p, i) => ({ name: p.name, pages: (groups[i] as number[]).length })),
      },
    };
  } finally {
    doc.destroy();
  }
};

const COMPRESS_LEVELS = {
  low: null,
  medium: { maxDimension: 2000, quality: 72 },
  high: { maxDimension: 1200, quality: 50 },
} as const;

/** Re-encodes the 8-bit grey/colour raster images as smaller JPEGs; others (masks, JBIG2, JPX…) stay. */
async function recompressImages(
  doc: MuPdfDocument,
  settings: { maxDimension: number; quality: number },
  onStep: (done: number, total: number) => void,
): Promise<number> {
  const mupdf = await loadMupdf();
  const sharp = await loadSharp();
  const objects = doc.countObjects();
  let changed = 0;
  for (let num = 1; num < objects; num++) {
    if (num % 50 === 0) onStep(num, objects);
    // The reference, not the resolved object: only a reference knows it is a stream.
    const obj = doc.newIndirect(num);
    if (!isStreamSafe(obj) || obj.get("Subtype").toString() !== "/Image") continue;
    if (obj.get("ImageMask").toString() === "true" || !obj.get("Decode").isNull()) continue;
    if (obj.get("BitsPerComponent").valueOf() !== 8) continue;
    const filter = obj.get("Filter").toString();
    if (/JPX|JBIG2|CCITT/.test(filter)) continue;
    const rawLength = obj.readRawStream().getLength();
    let pixmap: MuPDF.Pixmap | null = null;
    try {
      const image = doc.loadImage(obj);
      pixmap = image.toPixmap();
      image.destroy();
      const cs = pixmap.getColorSpace();
      if (pixmap.getAlpha() || !cs) continue;
      if (!cs.isRGB() && !cs.isGray()) {
        const rgbPixmap = pixmap.convertToColorSpace(mupdf.ColorSpace.DeviceRGB, false);
        pixmap.destroy();
        pixmap = rgbPixmap;
      }
      const width = pixmap.getWidth();
      const height = pixmap.getHeight();
      const channels = pixmap.getNumberOfComponents() as 1 | 3;
      if (pixmap.getStride() !== width * channels) continue;
      const { data, info } = await sharp(Buffer.from(pixmap.getPixels()), {
        raw: { width, height, channels },
      })
        .resize(settings.maxDimension, settings.maxDimension, { fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: settings.quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      if (data.byteLength >= rawLength) continue;
      obj.writeRawStream(data);
      obj.put("Filter", doc.newName("DCTDecode"));
      obj.delete("DecodeParms");
      obj.put("Width", doc.newInteger(info.width));
      obj.put("Height", doc.newInteger(info.height));
      obj.put("ColorSpace", doc.newName(channels === 1 ? "DeviceGray" : "DeviceRGB"));
      obj.put("BitsPerComponent", doc.newInteger(8));
      changed += 1;
    } catch {
      // An image MuPDF cannot decode is left as it was.
    } finally {
      pixmap?.destroy();
    }
  }
  return changed;
}

export const pdfCompress: Processor<z.infer<typeof pdfCompressOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const doc = await openPdf(input);
  try {
    const pages = doc.countPages();
    const settings = COMPRESS_LEVELS[options.level];
    let images = 0;
    if (settings) {
      images = await recompressImages(doc, settings, (done, total) => progress((80 * done) / total));
    }
    progress(85);
    const bytes = save(doc);
    const metadata = { pages, level: options.level, imagesRecompressed: images, sizeBefore: input.size };
    if (bytes.byteLength >= input.size) {
      return {
        outputs: [await keepOriginal(workDir, input)],
        message: "Already optimal: the original is kept, because compressing could not make it smaller.",
        metadata: { ...metadata, sizeAfter: input.size, kept: true },
      };
    }
    const output = await writeOutput(workDir, `${stem(input.name)}-compressed.pdf`, PDF_MIME, bytes);
    return { outputs: [output], metadata: { ...metadata, sizeAfter: output.size, kept: false } };
  } finally {
    doc.destroy();
  }
};

function selectedPages(spec: string | undefined, count: number): number[] {
  if (!spec) return Array.from({ length: count }, (_, i) => i);
  try {
    return [...new Set(parsePageRanges(spec, count).flat())];
  } catch (error) {
    rangeError(error);
  }
}

export const pdfRotate: Processor<z.infer<typeof pdfRotateOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const doc = await openPdf(input);
  try {
    const count = doc.countPages();
    const pages = selectedPages(options.pages, count);
    const step = stepper(progress, pages.length, 0, 90);
    for (const [k, index] of pages.entries()) {
      const page = doc.findPage(index);
      const current = page.getInheritable("Rotate");
      const now = current.isNumber() ? current.asNumber() : 0;
      page.put("Rotate", doc.newInteger((((now + options.angle) % 360) + 360) % 360));
      step(k + 1);
    }
    const output = await writeOutput(workDir, `${stem(input.name)}-rotated.pdf`, PDF_MIME, save(doc));
    return { outputs: [output], metadata: { pages: count, rotated: pages.length } };
  } finally {
    doc.destroy();
  }
};

export const pdfOrganize: Processor<z.infer<typeof pdfOrganizeOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const doc = await openPdf(input);
  try {
    const count = doc.countPages();
    const seen = new Set<number>();
    for (const page of options.order) {
      if (page > count)
        throw new ProcessorError("BAD_OPTIONS", `Page ${page} does not exist: the PDF has ${count}.`);
      if (seen.has(page)) throw new ProcessorError("BAD_OPTIONS", `Page ${page} is listed twice.`);
      seen.add(page);
    }
    progress(20);
    doc.rearrangePages(options.order.map((p) => p - 1));
    progress(70);
    const output = await writeOutput(workDir, `${stem(input.name)}-organized.pdf`, PDF_MIME, save(doc));
    return { outputs: [output], metadata: { pagesBefore: count, pages: options.order.length } };
  } finally {
    doc.destroy();
  }
};

/** pdf-lib for drawing text; a file it cannot parse is normalised by MuPDF first. */
async function loadForDrawing(input: ProcessorInput): Promise<PdfLibDocument> {
  const bytes = await readFile(input.path);
  try {
    return await PdfLibDocument.load(bytes, { updateMetadata: false });
  } catch {
    const doc = await openPdf(input);
    try {
      // Also how a PDF with only an owner password (restrictions, no password to open) gets drawn on.
      return await PdfLibDocument.load(save(doc, "garbage,compress,encrypt=none"), { updateMetadata: false });
    } finally {
      doc.destroy();
    }
  }
}

function hexToRgb(hex: string) {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

function checkEncodable(font: { encodeText(text: string): unknown }, text: string, what: string) {
  try {
    font.encodeText(text);
  } catch {
    throw new ProcessorError(
      "BAD_OPTIONS",
      `The ${what} can use Latin letters, digits and punctuation only.`,
    );
  }
}

export const pdfWatermark: Processor<z.infer<typeof pdfWatermarkOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const pdf = await loadForDrawing(input);
  const font = await pdf.embedFont(StandardFonts.HelveticaBold);
  checkEncodable(font, options.text, "watermark text");
  const pages = pdf.getPages();
  const step = stepper(progress, pages.length, 0, 90);
  const textWidth = font.widthOfTextAtSize(options.text, options.fontSize);
  const textHeight = font.heightAtSize(options.fontSize, { descender: false });
  const angle = (options.rotation * Math.PI) / 180;
  for (const [i, page] of pages.entries()) {
    const { width, height } = page.getSize();
    // Place the text so its centre sits on the page's centre whatever the rotation.
    const x = width / 2 - (textWidth / 2) * Math.cos(angle) + (textHeight / 2) * Math.sin(angle);
    const y = height / 2 - (textWidth / 2) * Math.sin(angle) - (textHeight / 2) * Math.cos(angle);
    page.drawText(options.text, {
      x,
      y,
      size: options.fontSize,
      font,
      color: hexToRgb(options.color),
      opacity: options.opacity,
      rotate: degrees(options.rotation),
    });
    step(i + 1);
  }
  const output = await writeOutput(
    workDir,
    `${stem(input.name)}-watermarked.pdf`,
    PDF_MIME,
    await pdf.save(),
  );
  return { outputs: [output], metadata: { pages: pages.length } };
};

export const pdfPageNumbers: Processor<z.infer<typeof pdfPageNumbersOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const pdf = await loadForDrawing(input);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = pdf.getPages();
  const total = options.start + pages.length - 1;
  const step = stepper(progress, pages.length, 0, 90);
  const margin = 24;
  for (const [i, page] of pages.entries()) {
    const n = options.start + i;
    const label = options.format === "n" ? `${n}` : `${n} / ${total}`;
    const { width, height } = page.getSize();
    const w = font.widthOfTextAtSize(label, options.fontSize);
    const [vertical, horizontal] = options.position.split("-") as [
      "top" | "bottom",
      "left" | "center" | "right",
    ];
    const x = horizontal === "left" ? margin : horizontal === "right" ? width - margin - w : (width - w) / 2;
    const y = vertical === "top" ? height - margin - options.fontSize : margin;
    page.drawText(label, { x, y, size: options.fontSize, font, color: rgb(0.2, 0.2, 0.2) });
    step(i + 1);
  }
  const output = await writeOutput(workDir, `${stem(input.name)}-numbered.pdf`, PDF_MIME, await pdf.save());
  return { outputs: [output], metadata: { pages: pages.length } };
};

/** MuPDF's writer options are a comma-separated list: a password may hold neither "," nor "=". */
function checkPassword(password: string) {
  if (/[,=]/.test(password)) {
    throw new ProcessorError("BAD_OPTIONS", "The password may not contain a comma or an equals sign.");
  }
}

export const pdfProtect: Processor<z.infer<typeof pdfProtectOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  checkPassword(options.password);
  if (options.ownerPassword) checkPassword(options.ownerPassword);
  const doc = await openPdf(input);
  try {
    progress(30);
    const owner = options.ownerPassword ?? options.password;
    const bytes = save(
      doc,
      `garbage=compact,compress,encrypt=aes-256,user-password=${options.password},owner-password=${owner}`,
    );
    progress(90);
    const output = await writeOutput(workDir, `${stem(input.name)}-protected.pdf`, PDF_MIME, bytes);
    return { outputs: [output], metadata: { pages: doc.countPages(), encryption: "AES-256" } };
  } finally {
    doc.destroy();
  }
};

export const pdfUnlock: Processor<z.infer<typeof pdfUnlockOptions>> = async ({
  inputs,
  options,
  workDir,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const doc = await openPdf(input, { allowLocked: true });
  try {
    if (!doc.needsPassword() && doc.getTrailer().get("Encrypt").isNull()) {
      return {
        outputs: [await keepOriginal(workDir, input)],
        message: "This PDF has no password: the original is kept.",
        metadata: { pages: doc.countPages() },
      };
    }
    if (doc.needsPassword() && doc.authenticatePassword(options.password) === 0) {
      throw new ProcessorError(
        "WRONG_PASSWORD",
        "That password does not open this PDF; check it and try again.",
      );
    }
    progress(40);
    const bytes = save(doc, "garbage=compact,compress,encrypt=none");
    progress(90);
    const output = await writeOutput(workDir, `${stem(input.name)}-unlocked.pdf`, PDF_MIME, bytes);
    return { outputs: [output], metadata: { pages: doc.countPages() } };
  } finally {
    doc.destroy();
  }
};

export const pdfToImages: Processor<z.infer<typeof pdfToImagesOptions>> = async ({
  inputs,
  options,
  workDir,
  limits,
  progress,
}) => {
  const mupdf = await loadMupdf();
  const input = inputs[0] as ProcessorInput;
  const doc = await openPdf(input);
  try {
    const count = doc.countPages();
    const pages = selectedPages(options.pages, count);
    const scale = options.dpi / 72;
    const ext = options.format === "png" ? "png" : "jpg";
    const mime = options.format === "png" ? "image/png" : "image/jpeg";
    const step = stepper(progress, pages.length, 0, 92);
    const images: ProcessorOutput[] = [];
    for (const [k, index] of pages.entries()) {
      const page = doc.loadPage(index);
      try {
        const [x0, y0, x1, y1] = page.getBounds();
        const w = Math.ceil((x1 - x0) * scale);
        const h = Math.ceil((y1 - y0) * scale);
        if (w * h > limits.maxPixels) {
          throw new ProcessorError(
            "TOO_MANY_PIXELS",
            `Page ${index + 1} at ${options.dpi} DPI would be ${w} × ${h} pixels, over the limit: choose a lower DPI.`,
          );
        }
        const pixmap = page.toPixmap(
          mupdf.Matrix.scale(scale, scale),
          mupdf.ColorSpace.DeviceRGB,
          false,
          true,
        );
        const data = options.format === "png" ? pixmap.asPNG() : pixmap.asJPEG(85, false);
        pixmap.destroy();
        images.push(await writeOutput(workDir, `${stem(input.name)}-page-${index + 1}.${ext}`, mime, data));
      } finally {
        page.destroy();
      }
      step(k + 1);
    }
    const metadata = { pages: count, images: images.length, dpi: options.dpi };
    if (images.length === 1) return { outputs: images, metadata };
    const zipName = `${stem(input.name)}-images.zip`;
    const zipPath = outPath(workDir, zipName);
    await zipPaths(images, zipPath);
    return {
      outputs: [{ path: zipPath, name: zipName, mime: "application/zip", size: (await stat(zipPath)).size }],
      metadata,
    };
  } finally {
    doc.destroy();
  }
};

export const pdfRepair: Processor<Record<string, never>> = async ({ inputs, workDir, progress }) => {
  const input = inputs[0] as ProcessorInput;
  const doc = await openPdf(input);
  try {
    const pages = doc.countPages();
    const repaired = doc.wasRepaired();
    progress(40);
    const bytes = save(doc);
    progress(90);
    const output = await writeOutput(workDir, `${stem(input.name)}-repaired.pdf`, PDF_MIME, bytes);
    return {
      outputs: [output],
      ...(repaired ? {} : { message: "No damage was found: the PDF was rewritten cleanly." }),
      metadata: { pages, repaired },
    };
  } finally {
    doc.destroy();
  }
};

/** False for objects a damaged file cannot even load. */
function isStreamSafe(obj: { isStream(): boolean }): boolean {
  try {
    return obj.isStream();
  } catch {
    return false;
  }
}
