import type { FileFacts } from "./inspect-local.ts";
import type {
  ProcessorErrorCode,
  ProcessorId,
  ProcessorInput,
  ProcessorLimits,
  ProcessorResult,
} from "./types.ts";

/** Parent → child: one task per child process. */
export type ChildTask =
  | { kind: "inspect"; path: string; limits: ProcessorLimits }
  | {
      kind: "process";
      id: ProcessorId;
      inputs: ProcessorInput[];
      /** Already parsed by the registry's schema (defaults filled in). */
      options: unknown;
      workDir: string;
      limits: ProcessorLimits;
    };

/** Child → parent. */
export type ChildMessage =
  | { type: "progress"; percent: number }
  | { type: "inspected"; facts: FileFacts }
  | { type: "done"; result: ProcessorResult }
  | { type: "error"; code: ProcessorErrorCode; message: string };
