import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../testing/integration.ts";
import { seedPublishDemo } from "./publish-demo.seed.ts";
import { publishJobs } from "./publish-test-fixtures.ts";
import { handlePublishPost, handlePublishRecover } from "./publisher/publish.handler.ts";

// The demo's Publish data: a sandbox channel and two scheduled posts, idempotent, and published by
// the recovery sweep + publisher once due (the seed has no queue to enqueue with).

const { db, deps } = await useTestEnv();

describe("publish demo seed", () => {
  it("writes one sandbox channel and two posts at 09:00 and 12:00 in the workspace's zone, once", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    await db.organization.update({ where: { id: org.id }, data: { timezone: "Europe/Paris" } });
    const now = new Date("2027-03-27T15:00:00Z");
    await seedPublishDemo(db, org.id, owner.id, now);
    await seedPublishDemo(db, org.id, owner.id, now);
    expect(await db.integration.count({ where: { organizationId: org.id } })).toBe(1);
    const posts = await db.post.findMany({
      where: { organizationId: org.id },
      orderBy: { publishDate: "asc" },
    });
    // Sunday the 28th 09:00 CEST (after the change) and Monday the 29th 12:00 CEST.
    expect(posts.map((p) => p.publishDate.toISOString())).toEqual([
      "2027-03-28T07:00:00.000Z",
      "2027-03-29T10:00:00.000Z",
    ]);
    const pubs = await db.postPublication.findMany({
      where: { organizationId: org.id },
      orderBy: { scheduledAt: "asc" },
    });
    expect(pubs.map((p) => p.state)).toEqual(["PENDING", "PENDING"]);

    // A minute after the first is due, the sweep enqueues it and the publisher posts it.
    deps.clock.set("2027-03-28T07:01:30Z");
    await handlePublishRecover(deps);
    const first = pubs[0] as (typeof pubs)[number];
    expect(await publishJobs(db, first.id)).toHaveLength(1);
    expect(await publishJobs(db, (pubs[1] as (typeof pubs)[number]).id)).toHaveLength(0);
    expect(
      (await handlePublishPost(deps, { publicationId: first.id }, { id: "j", retryCount: 0 })).outcome,
    ).toBe("published");
    expect(await db.sandboxPost.count({ where: { organizationId: org.id } })).toBe(1);
  });
});
