import { parsePreviousKeys } from "@quartet/auth/crypto";
import {
  describeEncryptionKey,
  type EncryptionKeyResolution,
  resolveEncryptionKey,
} from "@quartet/core/identity/encryption-key";
import { parseSocialEnv } from "@quartet/core/inbox/inbound/social-env";
import { parseStorageEnv } from "@quartet/integrations/storage/storage";
import { z } from "zod";
import { parseOAuthEnv } from "./oauth-env.ts";

/** Env shared by the web and admin servers. Parsed once at boot; a bad value stops the process. */
export const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  HOST: z.string().default("127.0.0.1"),
  WEB_PORT: z.coerce.number().int().positive().default(3000),
  ADMIN_PORT: z.coerce.number().int().positive().default(3001),
  WEB_URL: z.url().optional(),
  ADMIN_URL: z.url().optional(),
  QUARTET_ENCRYPTION_KEY: z
    .string()
    .min(32, "QUARTET_ENCRYPTION_KEY must be at least 32 characters")
    .optional(),
  /** Where a local install keeps its generated encryption key (default `<repo>/.data/secrets.json`). */
  QUARTET_SECRETS_FILE: z.string().optional(),
  /**
   * Keys QUARTET_ENCRYPTION_KEY replaced (comma- or space-separated, newest first): they still
   * decrypt until the `security.reencrypt-secrets` job has moved every secret to the new key.
   */
  QUARTET_ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  MAIL_FROM: z.string().default("Quartet <no-reply@quartet.local>"),
  /** Workspace inbound addresses are `<slug>@<this domain>` (also the domain of desk Message-IDs). */
  INBOUND_EMAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, "INBOUND_EMAIL_DOMAIN must be a domain, e.g. inbound.example.com")
    .default("inbound.quartet.local"),
  /** Shared secret of the inbound mail relay (HMAC of posted mail); required in production. */
  INBOUND_EMAIL_SECRET: z.string().min(32, "INBOUND_EMAIL_SECRET must be at least 32 characters").optional(),
  /** Signing secret of the mail provider's delivery webhooks ("whsec_…"); the endpoint is off without it. */
  MAIL_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, "MAIL_WEBHOOK_SECRET must be a whsec_… secret")
    .optional(),
  /** IndexNow key served at /<key>.txt (default: derived from the encryption key, as the worker does). */
  INDEXNOW_KEY: z
    .string()
    .regex(/^[A-Za-z0-9-]{8,128}$/, "INDEXNOW_KEY must be 8-128 letters, digits or dashes")
    .optional(),
  /** Stripe secret key: set, payments go through Stripe; unset, the offline checkout is used. */
  STRIPE_SECRET_KEY: z.string().min(8).optional(),
  /** Signing secret of the Stripe webhook endpoint (POST /hooks/stripe), "whsec_…". */
  STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** Another Stripe API origin (a local fake in tests), e.g. http://127.0.0.1:12111. */
  STRIPE_API_BASE: z.url().optional(),
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** A port of its own for GET /metrics (Prometheus), on HOST; unset: none. */
  METRICS_PORT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  /** Bearer token for /metrics: set, the app's own port serves /metrics too (to this token only). */
  METRICS_TOKEN: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  ),
  /** Where people read the metrics (a Grafana or Prometheus URL), linked from the admin System page. */
  METRICS_DASHBOARD_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  /** Automation webhooks may call private/loopback addresses (off by default: SSRF guard). */
  AUTOMATION_ALLOW_PRIVATE_WEBHOOKS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export type LoadedServerEnv = Exclude<ReturnType<typeof parseServerEnv>, { ok: false }>["env"];

/**
 * Validates the env and resolves the encryption key (explicit, or the local install's generated one;
 * required in production). Returns every problem, one line per variable.
 */
export function parseServerEnv(source: Record<string, string | undefined>) {
  const parsed = serverEnvSchema.safeParse(source);
  if (!parsed.success) {
    return {
      ok: false as const,
      problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    };
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  const problems: string[] = [];
  const key: EncryptionKeyResolution = resolveEncryptionKey({
    explicit: env.QUARTET_ENCRYPTION_KEY,
    production,
    secretsFile: env.QUARTET_SECRETS_FILE,
  });
  if (!key.ok) problems.push(key.problem);
  const previousKeys = previousEncryptionKeys(env.QUARTET_ENCRYPTION_KEYS_PREVIOUS);
  if (!previousKeys.ok) problems.push(previousKeys.problem);
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET)
    problems.push("STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (webhooks are verified)");
  const storage = parseStorageEnv(source);
  if (!storage.ok) problems.push(...storage.problems);
  const oauth = parseOAuthEnv(source, production);
  if (!oauth.ok) problems.push(...oauth.problems);
  // Inbox channels: META_* and TIKTOK_* (none set: the sandbox and the chat widget only).
  const social = parseSocialEnv(source, production);
  if (!social.ok) problems.push(...social.problems);
  if (!key.ok || !storage.ok || !oauth.ok || !previousKeys.ok || !social.ok || problems.length)
    return { ok: false as const, problems };
  return {
    ok: true as const,
    env: {
      ...env,
      storage: storage.config,
      /** Sign-in providers (Google, GitHub, OIDC) and the admin console's OIDC switch. */
      oauth: oauth.config,
      /** Inbox channel providers' settings (Meta and TikTok apps, base URLs). */
      social: social.config,
      production,
      webUrl: env.WEB_URL ?? `http://localhost:${env.WEB_PORT}`,
      adminUrl: env.ADMIN_URL ?? `http://localhost:${env.ADMIN_PORT}`,
      encryptionKey: key.key,
      /** Older keys of the ring (decrypt only). */
      previousEncryptionKeys: previousKeys.keys,
      /** Where the key came from, for one line at boot (never the key). */
      encryptionKeySource: describeEncryptionKey(key),
      encryptionKeyGenerated: key.source === "file" && key.created,
      inboundEmailDomain: env.INBOUND_EMAIL_DOMAIN.toLowerCase(),
    },
  };
}

/** QUARTET_ENCRYPTION_KEYS_PREVIOUS as a list (the key ring's parser; problems name a position, never a key). */
export function previousEncryptionKeys(
  value: string | undefined,
): { ok: true; keys: string[] } | { ok: false; problem: string } {
  try {
    return { ok: true, keys: parsePreviousKeys(value) };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Parses env or exits with a list of what is wrong, one line per variable. */
export function loadServerEnv(source: NodeJS.ProcessEnv = process.env): LoadedServerEnv {
  const result = parseServerEnv(source);
  if (!result.ok) {
    console.error(`Invalid environment:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  return result.env;
}
