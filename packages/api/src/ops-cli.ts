import { createPlatformAdmin, resetPasswordByOperator } from "@quartet/core/ops/ops.service";
import { startReencryptSecrets } from "@quartet/core/security/reencrypt-secrets.handler";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { securityReencryptSecretsJob } from "@quartet/jobs/definitions";
import { createBoss, ensureQueues } from "@quartet/jobs/queue";
import { z } from "zod";

// Operations CLI: `pnpm ops create-admin <email> <name> | reset-password <email> | seed |
// reencrypt-secrets` (the last queues the re-encryption after a key rotation; the worker runs it).
const usage =
  "usage: pnpm ops create-admin <email> <name> | reset-password <email> | seed | reencrypt-secrets";

const env = z
  .object({ DATABASE_URL: z.url({ message: "DATABASE_URL must be set to a postgresql:// URL" }) })
  .safeParse(process.env);
if (!env.success) {
  console.error(env.error.issues.map((i) => i.message).join("\n"));
  process.exit(1);
}
const [command, ...args] = process.argv.slice(2);
const db = createDb(env.data.DATABASE_URL, { max: 2 });
try {
  if (command === "create-admin" && args[0]) {
    const email = z.email().parse(args[0]);
    const result = await createPlatformAdmin(db, {
      email,
      name: args.slice(1).join(" ") || "Platform admin",
    });
    console.log(
      result.promoted
        ? `${email} is now a platform admin.`
        : `Created ${email} with password: ${result.password}`,
    );
  } else if (command === "reset-password" && args[0]) {
    const result = await resetPasswordByOperator(db, args[0]);
    console.log(`New password for ${result.email}: ${result.password} (all sessions ended)`);
  } else if (command === "reencrypt-secrets") {
    const boss = createBoss(env.data.DATABASE_URL, { max: 1, senderOnly: true });
    await boss.start();
    try {
      await ensureQueues(boss, [securityReencryptSecretsJob]);
      const { jobId } = await startReencryptSecrets(db, boss);
      console.log(`Queued security.reencrypt-secrets (job ${jobId}); the worker re-encrypts every secret.`);
    } finally {
      await boss.stop({ graceful: false });
    }
  } else if (command === "seed") {
    const { accounts } = await seedDemo(db);
    for (const a of accounts) console.log(`${a.label.padEnd(14)} ${a.email} / ${a.password}`);
  } else {
    console.error(usage);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
