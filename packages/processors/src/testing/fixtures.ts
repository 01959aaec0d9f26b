import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import * as mupdf from "mupdf";
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import type { ProcessorInput, ProcessorLimits } from "../types.ts";

export const testLimits: ProcessorLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxPages: 500,
  maxPixels: 50_000_000,
  memoryMb: 1024,
  timeoutMs: 30_000,
};

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "quartet-processors-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function fileInput(path: string, name: string, mime: string): Promise<ProcessorInput> {
  return { path, name, mime, size: (await stat(path)).size };
}

/** A PDF whose page i says "<label> page i" (text extractable), 300 × 400 pt. */
export async function makePdf(
  dir: string,
  name: string,
  pages: number,
  label = name,
): Promise<ProcessorInput> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([300, 400]);
    page.drawText(`${label} page ${i}`, { x: 20, y: 300, font, size: 18 });
  }
  const path = join(dir, name);
  await writeFile(path, await doc.save({ useObjectStreams: false }));
  return fileInput(path, name, "application/pdf");
}

/** A PDF with an uncompressed noisy RGB image on its page (so compression has work to do). */
export async function makeImagePdf(dir: string, name: string): Promise<ProcessorInput> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const png = await noisyImage(1600, 1200).png({ compressionLevel: 0 }).toBuffer();
  const image = await doc.embedPng(png);
  const page = doc.addPage([600, 800]);
  page.drawImage(image, { x: 50, y: 300, width: 500, height: 375 });
  page.drawText("Quarterly report", { x: 50, y: 720, font, size: 24 });
  const path = join(dir, name);
  await writeFile(path, await doc.save());
  return fileInput(path, name, "application/pdf");
}

export function noisyImage(width: number, height: number) {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 42;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    // Smooth gradient plus a little noise: photo-like, compresses like a photo.
    const pixel = Math.floor(i / 3);
    raw[i] = ((pixel % width) / width) * 200 + (seed % 40);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

export async function makeImage(
  dir: string,
  name: string,
  format: "jpeg" | "png" | "webp",
  width = 400,
  height = 300,
): Promise<ProcessorInput> {
  const path = join(dir, name);
  const image = noisyImage(width, height);
  if (format === "jpeg") await image.jpeg({ quality: 95 }).toFile(path);
  else if (format === "png") await image.png().toFile(path);
  else await image.webp({ quality: 95 }).toFile(path);
  return fileInput(path, name, `image/${format}`);
}

/** Text of every page, through MuPDF. */
export function pdfTexts(bytes: Uint8Array, password?: string): string[] {
  const doc = mupdf.Document.openDocument(bytes, "application/pdf");
  try {
    if (password !== undefined) doc.authenticatePassword(password);
    const texts: string[] = [];
    for (let i = 0; i < doc.countPages(); i++) {
      const page = doc.loadPage(i);
      texts.push(page.toStructuredText("preserve-whitespace").asText().trim());
      page.destroy();
    }
    return texts;
  } finally {
    doc.destroy();
  }
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A tiny PNG that declares `width × height` pixels (a decompression bomb / pixel flood). */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  // One row of zeros repeated: the whole image compresses to almost nothing.
  const idat = deflateSync(Buffer.alloc(Math.min(width + 1, 1 << 20) * 64));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Runs a processor the way its child does (inputs checked again, options parsed by the registry),
 * in this process: the processors' own tests. Isolation itself is tested through runProcessor.
 */
export async function runForTest(
  id: import("../types.ts").ProcessorId,
  inputs: ProcessorInput[],
  options: unknown,
  workDir: string,
  limits: ProcessorLimits = testLimits,
) {
  const { executeTask } = await import("../execute.ts");
  const { processorDefinitions } = await import("../registry.ts");
  const { ProcessorError } = await import("../types.ts");
  const parsed = processorDefinitions[id].options.safeParse(options);
  if (!parsed.success)
    throw new ProcessorError("BAD_OPTIONS", parsed.error.issues[0]?.message ?? "bad options");
  const progress: number[] = [];
  const answer = await executeTask(
    { kind: "process", id, inputs, options: parsed.data, workDir, limits },
    (p) => progress.push(p),
  );
  if (answer.type !== "done") throw new Error("unexpected answer");
  const result = answer.result;
  return { result, progress, output: result.outputs[0] as import("../types.ts").ProcessorOutput };
}

/** Names and contents of a ZIP's entries. */
export async function readZip(path: string): Promise<Map<string, Buffer>> {
  const yauzl = await import("yauzl");
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>();
    yauzl.default.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on("entry", (entry: import("yauzl").Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}
