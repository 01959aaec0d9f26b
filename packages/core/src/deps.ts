import type { Db } from "@quartet/db/client";
import type { MemberRole } from "@quartet/db/enums";
import type { BillingProvider } from "@quartet/integrations/billing/billing-provider";
import type { OAuthProviderClient, OAuthProviderId } from "@quartet/integrations/identity/oauth-providers";
import type { SocialProviders } from "@quartet/integrations/social/registry";
import type { FileStorage } from "@quartet/integrations/storage/file-storage";
import type { JobSender } from "@quartet/jobs/queue";
import type { QueueAdmin } from "@quartet/jobs/queue-admin";
import type { AppEvents } from "./app-events.ts";
import type { RuntimeSettings } from "./platform/settings/runtime-settings.ts";
import type { RealtimeHub } from "./realtime/realtime-hub.ts";

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  /** Per-item detail (one line per job); off unless LOG_LEVEL=debug. Optional for simple loggers. */
  debug?(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface AppConfig {
  /** Public origin of the customer app, e.g. http://localhost:3000 (links in mail point here). */
  webUrl: string;
  /** Public origin of the admin console. */
  adminUrl: string;
  /** 32+ byte secret for encrypting TOTP secrets and provider tokens at rest (the newest key). */
  encryptionKey: string;
  /**
   * Keys used before a rotation (QUARTET_ENCRYPTION_KEYS_PREVIOUS), newest first: they still
   * decrypt until `security.reencrypt-secrets` has moved every stored secret to `encryptionKey`.
   */
  previousEncryptionKeys?: readonly string[];
  /** Sender of outgoing mail, e.g. "Quartet <no-reply@quartet.local>". */
  mailFrom: string;
  /** Domain of workspace inbound addresses (`<slug>@<domain>`) and of our Message-IDs. */
  inboundEmailDomain: string;
  production: boolean;
  /**
   * Let automation webhooks call loopback/private addresses (and plain http). Off in production:
   * the SSRF guard refuses them; tests and self-hosted intranets turn it on.
   */
  allowPrivateWebhookTargets: boolean;
  /**
   * IndexNow (search engines told when help-center articles change): the endpoint to POST to and
   * the key served at `/<key>.txt`. Absent or null: submissions are recorded as skipped.
   * `allowPrivate` lets tests reach a local fake through the SSRF-safe fetcher.
   */
  indexNow?: { endpoint: string; key: string; allowPrivate?: boolean } | null;
}

/** What every service function receives first: `(deps, actor, input)`. */
export interface Deps {
  db: Db;
  boss: JobSender;
  clock: Clock;
  log: Logger;
  config: AppConfig;
  /** Uploaded files (desk attachments): a directory or an S3 bucket. */
  storage: FileStorage;
  /** Domain event buses with this process's reactions subscribed (`createAppEvents`). */
  events: AppEvents;
  /**
   * Runtime config and feature flags, cached and refreshed by LISTEN/NOTIFY (`settingsOf(deps)`
   * falls back to a per-database view when a process built none).
   */
  settings?: RuntimeSettings;
  /**
   * This process's live-update fan-out (web servers: `createRealtimeHub` + `listenForRealtime`);
   * absent where nothing streams to browsers (worker, scripts). Publishing never needs it.
   */
  realtime?: RealtimeHub;
  /** pg-boss' queue inspection and redrive (the admin console's Queues page). */
  queueAdmin?: QueueAdmin;
  /** Payments provider (Stripe when a key is configured); absent: the offline checkout. */
  billing?: BillingProvider;
  /** Sign-in with Google / GitHub / OpenID Connect: the configured providers (absent: none). */
  oauth?: OAuthSetup;
  /**
   * Social channel providers (WhatsApp, Messenger, Instagram, TikTok, the local widget and
   * sandbox) and the Meta / TikTok connect clients, built once per process from the env.
   */
  social?: SocialProviders;
}

export interface OAuthSetup {
  providers: ReadonlyMap<OAuthProviderId, OAuthProviderClient>;
  /** The admin console may sign platform admins in through the OIDC provider (ADMIN_OIDC_ALLOWED=1). */
  adminOidcAllowed: boolean;
}

/** Who is calling, as far as the request tells. */
export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export interface UserActor extends RequestMeta {
  userId: string;
  sessionId: string;
  /**
   * The caller's active membership in the request's workspace, when the API already checked it
   * (orgProcedure): `requireMembership` then uses it instead of querying again. Only ever set by
   * server code from the database; absent for jobs, the ops CLI and other callers, which query.
   */
  membership?: VerifiedMembership;
}

/** An active membership in a live workspace, looked up in this request. */
export interface VerifiedMembership {
  orgId: string;
  userId: string;
  id: string;
  role: MemberRole;
}
