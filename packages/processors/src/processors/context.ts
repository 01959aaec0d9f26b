import { copyFile, stat, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import type { ProcessorInput, ProcessorLimits, ProcessorOutput, ProcessorResult } from "../types.ts";

/** What a processor gets inside the isolated child; options are already parsed by the registry's schema. */
export interface ProcessorContext<O> {
  inputs: ProcessorInput[];
  options: O;
  workDir: string;
  limits: ProcessorLimits;
  /** 0–100, from the work done (per page, per file). */
  progress: (percent: number) => void;
}

export type Processor<O> = (ctx: ProcessorContext<O>) => Promise<ProcessorResult>;

/** "Report (final).pdf" → "Report (final)": the output names stay readable. */
export function stem(name: string): string {
  const base = basename(name, extname(name))
    .replace(/[\\/:*?"<>|]/g, "_")
    .replace(/\p{Cc}/gu, "_")
    .trim();
  return base.slice(0, 120) || "file";
}

let counter = 0;
/** A unique path in the work dir that keeps the person-facing name apart. */
export function outPath(workDir: string, name: string): string {
  counter += 1;
  return join(workDir, `out-${process.pid}-${counter}-${name.replace(/[^\w.-]/g, "_")}`);
}

export async function writeOutput(
  workDir: string,
  name: string,
  mime: string,
  data: Uint8Array | string,
): Promise<ProcessorOutput> {
  const path = outPath(workDir, name);
  await writeFile(path, data);
  return { path, name, mime, size: (await stat(path)).size };
}

export async function keepOriginal(workDir: string, input: ProcessorInput): Promise<ProcessorOutput> {
  const path = outPath(workDir, input.name);
  await copyFile(input.path, path);
  return { path, name: input.name, mime: input.mime, size: (await stat(path)).size };
}

/** Calls progress for step `done` of `total` within [from, to] percent. */
export function stepper(progress: (p: number) => void, total: number, from = 0, to = 100) {
  return (done: number) => progress(from + ((to - from) * done) / Math.max(1, total));
}
