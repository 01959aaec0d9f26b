import { describeEncryptionKey, resolveEncryptionKey } from "@quartet/core/identity/encryption-key";
import { parseSocialEnv } from "@quartet/core/inbox/inbound/social-env";
import { indexNowKeyFrom } from "@quartet/core/platform/seo/indexnow";
import { parsePreviousKeys } from "@quartet/core/security/key-ring";
import { parseStorageEnv } from "@quartet/integrations/storage/storage";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/** The worker's environment. Parsed once at boot; nothing else reads process.env. */
export const workerEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string({ message: "DATABASE_URL is required (postgresql://user:pass@host:port/db)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  SMTP_HOST: optionalText,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: bool,
  SMTP_USER: optionalText,
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().min(3).default("Quartet <no-reply@quartet.local>"),
  /** Workspace inbound addresses are `<slug>@<this domain>` (also the domain of desk Message-IDs). */
  INBOUND_EMAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, "INBOUND_EMAIL_DOMAIN must be a domain, e.g. inbound.example.com")
    .default("inbound.quartet.local"),
  WEB_URL: z
    .url({ message: "WEB_URL must be a URL, e.g. http://localhost:3000" })
    .default("http://localhost:3000"),
  ADMIN_URL: z
    .url({ message: "ADMIN_URL must be a URL, e.g. http://localhost:3001" })
    .default("http://localhost:3001"),
  QUARTET_ENCRYPTION_KEY: z
    .string()
    .min(32, "QUARTET_ENCRYPTION_KEY must be at least 32 characters")
    .optional(),
  /** Where a local install keeps its generated encryption key (default `<repo>/.data/secrets.json`). */
  QUARTET_SECRETS_FILE: z.string().optional(),
  /** Keys QUARTET_ENCRYPTION_KEY replaced (comma- or space-separated, newest first): decrypt only. */
  QUARTET_ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  /** Fetch loops per queue; each runs up to WORKER_BATCH_SIZE jobs side by side. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  LOG_LEVEL: z.enum(["error", "warn", "info", "debug", "silent"]).default("info"),
  /** The worker's HTTP port (/healthz, /readyz, /metrics) on HOST; unset: none. */
  WORKER_PORT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  HOST: z.string().default("127.0.0.1"),
  /** Bearer token /metrics requires when set. */
  METRICS_TOKEN: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  ),
  /** Automation webhooks may call private/loopback addresses (off by default: SSRF guard). */
  AUTOMATION_ALLOW_PRIVATE_WEBHOOKS: bool,
  /** IndexNow endpoint (e.g. https://api.indexnow.org/indexnow); unset: submissions are recorded as skipped. */
  INDEXNOW_ENDPOINT: z.url({ message: "INDEXNOW_ENDPOINT must be a URL" }).optional(),
  /** IndexNow key (default: derived from the encryption key, as the web server serves it). */
  INDEXNOW_KEY: z
    .string()
    .regex(/^[A-Za-z0-9-]{8,128}$/, "INDEXNOW_KEY must be 8-128 letters, digits or dashes")
    .optional(),
  /** Let the IndexNow endpoint be a private/loopback address (a local fake). */
  INDEXNOW_ALLOW_PRIVATE: bool,
});

export type WorkerEnv = ReturnType<typeof parseWorkerEnv>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid worker environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates the env; throws an EnvError that lists every problem, one per line. */
export function parseWorkerEnv(source: Record<string, string | undefined>) {
  const parsed = workerEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  const problems: string[] = [];
  // The same resolution as the web and admin servers: explicit, or the local install's generated key.
  const key = resolveEncryptionKey({
    explicit: env.QUARTET_ENCRYPTION_KEY,
    production,
    secretsFile: env.QUARTET_SECRETS_FILE,
  });
  if (!key.ok) problems.push(key.problem);
  let previousEncryptionKeys: string[] = [];
  try {
    previousEncryptionKeys = parsePreviousKeys(env.QUARTET_ENCRYPTION_KEYS_PREVIOUS);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (env.SMTP_USER && env.SMTP_PASS === undefined)
    problems.push("SMTP_PASS: required when SMTP_USER is set");
  if (!env.SMTP_HOST && (env.SMTP_PORT || env.SMTP_USER))
    problems.push("SMTP_HOST: required when SMTP_PORT or SMTP_USER is set");
  const storage = parseStorageEnv(source);
  if (!storage.ok) problems.push(...storage.problems);
  // Inbox channels (normalising webhooks, fetching media, sending): the web server's META_* / TIKTOK_*.
  const social = parseSocialEnv(source, production);
  if (!social.ok) problems.push(...social.problems);
  if (problems.length || !storage.ok || !key.ok || !social.ok) throw new EnvError(problems);

  const smtpPort = env.SMTP_PORT ?? (env.SMTP_SECURE ? 465 : 587);
  return {
    nodeEnv: env.NODE_ENV,
    production,
    databaseUrl: env.DATABASE_URL,
    /** SMTP when a host is configured; otherwise mail is captured into the database. */
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: smtpPort,
          secure: env.SMTP_SECURE ?? smtpPort === 465,
          ...(env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? "" } : {}),
        }
      : null,
    mailFrom: env.MAIL_FROM,
    inboundEmailDomain: env.INBOUND_EMAIL_DOMAIN.toLowerCase(),
    webUrl: env.WEB_URL.replace(/\/+$/, ""),
    adminUrl: env.ADMIN_URL.replace(/\/+$/, ""),
    encryptionKey: key.key,
    /** Older keys of the ring (decrypt only, until the re-encryption job has run). */
    previousEncryptionKeys,
    /** Where the key came from, for one line at boot (never the key). */
    encryptionKeySource: describeEncryptionKey(key),
    encryptionKeyFromFile: key.source === "file",
    concurrency: env.WORKER_CONCURRENCY,
    batchSize: env.WORKER_BATCH_SIZE,
    logLevel: env.LOG_LEVEL,
    ops:
      env.WORKER_PORT === undefined
        ? undefined
        : { port: env.WORKER_PORT, host: env.HOST, metricsToken: env.METRICS_TOKEN },
    allowPrivateWebhookTargets: env.AUTOMATION_ALLOW_PRIVATE_WEBHOOKS ?? false,
    indexNow: env.INDEXNOW_ENDPOINT
      ? {
          endpoint: env.INDEXNOW_ENDPOINT,
          key: env.INDEXNOW_KEY ?? indexNowKeyFrom(key.key),
          allowPrivate: env.INDEXNOW_ALLOW_PRIVATE ?? false,
        }
      : null,
    storage: storage.config,
    social: social.config,
  };
}
