import { z } from "zod";
import type { ProcessorId } from "./types.ts";

export const PDF_MIME = "application/pdf";
export const IMAGE_INPUT_MIMES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/avif",
  "image/gif",
  "image/tiff",
];
/** Everything inspectFile accepts. */
export const SUPPORTED_MIMES = [PDF_MIME, ...IMAGE_INPUT_MIMES];

/** "1-3, 5, 8-" (1-based, an open end runs to the last page). Checked against the page count later. */
const pageRanges = z
  .string()
  .trim()
  .min(1, "Give at least one page or range, like 1-3, 5.")
  .max(500)
  .regex(/^\s*\d+\s*(-\s*\d*\s*)?(,\s*\d+\s*(-\s*\d*\s*)?)*$/, "Write pages and ranges like 1-3, 5, 8-.");

const hexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #888888.")
  .default("#888888");

const imageFormat = z.enum(["jpeg", "png", "webp", "avif"]);

export const pdfSplitOptions = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("ranges"), ranges: pageRanges }),
  z.object({ mode: z.literal("every"), every: z.number().int().min(1).max(10_000) }),
]);
export const pdfCompressOptions = z.object({ level: z.enum(["low", "medium", "high"]).default("medium") });
export const pdfRotateOptions = z.object({
  angle: z.union([z.literal(90), z.literal(180), z.literal(270)]),
  pages: pageRanges.optional(),
});
export const pdfOrganizeOptions = z.object({
  /** 1-based page numbers in their new order; pages left out are deleted. */
  order: z.array(z.number().int().min(1)).min(1, "Keep at least one page.").max(10_000),
});
export const pdfWatermarkOptions = z.object({
  text: z.string().trim().min(1, "Write the watermark text.").max(200),
  fontSize: z.number().min(8).max(200).default(48),
  opacity: z.number().min(0.05).max(1).default(0.3),
  rotation: z.number().min(-90).max(90).default(45),
  color: hexColor,
});
export const pdfPageNumbersOptions = z.object({
  position: z
    .enum(["bottom-center", "bottom-right", "bottom-left", "top-center", "top-right", "top-left"])
    .default("bottom-center"),
  start: z.number().int().min(0).max(100_000).default(1),
  format: z.enum(["n", "n-of-total"]).default("n"),
  fontSize: z.number().min(6).max(72).default(11),
});
export const pdfProtectOptions = z.object({
  password: z.string().min(1, "Choose a password.").max(128),
  ownerPassword: z.string().min(1).max(128).optional(),
});
export const pdfUnlockOptions = z.object({
  password: z.string().min(1, "Give the PDF's password.").max(128),
});
export const pdfToImagesOptions = z.object({
  dpi: z.number().int().min(36).max(600).default(150),
  format: z.enum(["png", "jpeg"]).default("png"),
  pages: pageRanges.optional(),
});
export const imagesToPdfOptions = z.object({
  pageSize: z.enum(["fit", "A4", "Letter"]).default("fit"),
  margin: z.number().min(0).max(144).default(0),
});
export const imageResizeOptions = z
  .object({
    width: z.number().int().min(1).max(20_000).optional(),
    height: z.number().int().min(1).max(20_000).optional(),
    fit: z.enum(["inside", "cover", "contain", "fill"]).default("inside"),
    withoutEnlargement: z.boolean().default(false),
  })
  .refine((o) => o.width !== undefined || o.height !== undefined, {
    message: "Give a width, a height or both.",
    path: ["width"],
  });
export const imageConvertOptions = z.object({
  format: imageFormat,
  quality: z.number().int().min(1).max(100).default(82),
});
export const imageCompressOptions = z.object({ quality: z.number().int().min(1).max(100).default(70) });
export const qrGenerateOptions = z.object({
  content: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("url"),
      url: z.url("Give a full address, like https://example.com.").max(2000),
    }),
    z.object({
      kind: z.literal("wifi"),
      ssid: z.string().min(1, "Give the network name.").max(64),
      password: z.string().max(128).default(""),
      encryption: z.enum(["WPA", "WEP", "nopass"]).default("WPA"),
      hidden: z.boolean().default(false),
    }),
    z.object({
      kind: z.literal("vcard"),
      firstName: z.string().max(100).default(""),
      lastName: z.string().min(1, "Give a last name.").max(100),
      organization: z.string().max(200).optional(),
      title: z.string().max(200).optional(),
      phone: z.string().max(50).optional(),
      email: z.email().max(200).optional(),
      url: z.url().max(500).optional(),
    }),
  ]),
  format: z.enum(["png", "svg"]).default("png"),
  size: z.number().int().min(64).max(4096).default(512),
  errorCorrection: z.enum(["L", "M", "Q", "H"]).default("M"),
  margin: z.number().int().min(0).max(16).default(2),
  foreground: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default("#000000"),
  background: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default("#ffffff"),
});

const empty = z.object({});
const pdfOnly = [PDF_MIME];

export interface ProcessorDefinition {
  inputs: { accept: string[]; min: number; max: number };
  options: z.ZodType;
}

export const processorDefinitions: Record<ProcessorId, ProcessorDefinition> = {
  "pdf.merge": { inputs: { accept: pdfOnly, min: 2, max: 50 }, options: empty },
  "pdf.split": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfSplitOptions },
  "pdf.compress": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfCompressOptions },
  "pdf.rotate": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfRotateOptions },
  "pdf.organize": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfOrganizeOptions },
  "pdf.watermark": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfWatermarkOptions },
  "pdf.pageNumbers": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfPageNumbersOptions },
  "pdf.protect": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfProtectOptions },
  "pdf.unlock": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfUnlockOptions },
  "pdf.toImages": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: pdfToImagesOptions },
  "pdf.repair": { inputs: { accept: pdfOnly, min: 1, max: 1 }, options: empty },
  "images.toPdf": { inputs: { accept: IMAGE_INPUT_MIMES, min: 1, max: 100 }, options: imagesToPdfOptions },
  "image.resize": { inputs: { accept: IMAGE_INPUT_MIMES, min: 1, max: 1 }, options: imageResizeOptions },
  "image.convert": { inputs: { accept: IMAGE_INPUT_MIMES, min: 1, max: 1 }, options: imageConvertOptions },
  "image.compress": { inputs: { accept: IMAGE_INPUT_MIMES, min: 1, max: 1 }, options: imageCompressOptions },
  "image.stripMetadata": { inputs: { accept: IMAGE_INPUT_MIMES, min: 1, max: 1 }, options: empty },
  "qr.generate": { inputs: { accept: [], min: 0, max: 0 }, options: qrGenerateOptions },
};

/** "1-3,5,8-" → 0-based page indexes in the order written; throws a sentence when out of range. */
export function parsePageRanges(spec: string, pageCount: number): number[][] {
  const groups: number[][] = [];
  for (const part of spec.split(",")) {
    const [fromText, toText] = part.split("-").map((s) => s.trim());
    const from = Number(fromText);
    const to = toText === undefined ? from : toText === "" ? pageCount : Number(toText);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from || to > pageCount) {
      throw new RangeError(`The range "${part.trim()}" is outside pages 1 to ${pageCount}.`);
    }
    const group: number[] = [];
    for (let p = from; p <= to; p++) group.push(p - 1);
    groups.push(group);
  }
  return groups;
}
