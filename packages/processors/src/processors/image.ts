import { readFile } from "node:fs/promises";
import { PDFDocument as PdfLibDocument } from "pdf-lib";
import type { OutputInfo, Sharp } from "sharp";
import type { z } from "zod";
import { loadSharp } from "../libs.ts";
import type {
  imageCompressOptions,
  imageConvertOptions,
  imageResizeOptions,
  imagesToPdfOptions,
} from "../registry.ts";
import { ProcessorError, type ProcessorInput, type ProcessorLimits } from "../types.ts";
import { keepOriginal, type Processor, stem, stepper, writeOutput } from "./context.ts";

type OutFormat = "jpeg" | "png" | "webp" | "avif";

const EXT: Record<OutFormat, string> = { jpeg: "jpg", png: "png", webp: "webp", avif: "avif" };
const MIME: Record<OutFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
};

/** The output format that keeps an input's kind (GIF and TIFF come out as PNG). */
function sameFormat(mime: string): OutFormat {
  if (mime === "image/jpeg") return "jpeg";
  if (mime === "image/webp") return "webp";
  if (mime === "image/avif") return "avif";
  return "png";
}

/** sharp refuses inputs over the pixel cap before decoding them; EXIF orientation is applied. */
async function open(input: ProcessorInput, limits: ProcessorLimits) {
  const sharp = await loadSharp();
  return sharp(input.path, { limitInputPixels: limits.maxPixels, failOn: "error" }).rotate();
}

function encode(image: Sharp, format: OutFormat, quality: number): Sharp {
  switch (format) {
    case "jpeg":
      return image.flatten({ background: "#ffffff" }).jpeg({ quality, mozjpeg: true });
    case "png":
      return quality < 100
        ? image.png({ compressionLevel: 9, palette: true, quality, effort: 7 })
        : image.png({ compressionLevel: 9 });
    case "webp":
      return image.webp({ quality, effort: 4 });
    case "avif":
      return image.avif({ quality: Math.max(1, quality - 20), effort: 3 });
  }
}

async function run(image: Sharp, input: ProcessorInput): Promise<{ data: Buffer; info: OutputInfo }> {
  try {
    return await image.toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (error instanceof ProcessorError) throw error;
    const text = String((error as Error)?.message ?? "");
    if (/pixel limit/i.test(text)) {
      throw new ProcessorError("TOO_MANY_PIXELS", `"${input.name}" has more pixels than the limit allows.`);
    }
    throw new ProcessorError("INVALID_FILE", `"${input.name}" is damaged and could not be read as an image.`);
  }
}

export const imageResize: Processor<z.infer<typeof imageResizeOptions>> = async ({
  inputs,
  options,
  workDir,
  limits,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const target = (options.width ?? 1) * (options.height ?? options.width ?? 1);
  if (target > limits.maxPixels) {
    throw new ProcessorError(
      "TOO_MANY_PIXELS",
      "The size asked for is over the pixel limit: choose a smaller one.",
    );
  }
  progress(10);
  const format = sameFormat(input.mime);
  const image = (await open(input, limits)).resize({
    ...(options.width ? { width: options.width } : {}),
    ...(options.height ? { height: options.height } : {}),
    fit: options.fit,
    withoutEnlargement: options.withoutEnlargement,
  });
  const { data, info } = await run(encode(image, format, 90), input);
  progress(90);
  const output = await writeOutput(
    workDir,
    `${stem(input.name)}-${info.width}x${info.height}.${EXT[format]}`,
    MIME[format],
    data,
  );
  return {
    outputs: [output],
    metadata: { width: info.width, height: info.height, sizeBefore: input.size, sizeAfter: output.size },
  };
};

export const imageConvert: Processor<z.infer<typeof imageConvertOptions>> = async ({
  inputs,
  options,
  workDir,
  limits,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  progress(10);
  const { data, info } = await run(encode(await open(input, limits), options.format, options.quality), input);
  progress(90);
  const output = await writeOutput(
    workDir,
    `${stem(input.name)}.${EXT[options.format]}`,
    MIME[options.format],
    data,
  );
  return {
    outputs: [output],
    metadata: {
      format: options.format,
      width: info.width,
      height: info.height,
      sizeBefore: input.size,
      sizeAfter: output.size,
    },
  };
};

export const imageCompress: Processor<z.infer<typeof imageCompressOptions>> = async ({
  inputs,
  options,
  workDir,
  limits,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const format = sameFormat(input.mime);
  progress(10);
  const { data, info } = await run(encode(await open(input, limits), format, options.quality), input);
  progress(90);
  const metadata = { width: info.width, height: info.height, sizeBefore: input.size };
  if (data.byteLength >= input.size) {
    return {
      outputs: [await keepOriginal(workDir, input)],
      message: "Already optimal: the original is kept, because compressing could not make it smaller.",
      metadata: { ...metadata, sizeAfter: input.size, kept: true },
    };
  }
  const output = await writeOutput(
    workDir,
    `${stem(input.name)}-compressed.${EXT[format]}`,
    MIME[format],
    data,
  );
  return { outputs: [output], metadata: { ...metadata, sizeAfter: output.size, kept: false } };
};

export const imageStripMetadata: Processor<Record<string, never>> = async ({
  inputs,
  workDir,
  limits,
  progress,
}) => {
  const input = inputs[0] as ProcessorInput;
  const format = sameFormat(input.mime);
  const sharp = await loadSharp();
  const before = await sharp(input.path, { limitInputPixels: limits.maxPixels }).metadata();
  const removed = (["exif", "icc", "iptc", "xmp"] as const).filter((key) => before[key] !== undefined);
  progress(20);
  // sharp writes no EXIF, XMP, IPTC or ICC data unless asked to; the orientation is applied first.
  const { data, info } = await run(
    encode(await open(input, limits), format, format === "png" ? 100 : 92),
    input,
  );
  progress(90);
  const output = await writeOutput(workDir, `${stem(input.name)}-clean.${EXT[format]}`, MIME[format], data);
  return {
    outputs: [output],
    metadata: {
      removed,
      width: info.width,
      height: info.height,
      sizeBefore: input.size,
      sizeAfter: output.size,
    },
  };
};

const PAGE_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;

export const imagesToPdf: Processor<z.infer<typeof imagesToPdfOptions>> = async ({
  inputs,
  options,
  workDir,
  limits,
  progress,
}) => {
  const sharp = await loadSharp();
  const pdf = await PdfLibDocument.create();
  const step = stepper(progress, inputs.length, 0, 90);
  for (const [i, input] of inputs.entries()) {
    const meta = await sharp(input.path, { limitInputPixels: limits.maxPixels })
      .metadata()
      .catch(() => {
        throw new ProcessorError(
          "INVALID_FILE",
          `"${input.name}" is damaged and could not be read as an image.`,
        );
      });
    const plainJpeg = input.mime === "image/jpeg" && (meta.orientation ?? 1) === 1 && meta.channels === 3;
    const embedded = plainJpeg
      ? await pdf.embedJpg(await readFile(input.path))
      : await pdf.embedPng((await run((await open(input, limits)).png(), input)).data);
    // Pixels at 96 per inch, the size the image has on a screen.
    const natural = [embedded.width * 0.75, embedded.height * 0.75] as const;
    let pageSize: [number, number];
    if (options.pageSize === "fit") {
      pageSize = [natural[0] + 2 * options.margin, natural[1] + 2 * options.margin];
    } else {
      const [a, b] = PAGE_SIZES[options.pageSize];
      pageSize = natural[0] > natural[1] ? [b, a] : [a, b];
    }
    const room = [pageSize[0] - 2 * options.margin, pageSize[1] - 2 * options.margin] as const;
    const scale = Math.min(
      room[0] / natural[0],
      room[1] / natural[1],
      options.pageSize === "fit" ? 1 : Number.POSITIVE_INFINITY,
    );
    const w = natural[0] * scale;
    const h = natural[1] * scale;
    const page = pdf.addPage(pageSize);
    page.drawImage(embedded, { x: (pageSize[0] - w) / 2, y: (pageSize[1] - h) / 2, width: w, height: h });
    step(i + 1);
  }
  const first = inputs[0] as ProcessorInput;
  const output = await writeOutput(workDir, `${stem(first.name)}.pdf`, "application/pdf", await pdf.save());
  return { outputs: [output], metadata: { pages: inputs.length } };
};
