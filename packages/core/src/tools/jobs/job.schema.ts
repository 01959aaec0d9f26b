import { z } from "zod";

// Inputs of the Tools job procedures (toolsJobs.*) and the DTOs they answer with.

const slug = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9-]+$/, "Unknown tool.");
const locale = z.string().trim().min(2).max(35).optional();

export const createJobInput = z.object({
  slug,
  fileIds: z.array(z.uuid()).max(100, "Use at most 100 files at a time.").default([]),
  /** The tool's options, validated against the processor's own schema. */
  options: z.unknown().optional(),
  notifyEmail: z.email("Give a valid email address.").max(255).optional(),
  locale,
});
export type CreateJobInput = z.input<typeof createJobInput>;

export const createBatchInput = z.object({
  slug,
  fileIds: z.array(z.uuid()).min(1, "Add at least one file.").max(100, "Use at most 100 files at a time."),
  options: z.unknown().optional(),
  locale,
});
export type CreateBatchInput = z.input<typeof createBatchInput>;

export const jobIdInput = z.object({ id: z.uuid() });
export const batchIdInput = z.object({ id: z.uuid() });
export const listJobsInput = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(50).default(20),
  locale,
});
export type ListJobsInput = z.input<typeof listJobsInput>;

export type JobStatusDto = "QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED" | "CANCELLED";
export type BatchStatusDto = "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED" | "PARTIAL";

export interface FileDto {
  id: string;
  name: string;
  mime: string;
  size: number;
  pages?: number;
  width?: number;
  height?: number;
}

export interface JobDto {
  id: string;
  status: JobStatusDto;
  progress: number;
  tool: { slug: string; name: string };
  inputs: FileDto[];
  outputs: (FileDto & { downloadUrl: string })[];
  errorMessage: string | null;
  resultMessage: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  completedAt: string | null;
  expiresAt: string;
  batchId: string | null;
}

export interface BatchDto {
  id: string;
  status: BatchStatusDto;
  totalJobs: number;
  completedJobs: number;
  failedJobs: number;
  createdAt: string;
  expiresAt: string | null;
  /** Signed ZIP of every completed job's outputs (null until one completed). */
  zipUrl: string | null;
  jobs: JobDto[];
}
