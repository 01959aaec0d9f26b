import { type FileFacts, inspectImageHeader, sniffFile } from "./inspect-local.ts";
import { runInChild } from "./run.ts";
import type { ProcessorLimits } from "./types.ts";

/**
 * The type by magic bytes (never the name or the browser's word), then the caps before any full
 * decoding: size, image pixels (from the header), PDF pages, pixel counts of a PDF's images and a
 * decompression budget for its streams. PDF parsing runs in an isolated child under `limits`, so
 * a hostile PDF cannot hurt the server calling this. Rejects with a ProcessorError.
 */
export async function inspectFile(path: string, limits: ProcessorLimits): Promise<FileFacts> {
  const { mime } = await sniffFile(path, limits);
  if (mime !== "application/pdf") return inspectImageHeader(path, mime, limits);
  const answer = await runInChild({ kind: "inspect", path, limits }, limits, () => {});
  if (answer.type !== "inspected") throw new Error("processors: unexpected answer to an inspection");
  return answer.facts;
}
