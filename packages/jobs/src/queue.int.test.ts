import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allJobs, emailSendJob, identitySignUpJob } from "./definitions.ts";
import { createBoss, enqueue, ensureQueues } from "./queue.ts";

let t: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = createBoss(t.url, { max: 2 });
  boss.on("error", () => {});
  await boss.start();
  await ensureQueues(boss, allJobs);
});

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await t?.drop();
});

describe("queues", () => {
  it("creates each job's queue with its retry policy, and its dead-letter queue", async () => {
    const queue = await boss.getQueue("email.send");
    expect(queue).toMatchObject({
      retryLimit: emailSendJob.queue.retryLimit,
      retryDelay: emailSendJob.queue.retryDelay,
      retryBackoff: true,
      expireInSeconds: emailSendJob.queue.expireInSeconds,
      deadLetter: "email.send.dead",
    });
    expect(await boss.getQueue("email.send.dead")).not.toBeNull();
    expect(await boss.getQueue("maintenance.cleanup")).not.toBeNull();
    await ensureQueues(boss, allJobs); // idempotent at every boot
  });

  it("keeps finished sign-up jobs (they carry a password hash) one minute, others pg-boss' 7 days", async () => {
    expect(identitySignUpJob.queue.deleteAfterSeconds).toBe(60);
    expect(await boss.getQueue("identity.sign-up")).toMatchObject({ deleteAfterSeconds: 60 });
    expect(await boss.getQueue("email.send")).toMatchObject({ deleteAfterSeconds: 7 * 24 * 3600 });
    // A definition that drops the option brings its queue back to the default at the next boot.
    await ensureQueues(boss, [
      { ...identitySignUpJob, queue: { ...identitySignUpJob.queue, deleteAfterSeconds: undefined } },
    ]);
    expect(await boss.getQueue("identity.sign-up")).toMatchObject({ deleteAfterSeconds: 7 * 24 * 3600 });
    await ensureQueues(boss, allJobs);
    expect(await boss.getQueue("identity.sign-up")).toMatchObject({ deleteAfterSeconds: 60 });
  });

  it("enqueues inside the caller's transaction: committed jobs exist, rolled-back ones don't", async () => {
    const committed = "11111111-1111-4111-8111-111111111111";
    const rolledBack = "22222222-2222-4222-8222-222222222222";
    await t.db.$transaction((tx) => enqueue(boss, tx, emailSendJob, { emailLogId: committed }));
    await t.db
      .$transaction(async (tx) => {
        await enqueue(boss, tx, emailSendJob, { emailLogId: rolledBack });
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await boss.findJobs("email.send", { data: { emailLogId: committed } })).toHaveLength(1);
    expect(await boss.findJobs("email.send", { data: { emailLogId: rolledBack } })).toHaveLength(0);
  });

  it("validates the payload against the job's schema before sending", async () => {
    await expect(enqueue(boss, t.db, emailSendJob, { emailLogId: "nope" })).rejects.toThrow();
    expect(await boss.findJobs("email.send", { data: { emailLogId: "nope" } })).toHaveLength(0);
  });
});
