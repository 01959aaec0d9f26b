import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, useTestEnv } from "../testing/integration.ts";
import { getDeskReport } from "./report.service.ts";
import * as repo from "./report.repository.ts";

// TEMPORARY measurement (deleted after): report latency on a 200k-ticket workspace.
const { db, deps } = await useTestEnv();

describe("report perf", () => {
  it("measures", async () => {
    const { org, agent, admin } = await makeStaffedOrg(db);
    await db.organization.update({ where: { id: org.id }, data: { timezone: "Europe/Paris" } });
    const contact = await db.contact.create({ data: { organizationId: org.id, email: "perf@x.test" } });
    const N = 100_000; // 10% open/pending backlog would be more realistic; this seeds 30%
    const t0 = Date.now();
    await db.$executeRawUnsafe(`
      INSERT INTO tickets (id, organization_id, number, subject, description, contact_id, assignee_id, priority, status,
        first_response_at, resolved_at, sla_breached, created_at, updated_at, status_changed_at)
      SELECT gen_random_uuid(), '${org.id}', g, 'Subject ' || g, 'Body', '${contact.id}',
        CASE WHEN g % 2 = 0 THEN '${agent.id}'::uuid ELSE '${admin.id}'::uuid END,
        (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[1 + g % 4]::ticket_priority,
        CASE WHEN g % 10 < 7 THEN 'RESOLVED' WHEN g % 10 < 9 THEN 'OPEN' ELSE 'PENDING' END::ticket_status,
        c + interval '1 hour' * (g % 7),
        CASE WHEN g % 10 < 7 THEN c + interval '1 hour' * (g % 50) END,
        g % 13 = 0,
        c, c + interval '1 hour' * (g % 50), c
      FROM (SELECT g, now() - interval '400 days' * random() AS c FROM generate_series(1, ${N}) g) s`);
    await db.$executeRawUnsafe(`
      INSERT INTO ticket_messages (id, organization_id, ticket_id, author_user_id, message, created_at, updated_at)
      SELECT gen_random_uuid(), organization_id, id, assignee_id, 'reply', first_response_at, first_response_at
      FROM tickets WHERE organization_id = '${org.id}'`);
    await db.$executeRawUnsafe("ANALYZE");
    console.log(`seeded ${N} tickets + messages in ${Date.now() - t0} ms`);
    const today = new Date().toISOString().slice(0, 10);
    const back = (d: number) => new Date(Date.now() - (d - 1) * 86_400_000).toISOString().slice(0, 10);
    for (const days of [7, 90]) {
      const q = { orgId: org.id, from: back(days), to: today, timezone: "Europe/Paris", teamId: null };
      for (const [name, fn] of Object.entries({
        series: repo.seriesWithTotal, backlog: repo.backlog, csat: repo.csatDistribution, agents: repo.agentRows,
      })) {
        await (fn as (d: unknown, q: unknown) => Promise<unknown>)(db, q);
        const s = performance.now();
        await (fn as (d: unknown, q: unknown) => Promise<unknown>)(db, q);
        console.log(`${days}d ${name}: ${(performance.now() - s).toFixed(0)} ms`);
      }
    }
    for (const days of [7, 30, 90, 366]) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const st = performance.now();
        await getDeskReport(deps, actor(agent), { orgId: org.id, from: back(days), to: today });
        times.push(performance.now() - st);
      }
      times.sort((a, b) => a - b);
      console.log(`full report ${days} days: median ${times[2]?.toFixed(0)} ms, max ${times[4]?.toFixed(0)} ms`);
    }
  }, 600_000);
});
