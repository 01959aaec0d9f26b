import { expectedMigrations } from "@quartet/db/migration-state";
import { makeUser } from "@quartet/db/testing/factories";
import { setMetricsExposure } from "@quartet/observability/metrics";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../../testing/integration.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { systemOverview } from "./system.service.ts";

const { db, boss } = await useTestEnv();
const root = await makeUser(db, { platformRole: "SUPERADMIN" });
const admin: AdminActor = { userId: root.id, email: root.email, ip: "198.51.100.7" };
const deps = { db, queueAdmin: boss };

describe("system page", () => {
  it("shows the versions and that every shipped migration is applied", async () => {
    const overview = await systemOverview(deps, admin);
    expect(overview.versions.node).toBe(process.version);
    expect(overview.versions.postgres).toMatch(/^\d+(\.\d+)?/);
    expect(overview.versions.app).toBeTruthy();
    const shipped = expectedMigrations();
    expect(overview.migrations).toMatchObject({
      expected: shipped.at(-1),
      applied: shipped.at(-1),
      appliedCount: shipped.length,
      pending: [],
      upToDate: true,
    });
  });

  it("names a migration the database is missing", async () => {
    const newest = expectedMigrations().at(-1)!;
    await db.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`,
      newest,
    );
    try {
      const { migrations } = await systemOverview(deps, admin);
      expect(migrations.upToDate).toBe(false);
      expect(migrations.pending).toEqual([newest]);
    } finally {
      await db.$executeRawUnsafe(
        `UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = $1`,
        newest,
      );
    }
  });

  it("reports each queue's depth, oldest waiting job and failures of the last 24 hours", async () => {
    // A queue of our own that fails for good at once: one failed job, one waiting.
    const Q = "test.system";
    await boss.createQueue(Q, { retryLimit: 0 });
    const failedId = await boss.send(Q, { n: 1 });
    const [job] = await boss.fetch(Q);
    expect(job?.id).toBe(failedId);
    await boss.fail(Q, failedId as string, { message: "relay refused" });
    await boss.send(Q, { n: 2 });
    await db.$executeRawUnsafe(
      `UPDATE pgboss.job SET created_on = now() - interval '90 seconds' WHERE name = $1 AND state = 'created'`,
      Q,
    );

    const { queues } = await systemOverview(deps, admin);
    const q = queues.find((x) => x.name === Q);
    expect(q).toMatchObject({ queued: 1, active: 0, failed24h: 1 });
    expect(q!.oldestAgeSeconds).toBeGreaterThanOrEqual(89);
    // An idle defined queue is listed with zeros; a dead-letter queue names its source.
    expect(queues.find((x) => x.name === "maintenance.cleanup")).toMatchObject({ queued: 0, failed24h: 0 });
    expect(queues.find((x) => x.name === "email.send.dead")?.deadLetterFor).toBe("email.send");
  });

  it("shows the last run of each scheduled job, and none for a job that never ran", async () => {
    const Q = "maintenance.cleanup";
    await boss.createQueue(Q);
    const id = await boss.send(Q, {});
    const [job] = await boss.fetch(Q);
    expect(job?.id).toBe(id);
    await boss.complete(Q, id as string);

    const { cron } = await systemOverview(deps, admin);
    const cleanup = cron.find((c) => c.name === Q);
    expect(cleanup).toMatchObject({ cron: "*/15 * * * *", lastRun: { state: "completed" } });
    expect(cleanup!.lastRun!.finishedAt).toBeInstanceOf(Date);
    expect(cron.find((c) => c.name === "desk.metrics-daily")?.lastRun).toBeNull();
  });

  it("says where the metrics are", async () => {
    setMetricsExposure({ port: 9464, token: false, dashboardUrl: "https://grafana.example.test/d/quartet" });
    const { metrics } = await systemOverview(deps, admin);
    expect(metrics).toEqual({
      port: 9464,
      token: false,
      dashboardUrl: "https://grafana.example.test/d/quartet",
    });
  });
});
