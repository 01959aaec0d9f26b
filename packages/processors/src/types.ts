/** The processors the Tools module runs (a Tool row's `processor` column holds one of these). */
export type ProcessorId =
  | "pdf.merge"
  | "pdf.split"
  | "pdf.compress"
  | "pdf.rotate"
  | "pdf.organize"
  | "pdf.watermark"
  | "pdf.pageNumbers"
  | "pdf.protect"
  | "pdf.unlock"
  | "pdf.toImages"
  | "pdf.repair"
  | "images.toPdf"
  | "image.resize"
  | "image.convert"
  | "image.compress"
  | "image.stripMetadata"
  | "qr.generate";

export const PROCESSOR_IDS: readonly ProcessorId[] = [
  "pdf.merge",
  "pdf.split",
  "pdf.compress",
  "pdf.rotate",
  "pdf.organize",
  "pdf.watermark",
  "pdf.pageNumbers",
  "pdf.protect",
  "pdf.unlock",
  "pdf.toImages",
  "pdf.repair",
  "images.toPdf",
  "image.resize",
  "image.convert",
  "image.compress",
  "image.stripMetadata",
  "qr.generate",
];

export interface ProcessorInput {
  path: string;
  name: string;
  mime: string;
  size: number;
}

export interface ProcessorOutput {
  path: string;
  name: string;
  mime: string;
  size: number;
}

export interface ProcessorResult {
  /** Usually one; split and PDF → images give one ZIP. */
  outputs: ProcessorOutput[];
  /** e.g. "Already optimal: the original is kept". */
  message?: string;
  /** pages, width, height, sizeBefore, sizeAfter… */
  metadata?: Record<string, unknown>;
}

export interface ProcessorLimits {
  maxFileBytes: number;
  maxPages: number | null;
  maxPixels: number;
  /**
   * Memory for the isolated process running the job: its heap cap and the resident size at which it
   * is killed. The child alone takes about 110–170 MB (run from source under tsx), so give 512 or more.
   */
  memoryMb: number;
  timeoutMs: number;
}

export type ProcessorErrorCode =
  | "INVALID_FILE"
  | "UNSUPPORTED_TYPE"
  | "TOO_LARGE"
  | "TOO_MANY_PAGES"
  | "TOO_MANY_PIXELS"
  | "PASSWORD_REQUIRED"
  | "WRONG_PASSWORD"
  | "TIMEOUT"
  | "OUT_OF_MEMORY"
  | "CANCELLED"
  | "BAD_OPTIONS";

/** A failure a person can act on: `message` is a whole sentence, never a stack or file contents. */
export class ProcessorError extends Error {
  readonly code: ProcessorErrorCode;

  constructor(code: ProcessorErrorCode, message: string) {
    super(message);
    this.name = "ProcessorError";
    this.code = code;
  }
}

export function isProcessorError(error: unknown): error is ProcessorError {
  return error instanceof ProcessorError;
}
