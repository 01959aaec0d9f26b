import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { capturedMailStore } from "@quartet/core/email/captured-mail.repository";
import { queueEmail } from "@quartet/core/email/email.queue";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { createCaptureTransport } from "@quartet/integrations/mail/capture-transport";
import type { MailTransport } from "@quartet/integrations/mail/mail-transport";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, startSender, testConfig, waitFor } from "./test-helpers.ts";
import { startWorker } from "./worker.ts";

let t: TestDatabase;
let sender: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  sender = await startSender(t.url);
});

afterAll(async () => {
  await sender?.stop({ graceful: false });
  await t?.drop();
});

describe("graceful shutdown", () => {
  it("stops fetching but lets the in-flight job finish before closing", async () => {
    let markStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    let finishedAt = 0;
    const worker = await startWorker({
      databaseUrl: t.url,
      config: testConfig,
      log: memoryLogger(),
      pollingIntervalSeconds: 0.5,
      schedule: false,
      // A slow SMTP server: the send takes 1.5 s.
      transport: (db): MailTransport => {
        const capture = createCaptureTransport({ store: capturedMailStore(db) });
        return {
          kind: "slow",
          send: async (m) => {
            markStarted();
            await new Promise((r) => setTimeout(r, 1500));
            const result = await capture.send(m);
            finishedAt = Date.now();
            return result;
          },
        };
      },
    });
    const id = await t.db.$transaction((tx) =>
      queueEmail(tx, sender, {
        type: "PASSWORD_CHANGED",
        to: "slow@example.test",
        locale: "en",
        data: { name: "S" },
      }),
    );
    await started;
    const stopAt = Date.now();
    await worker.stop();
    expect(finishedAt).toBeGreaterThan(stopAt); // the send was still running when stop() was called...
    // ...and stop() waited for it: the log is SENT and the job completed.
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");
    const [job] = await sender.findJobs("email.send", { data: { emailLogId: id } });
    expect(job?.state).toBe("completed");

    // Nothing fetches any more: a job sent after the stop stays queued.
    const later = await t.db.$transaction((tx) =>
      queueEmail(tx, sender, {
        type: "PASSWORD_CHANGED",
        to: "later@example.test",
        locale: "en",
        data: { name: "L" },
      }),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const [queued] = await sender.findJobs("email.send", { data: { emailLogId: later } });
    expect(queued?.state).toBe("created");
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: later } })).status).toBe("PENDING");
    await worker.stop(); // idempotent
  });

  it("the worker process logs readiness, exits 0 on SIGTERM, and fails fast on a bad env", async () => {
    const appDir = fileURLToPath(new URL("..", import.meta.url));
    const run = (env: Record<string, string>) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: appDir,
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "development", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      return { child, exited, output: () => output };
    };

    const bad = run({ WEB_URL: "nope" });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain("Invalid worker environment:");
    expect(bad.output()).toContain("DATABASE_URL: DATABASE_URL is required");
    expect(bad.output()).toContain("WEB_URL:");

    const good = run({ DATABASE_URL: t.url });
    try {
      await waitFor(
        async () => good.output().includes("worker ready"),
        30_000,
        `"worker ready" in:\n${good.output()}`,
      );
      expect(good.output()).toContain(
        "worker ready: queues email.send, email.send.dead, identity.password-reset, identity.sign-up, identity.verification-resend, maintenance.cleanup, desk.sla-check, desk.sla-recompute, desk.sla-recompute.dead, desk.automation, desk.automation.dead, desk.automation-scan, desk.auto-close, desk.metrics-daily",
      );
      good.child.kill("SIGTERM");
      expect(await good.exited).toBe(0);
      expect(good.output()).toContain("worker stopped");
    } finally {
      if (good.child.exitCode === null) good.child.kill("SIGKILL");
    }
  }, 180_000);
});
