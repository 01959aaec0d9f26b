import { randomUUID } from "node:crypto";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../testing/integration.ts";
import { beat, leave, listOthers, sweepStalePresence } from "./presence.service.ts";

// The resource-agnostic presence store (Desk tickets use it through ticket-presence.service.ts,
// Inbox conversations will too). Authorization is the caller's job; this checks the store itself.

const { db, deps } = await useTestEnv();

async function twoPeople() {
  const a = await makeUser(db, { name: "Ada" });
  const b = await makeUser(db, { name: "Bo" });
  const org = await makeOrg(db, a, { members: [{ userId: b.id, role: "AGENT" }] });
  const resourceId = randomUUID();
  const key = (userId: string) => ({ orgId: org.id, kind: "DESK_TICKET" as const, resourceId, userId });
  return { a, b, org, resourceId, key };
}

describe("presence store", () => {
  it("keeps resources apart: a heartbeat on one is not seen on another", async () => {
    const { a, b, key } = await twoPeople();
    await beat(deps, key(a.id), "VIEWING");
    const elsewhere = { ...key(b.id), resourceId: randomUUID() };
    expect(await beat(deps, elsewhere, "VIEWING")).toEqual([]);
    expect((await beat(deps, key(b.id), "TYPING")).map((p) => p.userId)).toEqual([a.id]);
    expect((await listOthers(deps, key(a.id))).map((p) => [p.name, p.state])).toEqual([["Bo", "TYPING"]]);
    await leave(deps, key(b.id));
    expect(await listOthers(deps, key(a.id))).toEqual([]);
  });

  it("the sweep deletes rows no heartbeat refreshed for five minutes, and only those", async () => {
    const { a, b, key } = await twoPeople();
    await beat(deps, key(a.id), "VIEWING");
    deps.clock.advance(4 * 60_000);
    await beat(deps, key(b.id), "VIEWING");
    deps.clock.advance(61_000); // a: 5 min 1 s old; b: 61 s old
    const before = await db.presence.count();
    expect(await sweepStalePresence(deps)).toBeGreaterThanOrEqual(1);
    const left = await db.presence.findMany({ where: { resourceId: key(a.id).resourceId } });
    expect(left.map((r) => r.userId)).toEqual([b.id]);
    expect(await db.presence.count()).toBeLessThan(before);
    expect(await sweepStalePresence(deps)).toBe(0);
  });

  it("lives in an UNLOGGED table: heartbeats write no WAL", async () => {
    const rows = await db.$queryRaw<{ relpersistence: string }[]>`
      SELECT relpersistence::text FROM pg_class WHERE relname = 'presences'`;
    expect(rows).toEqual([{ relpersistence: "u" }]);
  });
});
