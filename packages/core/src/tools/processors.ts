// Tools' one door to @quartet/processors (the file processing package, no database): the registry
// of processors with their inputs and option schemas, the isolated runner, the magic-byte and
// caps inspector, and the streaming ZIP writer.

export { inspectFile } from "@quartet/processors/inspect";
export { processorDefinitions } from "@quartet/processors/registry";
export { runProcessor } from "@quartet/processors/run";
export type {
  ProcessorId,
  ProcessorInput,
  ProcessorLimits,
  ProcessorResult,
} from "@quartet/processors/types";
export { isProcessorError, ProcessorError } from "@quartet/processors/types";
export { zipFiles } from "@quartet/processors/zip";
