import type { ProcessorId } from "../types.ts";
import type { Processor } from "./context.ts";

// biome-ignore lint/suspicious/noExplicitAny: each entry takes its own parsed options type
type Loader = () => Promise<Processor<any>>;

const pdf = () => import("./pdf.ts");
const image = () => import("./image.ts");

/**
 * Which function runs each processor (inside the isolated child). Loaded on demand: a child that
 * resizes an image never pays for loading pdf-lib.
 */
export const processorTable: Record<ProcessorId, Loader> = {
  "pdf.merge": async () => (await pdf()).pdfMerge,
  "pdf.split": async () => (await pdf()).pdfSplit,
  "pdf.compress": async () => (await pdf()).pdfCompress,
  "pdf.rotate": async () => (await pdf()).pdfRotate,
  "pdf.organize": async () => (await pdf()).pdfOrganize,
  "pdf.watermark": async () => (await pdf()).pdfWatermark,
  "pdf.pageNumbers": async () => (await pdf()).pdfPageNumbers,
  "pdf.protect": async () => (await pdf()).pdfProtect,
  "pdf.unlock": async () => (await pdf()).pdfUnlock,
  "pdf.toImages": async () => (await pdf()).pdfToImages,
  "pdf.repair": async () => (await pdf()).pdfRepair,
  "images.toPdf": async () => (await image()).imagesToPdf,
  "image.resize": async () => (await image()).imageResize,
  "image.convert": async () => (await image()).imageConvert,
  "image.compress": async () => (await image()).imageCompress,
  "image.stripMetadata": async () => (await image()).imageStripMetadata,
  "qr.generate": async () => (await import("./qr.ts")).qrGenerate,
};
