import { describeSocialConfig } from "@quartet/core/inbox/inbound/social-env";
import { syncToolCatalog } from "@quartet/core/tools/catalog/tool-catalog";
import { createSmtpTransport } from "@quartet/integrations/mail/smtp-transport";
import { socialProviders } from "@quartet/integrations/social/registry";
import { createStorage, describeStorage } from "@quartet/integrations/storage/storage";
import { EnvError, parseWorkerEnv } from "./env.ts";
import { createLogger } from "./logger.ts";
import { startWorker } from "./worker.ts";

// Entry point: `pnpm --filter @quartet/worker start` (the root `pnpm start` runs it with the others).

let env: ReturnType<typeof parseWorkerEnv>;
try {
  env = parseWorkerEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const log = createLogger({ level: env.logLevel, json: env.production });
// A local install without QUARTET_ENCRYPTION_KEY: say which file holds the generated key.
if (env.encryptionKeyFromFile) log.info(env.encryptionKeySource);

// A dropped connection must not end the worker: pg-boss and Prisma reconnect on their next query.
process.on("unhandledRejection", (reason) =>
  log.error({ err: reason instanceof Error ? reason : String(reason) }, "unhandled rejection"),
);

const worker = await startWorker({
  databaseUrl: env.databaseUrl,
  log,
  concurrency: env.concurrency,
  batchSize: env.batchSize,
  ...(env.ops ? { ops: env.ops } : {}),
  storage: createStorage(env.storage),
  social: socialProviders(env.social),
  ...(env.smtp ? { transport: createSmtpTransport(env.smtp) } : {}),
  config: {
    webUrl: env.webUrl,
    adminUrl: env.adminUrl,
    encryptionKey: env.encryptionKey,
    previousEncryptionKeys: env.previousEncryptionKeys,
    mailFrom: env.mailFrom,
    inboundEmailDomain: env.inboundEmailDomain,
    production: env.production,
    allowPrivateWebhookTargets: env.allowPrivateWebhookTargets,
    indexNow: env.indexNow,
  },
}).catch((error: unknown) => {
  log.error({ err: error instanceof Error ? error : String(error) }, "worker failed to start");
  process.exit(1);
});

// The Tools catalogue is code: every deploy brings the rows up to date (idempotent upsert).
await syncToolCatalog(worker.db).catch((error: unknown) =>
  log.error({ err: error instanceof Error ? error : String(error) }, "tools catalogue sync failed"),
);

log.info(
  {
    transport: env.smtp ? `smtp ${env.smtp.host}:${env.smtp.port}` : "capture (CapturedMail table)",
    concurrency: env.concurrency,
    batchSize: env.batchSize,
    storage: describeStorage(env.storage),
    social: describeSocialConfig(env.social),
    ...(worker.opsPort ? { port: worker.opsPort } : {}),
  },
  `worker ready: queues ${worker.queues.join(", ")}`,
);

let signalled = false;
const shutdown = (signal: string) => {
  if (signalled) {
    log.warn(`${signal} again: exiting now`);
    process.exit(1);
  }
  signalled = true;
  log.info(`${signal} received`);
  worker.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error instanceof Error ? error : String(error) }, "error while stopping");
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
