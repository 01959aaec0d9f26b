import { type ChildProcess, fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ChildMessage, ChildTask } from "./child-protocol.ts";
import { processorDefinitions } from "./registry.ts";
import {
  PROCESSOR_IDS,
  ProcessorError,
  type ProcessorId,
  type ProcessorInput,
  type ProcessorLimits,
  type ProcessorResult,
} from "./types.ts";

export interface RunProcessorArgs {
  inputs: ProcessorInput[];
  options: unknown;
  workDir: string;
  limits: ProcessorLimits;
  onProgress: (percent: number) => void;
  signal?: AbortSignal;
}

/**
 * Runs one processor in its own child process (heap capped by --max-old-space-size, resident memory
 * watched, killed at the time limit or on abort), so a bad file or an out-of-memory cannot take the
 * caller down. Progress (0–100) comes from the processor's own steps; 100 is sent once it succeeded.
 * Rejects with a ProcessorError.
 */
export async function runProcessor(id: ProcessorId, args: RunProcessorArgs): Promise<ProcessorResult> {
  if (!PROCESSOR_IDS.includes(id))
    throw new ProcessorError("BAD_OPTIONS", `There is no tool called "${id}".`);
  const definition = processorDefinitions[id];
  const parsed = definition.options.safeParse(args.options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ProcessorError("BAD_OPTIONS", `${field}${issue?.message ?? "The options are not valid."}`);
  }
  const count = args.inputs.length;
  if (count < definition.inputs.min || count > definition.inputs.max) {
    const { min, max } = definition.inputs;
    throw new ProcessorError(
      "BAD_OPTIONS",
      min === max
        ? `This tool takes ${min} file${min === 1 ? "" : "s"}.`
        : `This tool takes ${min} to ${max} files.`,
    );
  }
  await mkdir(args.workDir, { recursive: true });
  let last = 0;
  const message = await runInChild(
    {
      kind: "process",
      id,
      inputs: args.inputs,
      options: parsed.data,
      workDir: args.workDir,
      limits: args.limits,
    },
    args.limits,
    (percent) => {
      if (percent > last) {
        last = percent;
        args.onProgress(percent);
      }
    },
    args.signal,
  );
  if (message.type !== "done") throw new ProcessorError("INVALID_FILE", "The job ended without a result.");
  args.onProgress(100);
  return message.result;
}

/** How to start the child: from source under tsx, or the bundled processor-child.js beside the bundle. */
export function childEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) {
    const tsx = createRequire(import.meta.url).resolve("tsx");
    return {
      file: join(dirname(here), "processor-child.ts"),
      execArgv: ["--import", pathToFileURL(tsx).href],
    };
  }
  return { file: join(dirname(here), "processor-child.js"), execArgv: [] };
}

/** Resident memory of a process in MB (Linux); null where /proc is not there. */
function residentMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const STDERR_TAIL = 4096;

export function runInChild(
  task: ChildTask,
  limits: ProcessorLimits,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<Exclude<ChildMessage, { type: "progress" } | { type: "error" }>> {
  if (signal?.aborted) return Promise.reject(new ProcessorError("CANCELLED", "The job was cancelled."));
  const { file, execArgv } = childEntry();
  if (!existsSync(file)) {
    return Promise.reject(new Error(`processors: the child entry ${file} is missing from this build`));
  }
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = fork(file, [], {
        execArgv: [...execArgv, `--max-old-space-size=${Math.max(32, Math.floor(limits.memoryMb))}`],
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "advanced",
      });
    } catch (error) {
      reject(error);
      return;
    }
    let settled = false;
    let stderr = "";
    let outcome: ProcessorError | null = null;
    let answer: Exclude<ChildMessage, { type: "progress" }> | null = null;

    const stop = (error: ProcessorError) => {
      if (outcome || answer) return;
      outcome = error;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => {
      const seconds = Math.round(limits.timeoutMs / 100) / 10;
      stop(
        new ProcessorError("TIMEOUT", `The job took longer than the ${seconds} s allowed and was stopped.`),
      );
    }, limits.timeoutMs);
    const memory = setInterval(() => {
      const mb = child.pid ? residentMb(child.pid) : null;
      if (mb !== null && mb > limits.memoryMb) {
        stop(
          new ProcessorError(
            "OUT_OF_MEMORY",
            `The file needs more than the ${limits.memoryMb} MB of memory allowed to process it.`,
          ),
        );
      }
    }, 100);
    const onAbort = () => stop(new ProcessorError("CANCELLED", "The job was cancelled."));
    signal?.addEventListener("abort", onAbort, { once: true });

    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    child.on("message", (message: ChildMessage) => {
      if (message.type === "progress") {
        if (!outcome && !answer) onProgress(message.percent);
      } else if (!outcome) {
        answer = message;
      }
    });
    const finish = (exitError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(memory);
      signal?.removeEventListener("abort", onAbort);
      if (outcome) return reject(outcome);
      if (answer?.type === "error") return reject(new ProcessorError(answer.code, answer.message));
      if (answer) return resolve(answer);
      if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr)) {
        return reject(
          new ProcessorError(
            "OUT_OF_MEMORY",
            `The file needs more than the ${limits.memoryMb} MB of memory allowed to process it.`,
          ),
        );
      }
      if (exitError) return reject(exitError);
      reject(
        new ProcessorError(
          "INVALID_FILE",
          "Processing stopped unexpectedly: the file may be damaged or use features the tool does not support.",
        ),
      );
    };
    child.on("error", (error) => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      finish(error);
    });
    child.on("exit", () => finish());
    child.send(task);
  });
}
