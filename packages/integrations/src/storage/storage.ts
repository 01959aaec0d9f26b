import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { FileStorage } from "./file-storage.ts";
import { createLocalStorage } from "./local-storage.ts";
import { createS3Storage, type S3StorageConfig } from "./s3-storage.ts";

export type StorageConfig = { driver: "local"; dir: string } | ({ driver: "s3" } & S3StorageConfig);

/**
 * Default directory: `<repo>/.data/files` as an absolute path, so the web server and the worker
 * (started from different directories) read and write the same files in development.
 */
export const DEFAULT_STORAGE_DIR = fileURLToPath(new URL("../../../../.data/files", import.meta.url));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/** The storage part of a process's env (web server and worker share it). */
export const storageEnvSchema = z.object({
  STORAGE_DRIVER: z.enum(["local", "s3"], { message: "STORAGE_DRIVER must be local or s3" }).default("local"),
  STORAGE_DIR: z.string().min(1).default(DEFAULT_STORAGE_DIR),
  S3_ENDPOINT: z.url({ message: "S3_ENDPOINT must be a URL, e.g. http://localhost:9000" }).optional(),
  S3_BUCKET: optionalText,
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1")),
});

/**
 * Validates the storage env. Returns the config, or the list of problems (one line per variable)
 * so each process reports them its own way.
 */
export function parseStorageEnv(
  source: Record<string, string | undefined>,
): { ok: true; config: StorageConfig } | { ok: false; problems: string[] } {
  const parsed = storageEnvSchema.safeParse(source);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const env = parsed.data;
  if (env.STORAGE_DRIVER === "local") return { ok: true, config: { driver: "local", dir: env.STORAGE_DIR } };
  const problems: string[] = [];
  if (!env.S3_BUCKET) problems.push("S3_BUCKET: required when STORAGE_DRIVER=s3");
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY))
    problems.push("S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both or neither");
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      driver: "s3",
      bucket: env.S3_BUCKET as string,
      region: env.S3_REGION,
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
      ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
      ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
      ...(env.S3_FORCE_PATH_STYLE !== undefined ? { forcePathStyle: env.S3_FORCE_PATH_STYLE } : {}),
    },
  };
}

/** The storage a process uses, chosen by `STORAGE_DRIVER`. */
export function createStorage(config: StorageConfig): FileStorage {
  if (config.driver === "local") return createLocalStorage(config.dir);
  const { driver: _driver, ...s3 } = config;
  return createS3Storage(s3);
}

/** A one-line description for boot logs (no secrets). */
export function describeStorage(config: StorageConfig): string {
  return config.driver === "local"
    ? `local ${config.dir}`
    : `s3 ${config.endpoint ?? "aws"} bucket ${config.bucket}`;
}
