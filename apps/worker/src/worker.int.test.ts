import { randomBytes, randomUUID } from "node:crypto";
import { capturedMailStore } from "@quartet/core/email/captured-mail.repository";
import { queueEmail } from "@quartet/core/email/email.queue";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { createCaptureTransport } from "@quartet/integrations/mail/capture-transport";
import type { MailTransport } from "@quartet/integrations/mail/mail-transport";
import { allJobs, deskSlaCheckJob, emailSendJob, maintenanceCleanupJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, startSender, testConfig, waitFor } from "./test-helpers.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

let t: TestDatabase;
let worker: RunningWorker;
/** Plays the web app: enqueues in its own transactions through its own pg-boss. */
let sender: PgBoss;
const log = memoryLogger();
const failedAttempts: number[] = [];

// Same job, tiny retry policy: 2 retries, no delay, then the dead-letter queue.
const RETRY_LIMIT = 2;
const fastEmailJob = {
  ...emailSendJob,
  queue: { ...emailSendJob.queue, retryLimit: RETRY_LIMIT, retryDelay: 0, retryBackoff: false },
};

beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorker({
    databaseUrl: t.url,
    config: testConfig,
    log,
    pollingIntervalSeconds: 0.5,
    jobs: [fastEmailJob, maintenanceCleanupJob, deskSlaCheckJob],
    // Mail to @unreachable.test fails like a refused SMTP connection; the rest is captured.
    transport: (db): MailTransport => {
      const capture = createCaptureTransport({ store: capturedMailStore(db) });
      return {
        kind: "test",
        send: async (m) => {
          if (m.to.endsWith("@unreachable.test")) {
            failedAttempts.push(Date.now());
            throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ESOCKET" });
          }
          return capture.send(m);
        },
      };
    },
  });
  sender = await startSender(t.url);
});

afterAll(async () => {
  await sender?.stop({ graceful: false });
  await worker?.stop();
  await t?.drop();
});

describe("worker", () => {
  it("creates every queue with its retry policy and dead letter, and schedules cron jobs", async () => {
    expect(worker.queues).toEqual(["email.send", "email.send.dead", "maintenance.cleanup", "desk.sla-check"]);
    const queue = await sender.getQueue("email.send");
    expect(queue).toMatchObject({ retryLimit: RETRY_LIMIT, deadLetter: "email.send.dead" });
    expect(await sender.getQueue("email.send.dead")).not.toBeNull();
    const schedules = await sender.getSchedules("maintenance.cleanup");
    expect(schedules.map((s) => s.cron)).toEqual([maintenanceCleanupJob.cron]);
    expect((await sender.getSchedules("desk.sla-check")).map((s) => s.cron)).toEqual([deskSlaCheckJob.cron]);
    expect(allJobs.map((j) => j.name)).toEqual([
      "email.send",
      "identity.password-reset",
      "identity.sign-up",
      "identity.verification-resend",
      "maintenance.cleanup",
      "desk.sla-check",
      "desk.sla-recompute",
      "desk.automation",
      "desk.automation-scan",
      "desk.auto-close",
      "desk.metrics-daily",
      "desk.metrics-rebuild",
      "desk.new-ticket-notify",
      "desk.search-reindex",
      "campaign.start",
      "campaign.send-batch",
      "campaign.sync",
      "seo.indexnow-submit",
      "billing.lifecycle",
      "inbox.token-refresh",
      "security.reencrypt-secrets",
      "inbox.webhook-normalize",
      "inbox.media-fetch",
      "inbox.send-message",
      "inbox.read-receipt",
      "inbox.snooze-wake",
      "inbox.retention",
      "inbox.analytics-rollup",
      "realtime.prune",
      "tools.process",
      "tools.expire",
      "publish.post",
      "publish.recover",
      "publish.webhook-deliver",
    ]);
  });

  it("sends queued mail in each user's locale: French and Arabic land in CapturedMail", async () => {
    const zoe = await makeUser(t.db, { locale: "fr", name: "Zoé" });
    const layla = await makeUser(t.db, { locale: "ar", name: "ليلى" });
    const [frId, arId] = await t.db.$transaction(async (tx) => [
      await queueEmail(tx, sender, {
        type: "PASSWORD_RESET",
        to: zoe.email,
        toName: zoe.name,
        userId: zoe.id,
        locale: zoe.locale,
        data: { name: zoe.name, link: `${testConfig.webUrl}/reset-password?token=fr-token` },
      }),
      await queueEmail(tx, sender, {
        type: "WELCOME",
        to: layla.email,
        userId: layla.id,
        locale: layla.locale,
        data: { name: layla.name, link: testConfig.webUrl },
      }),
    ]);

    const fr = await waitFor(
      () => t.db.capturedMail.findUnique({ where: { emailLogId: frId } }),
      20_000,
      "French mail",
    );
    expect(fr.subject).toBe("Réinitialisez votre mot de passe Quartet");
    expect(fr.toAddress).toBe(zoe.email);
    expect(fr.html).toContain('lang="fr"');
    expect(fr.html).toContain('href="http://localhost:3000/reset-password?token=fr-token"');
    expect(fr.text).toContain("Bonjour Zoé,");

    const ar = await waitFor(
      () => t.db.capturedMail.findUnique({ where: { emailLogId: arId } }),
      20_000,
      "Arabic mail",
    );
    expect(ar.subject).toBe("مرحبًا بك في Quartet");
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');

    const logs = await t.db.emailLog.findMany({ where: { id: { in: [frId as string, arId as string] } } });
    expect(logs.map((l) => l.status)).toEqual(["SENT", "SENT"]);
    expect(logs.every((l) => l.sentAt && l.providerMessageId)).toBe(true);
  });

  it("retries a failing send, records each failure on the EmailLog, then dead-letters the job", async () => {
    const attemptsBefore = failedAttempts.length;
    const id = await t.db.$transaction((tx) =>
      queueEmail(tx, sender, {
        type: "PASSWORD_CHANGED",
        to: "nobody@unreachable.test",
        locale: "en",
        data: { name: "Nobody" },
      }),
    );

    // retryCount climbs with each attempt while the job retries.
    const seen = new Set<number>();
    const dead = await waitFor(
      async () => {
        const row = await t.db.emailLog.findUniqueOrThrow({ where: { id } });
        seen.add(row.retryCount);
        const jobs = await sender.findJobs<{ emailLogId: string }>("email.send.dead", {
          data: { emailLogId: id },
        });
        return jobs[0];
      },
      30_000,
      "the job in email.send.dead",
    );
    expect(dead.data).toEqual({ emailLogId: id });
    expect(failedAttempts.length - attemptsBefore).toBe(RETRY_LIMIT + 1);

    const row = await t.db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", errorCode: "ESOCKET", retryCount: RETRY_LIMIT + 1 });
    expect(row.errorMessage).toContain("ECONNREFUSED");
    expect([...seen].every((n) => n >= 0 && n <= RETRY_LIMIT + 1)).toBe(true);
    expect(seen.size).toBeGreaterThan(1); // observed at least one intermediate count

    const [original] = await sender.findJobs("email.send", { data: { emailLogId: id } });
    expect(original?.state).toBe("failed");
    expect(original?.retryCount).toBe(RETRY_LIMIT);
    expect(await t.db.capturedMail.count({ where: { emailLogId: id } })).toBe(0);
    expect(log.lines.some((l) => l.msg === "job failed for good")).toBe(true);
  });

  it("a failing mail in a batch does not hold back the others", async () => {
    const ids = await t.db.$transaction(async (tx) => {
      const out: string[] = [];
      for (const to of ["one@example.test", "bad@unreachable.test", "two@example.test"]) {
        out.push(
          await queueEmail(tx, sender, { type: "PASSWORD_CHANGED", to, locale: "en", data: { name: null } }),
        );
      }
      return out;
    });
    await waitFor(
      async () => (await t.db.capturedMail.count({ where: { emailLogId: { in: ids } } })) === 2,
      20_000,
      "two mails",
    );
    const statuses = await t.db.emailLog.findMany({
      where: { id: { in: ids } },
      select: { recipientEmail: true, status: true },
    });
    expect(Object.fromEntries(statuses.map((s) => [s.recipientEmail, s.status]))).toMatchObject({
      "one@example.test": "SENT",
      "two@example.test": "SENT",
    });
  });

  it("dead-letters a job whose payload is invalid without retrying it", async () => {
    const id = await sender.send("email.send", { emailLogId: "not-a-uuid" });
    const dead = await waitFor(
      async () => (await sender.findJobs("email.send.dead", { data: { emailLogId: "not-a-uuid" } }))[0],
      20_000,
      "invalid payload dead-lettered",
    );
    expect(dead).toBeDefined();
    const [original] = await sender.findJobs("email.send", { id: id as string });
    expect(original?.retryCount).toBe(0);
  });

  it("runs maintenance.cleanup: expired sessions go, live ones stay, stale presence rows go", async () => {
    const user = await makeUser(t.db);
    const hour = 3_600_000;
    const org = await makeOrg(t.db, user);
    const presence = (resourceId: string, lastSeenAt: Date) =>
      t.db.presence.create({
        data: {
          organizationId: org.id,
          resourceKind: "DESK_TICKET",
          resourceId,
          userId: user.id,
          lastSeenAt,
        },
      });
    const stalePresence = await presence(randomUUID(), new Date(Date.now() - hour));
    const livePresence = await presence(randomUUID(), new Date());
    const expired = await t.db.session.create({
      data: {
        id: randomBytes(32).toString("hex"),
        userId: user.id,
        expiresAt: new Date(Date.now() - hour),
        absoluteExpiresAt: new Date(Date.now() + hour),
      },
    });
    const live = await t.db.session.create({
      data: {
        id: randomBytes(32).toString("hex"),
        userId: user.id,
        expiresAt: new Date(Date.now() + hour),
        absoluteExpiresAt: new Date(Date.now() + hour),
      },
    });
    await enqueue(sender, t.db, maintenanceCleanupJob, {});
    await waitFor(
      async () => !(await t.db.session.findUnique({ where: { id: expired.id } })),
      20_000,
      "expired session deleted",
    );
    expect(await t.db.session.findUnique({ where: { id: live.id } })).not.toBeNull();
    await waitFor(
      async () => (await t.db.presence.count({ where: { resourceId: stalePresence.resourceId } })) === 0,
      20_000,
      "stale presence deleted",
    );
    expect(await t.db.presence.count({ where: { resourceId: livePresence.resourceId } })).toBe(1);
    await waitFor(async () => log.lines.some((l) => l.msg === "cleanup done"), 5_000, "cleanup log line");
  });
});
