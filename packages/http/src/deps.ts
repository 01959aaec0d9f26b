import { createAppEvents } from "@quartet/core/app-events";
import { type Deps, systemClock } from "@quartet/core/deps";
import {
  createRuntimeSettings,
  listenForSettingChanges,
} from "@quartet/core/platform/settings/runtime-settings";
import { createRealtimeHub, listenForRealtime } from "@quartet/core/realtime/realtime-hub";
import { createDb } from "@quartet/db/client";
import { createStripeProvider } from "@quartet/integrations/billing/stripe-provider";
import { socialProviders } from "@quartet/integrations/social/registry";
import { createStorage } from "@quartet/integrations/storage/storage";
import { allJobs } from "@quartet/jobs/definitions";
import { createBoss, ensureQueues } from "@quartet/jobs/queue";
import type { FastifyBaseLogger } from "fastify";
import type { loadServerEnv } from "./env.ts";
import { createOAuthSetup } from "./oauth-env.ts";

/** Builds the service dependencies of a server process: one Prisma pool, one pg-boss sender. */
export async function createServerDeps(env: ReturnType<typeof loadServerEnv>, log: FastifyBaseLogger) {
  const db = createDb(env.DATABASE_URL);
  // The servers only enqueue: no maintenance or cron here, the worker does that.
  const boss = createBoss(env.DATABASE_URL, { max: 2, senderOnly: true });
  boss.on("error", (error: unknown) => log.error({ err: error }, "pg-boss error"));
  await boss.start();
  // Queues exist before the first send even if the worker hasn't booted yet (idempotent).
  await ensureQueues(boss, allJobs);
  // Runtime config and flags: cached here, refreshed within moments of any process's change by
  // one LISTEN connection (pg-boss' listener, which reconnects on its own).
  const settings = createRuntimeSettings(db);
  const settingsListener = await listenForSettingChanges(settings, boss.getDb(), log);
  // Live updates: this process's subscribers hear every workspace event within moments of its
  // commit on any process, through one more LISTEN connection on pg-boss' listener.
  const realtime = createRealtimeHub({ db, log });
  const realtimeListener = await listenForRealtime(realtime, boss.getDb(), log);
  const deps: Deps = {
    db,
    boss,
    clock: systemClock,
    log,
    config: {
      webUrl: env.webUrl,
      adminUrl: env.adminUrl,
      encryptionKey: env.encryptionKey,
      previousEncryptionKeys: env.previousEncryptionKeys,
      mailFrom: env.MAIL_FROM,
      inboundEmailDomain: env.inboundEmailDomain,
      production: env.production,
      allowPrivateWebhookTargets: env.AUTOMATION_ALLOW_PRIVATE_WEBHOOKS,
    },
    storage: createStorage(env.storage),
    events: createAppEvents(),
    settings,
    realtime,
    queueAdmin: boss,
    oauth: createOAuthSetup(env.oauth),
    // Inbox channels: Meta / TikTok when their apps are configured, the sandbox and widget always.
    social: socialProviders(env.social),
    // Stripe when a key is set; otherwise billing uses the offline checkout page.
    billing: env.STRIPE_SECRET_KEY ? createStripeProvider(stripeConfig(env)) : undefined,
  };
  const close = async () => {
    await settingsListener.close();
    await realtimeListener.close();
    await boss.stop({ graceful: true, timeout: 5000 });
    await db.$disconnect();
  };
  return { deps, close };
}

/** The Stripe SDK's settings from env (STRIPE_API_BASE points it at another host, e.g. a fake). */
function stripeConfig(env: ReturnType<typeof loadServerEnv>) {
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  return {
    secretKey: env.STRIPE_SECRET_KEY ?? "",
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
    ...(base
      ? {
          api: {
            host: base.hostname,
            port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
            protocol: base.protocol === "https:" ? ("https" as const) : ("http" as const),
          },
        }
      : {}),
  };
}
