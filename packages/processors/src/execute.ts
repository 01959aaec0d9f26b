import { readFile } from "node:fs/promises";
import type { ChildMessage, ChildTask } from "./child-protocol.ts";
import { inspectImageHeader, inspectPdfInChild, sniffFile } from "./inspect-local.ts";
import { processorTable } from "./processors/table.ts";
import { processorDefinitions } from "./registry.ts";
import { ProcessorError, type ProcessorInput, type ProcessorLimits } from "./types.ts";

/**
 * The work of one child process: inspect a file, or check every input again (type by magic bytes,
 * caps, bombs) and run the processor. Only the isolated child calls this outside tests.
 */
export async function executeTask(
  task: ChildTask,
  onProgress: (percent: number) => void,
): Promise<Exclude<ChildMessage, { type: "progress" } | { type: "error" }>> {
  if (task.kind === "inspect")
    return { type: "inspected", facts: await inspectInChild(task.path, task.limits) };
  const definition = processorDefinitions[task.id];
  const checked: ProcessorInput[] = [];
  for (const input of task.inputs) {
    const facts = await inspectInChild(input.path, task.limits);
    if (!definition.inputs.accept.includes(facts.mime)) {
      throw new ProcessorError("UNSUPPORTED_TYPE", `"${input.name}" is not a kind of file this tool takes.`);
    }
    checked.push({ ...input, mime: facts.mime });
  }
  let last = -1;
  const processor = await processorTable[task.id]();
  const result = await processor({
    inputs: checked,
    options: task.options,
    workDir: task.workDir,
    limits: task.limits,
    progress: (percent) => {
      const p = Math.max(0, Math.min(99, Math.floor(percent)));
      if (p > last) {
        last = p;
        onProgress(p);
      }
    },
  });
  return { type: "done", result };
}

async function inspectInChild(path: string, limits: ProcessorLimits) {
  const { mime } = await sniffFile(path, limits);
  if (mime === "application/pdf") return inspectPdfInChild(await readFile(path), limits);
  return inspectImageHeader(path, mime, limits);
}

/** What the parent gets for a failure: a ProcessorError as it is, anything else as a sentence. */
export function errorMessage(error: unknown): Extract<ChildMessage, { type: "error" }> {
  if (error instanceof ProcessorError) return { type: "error", code: error.code, message: error.message };
  const text = String((error as Error)?.message ?? error);
  if (/out of memory|Cannot enlarge memory|Array buffer allocation failed/i.test(text)) {
    return {
      type: "error",
      code: "OUT_OF_MEMORY",
      message: "The file needs more memory to process than allowed.",
    };
  }
  return {
    type: "error",
    code: "INVALID_FILE",
    message: "The file could not be processed: it may be damaged or use features the tool does not support.",
  };
}
