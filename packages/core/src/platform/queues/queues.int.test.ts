import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../../testing/integration.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { listQueueJobs, listQueues, redriveAll, retryJob } from "./queues.service.ts";

const { db, boss } = await useTestEnv();
const root = await makeUser(db, { platformRole: "SUPERADMIN" });
const admin: AdminActor = { userId: root.id, email: root.email, ip: "198.51.100.7" };
const qdeps = { db, queueAdmin: boss };

// A queue of our own with a dead-letter queue, failed by hand the way the worker fails jobs.
const Q = "test.flaky";
const DLQ = "test.flaky.dead";
await boss.createQueue(DLQ);
await boss.createQueue(Q, { retryLimit: 0, deadLetter: DLQ });

async function failOne(data: object) {
  const id = await boss.send(Q, data);
  const [job] = await boss.fetch(Q);
  expect(job?.id).toBe(id);
  await boss.fail(Q, id as string, { message: `boom ${JSON.stringify(data)}` });
  return id as string;
}

describe("queues page", () => {
  it("counts by state, lists failed and dead-lettered jobs with their error, retries one, redrives all", async () => {
    const a = await failOne({ n: 1 });
    await failOne({ n: 2 });

    const queues = await listQueues(qdeps, admin);
    const q = queues.find((x) => x.name === Q);
    expect(q).toMatchObject({ failed: 2, deadLetter: DLQ });
    expect(queues.find((x) => x.name === DLQ)?.queued).toBe(2);
    // The cron schedule comes with the definitions (maintenance.cleanup runs every 15 minutes).
    expect(queues.find((x) => x.name === "maintenance.cleanup")?.cron).toBe("*/15 * * * *");
    expect(queues.some((x) => x.name.startsWith("__pgboss"))).toBe(false);

    const failed = await listQueueJobs(qdeps, admin, { queue: Q, kind: "failed" });
    expect(failed).toHaveLength(2);
    expect(failed.map((j) => j.error).sort()).toEqual(['boom {"n":1}', 'boom {"n":2}']);
    const dead = await listQueueJobs(qdeps, admin, { queue: DLQ, kind: "dead" });
    expect(dead.map((j) => [j.sourceQueue, j.error]).sort()).toEqual([
      [Q, 'boom {"n":1}'],
      [Q, 'boom {"n":2}'],
    ]);

    // Retry one failed job: back in its queue, ready to run.
    expect(await retryJob(qdeps, admin, { queue: Q, jobId: a })).toEqual({ retried: 1 });
    const [again] = await boss.fetch(Q);
    expect(again?.id).toBe(a);
    await boss.complete(Q, a);

    // Redrive the dead-letter queue: both copies go back to the source queue.
    expect(await redriveAll(qdeps, admin, { queue: DLQ })).toEqual({ moved: 2 });
    expect(await listQueueJobs(qdeps, admin, { queue: DLQ, kind: "dead" })).toHaveLength(0);
    const back = await boss.fetch(Q, { batchSize: 10 });
    expect(back.map((j) => (j.data as { n: number }).n).sort()).toEqual([1, 2]);

    expect(await db.adminAuditLog.count({ where: { entityType: "queue" } })).toBe(2);
  });
});
