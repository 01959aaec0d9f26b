import { randomUUID } from "node:crypto";
import {
  campaignProgress,
  createCampaign,
  sendCampaignNow,
} from "@quartet/core/platform/campaigns/campaign.service";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import {
  campaignSendBatchJob,
  campaignStartJob,
  campaignSyncJob,
  emailSendJob,
} from "@quartet/jobs/definitions";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, startSender, testConfig, waitFor } from "./test-helpers.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

let t: TestDatabase;
let worker: RunningWorker;
let sender: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorker({
    databaseUrl: t.url,
    config: testConfig,
    log: memoryLogger(),
    pollingIntervalSeconds: 0.5,
    schedule: false,
    jobs: [emailSendJob, campaignStartJob, campaignSendBatchJob, campaignSyncJob],
  });
  sender = await startSender(t.url);
});
afterAll(async () => {
  await sender?.stop({ graceful: false });
  await worker?.stop();
  await t?.drop();
});

describe("email campaign through the real queue", () => {
  it("expands 450 consenting people into batches, sends every mail with List-Unsubscribe, and the counts reach the total", async () => {
    const admin = await t.db.user.create({
      data: { email: `admin-${randomUUID()}@example.test`, platformRole: "SUPERADMIN" },
    });
    await t.db.user.createMany({
      data: Array.from({ length: 460 }, (_, i) => ({
        email: `p${i}@crowd.test`,
        locale: ["en", "fr", "ar"][i % 3] as string,
        marketingConsent: i < 450,
        // The segment's default is active accounts (a new User is PENDING until verified).
        status: "ACTIVE" as const,
        createdAt: new Date("2033-05-05T10:00:00Z"),
      })),
    });
    const deps = { db: t.db, boss: sender, clock: { now: () => new Date() }, config: testConfig };
    const actor = { userId: admin.id, email: admin.email, ip: "127.0.0.1" };
    const campaign = await createCampaign(deps, actor, {
      name: "Crowd",
      subject: "Hello crowd",
      content: "Body",
      segment: { signedUpFrom: "2033-05-05", signedUpTo: "2033-05-05" },
    });
    const started = Date.now();
    await sendCampaignNow(deps, actor, { id: campaign.id });
    const done = await waitFor(
      async () => {
        const p = await campaignProgress(deps, actor, { id: campaign.id });
        return p.status === "COMPLETED" ? p : null;
      },
      60_000,
      "campaign completed",
    );
    const seconds = (Date.now() - started) / 1000;
    expect(done).toMatchObject({ total: 450, sent: 450, failed: 0, skipped: 0, percent: 100 });
    // 450 recipients in batches of 200: three batch jobs.
    const batches = await t.db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'campaign.send-batch'`;
    expect(Number(batches[0]?.n)).toBe(3);
    const mails = await t.db.capturedMail.findMany({ where: { toAddress: { endsWith: "@crowd.test" } } });
    expect(mails).toHaveLength(450);
    const headers = mails[0]!.headers as Record<string, string>;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === "list-unsubscribe-post");
    expect(key && headers[key]).toBe("List-Unsubscribe=One-Click");
    console.log(`campaign of 450 sent in ${seconds.toFixed(1)} s`);
  }, 90_000);
});
