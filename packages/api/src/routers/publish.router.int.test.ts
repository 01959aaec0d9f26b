import { handlePublishPost } from "@quartet/core/publish/publisher/publish.handler";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// Publish through the API: an admin connects the sandbox, a member composes and schedules, the
// calendar lists it, the publisher posts it; a post X would refuse comes back field by field.

const { db, deps } = await useTestEnv();

describe("publish routers", () => {
  it("connect → compose → calendar → publish; per-platform refusals reach the client by field", async () => {
    // Sessions live on the real clock: schedule for tomorrow (UTC).
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const { org, admin, member } = await makeStaffedOrg(db);
    const asAdmin = await appCallerFor(deps, admin);
    const asMember = await appCallerFor(deps, member);
    const sandbox = await asAdmin.publishChannels.connectSandbox({ orgId: org.id });
    const x = await asAdmin.publishChannels.connectSandbox({ orgId: org.id, emulate: "x" });
    expect((await trpcError(asMember.publishChannels.connectSandbox({ orgId: org.id }))).code).toBe(
      "FORBIDDEN",
    );

    const refused = await trpcError(
      asMember.publishPosts.create({
        orgId: org.id,
        channels: [{ channelId: sandbox.id }, { channelId: x.id }],
        content: "a".repeat(300),
        publishAt: { date: day(1), time: "09:00", timeZone: "UTC" },
      }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect((refused.cause as { fieldErrors?: Record<string, string> }).fieldErrors).toEqual({
      "channels.1.content": "Sandbox (x): X allows 280 characters; this post counts 300.",
    });

    const [post] = await asMember.publishPosts.create({
      orgId: org.id,
      channels: [{ channelId: sandbox.id }, { channelId: x.id, content: "Short for X" }],
      content: "a".repeat(300),
      publishAt: { date: day(1), time: "09:00", timeZone: "UTC" },
    });
    const calendar = await asMember.publishPosts.list({
      orgId: org.id,
      from: day(0),
      to: day(7),
    });
    expect(calendar.map((p) => p.channel.name).sort()).toEqual(["Sandbox", "Sandbox (x)"]);

    deps.clock.set(`${day(1)}T09:00:01Z`);
    const pub = await db.postPublication.findFirstOrThrow({ where: { postId: post?.id } });
    expect(
      (await handlePublishPost(deps, { publicationId: pub.id }, { id: "j", retryCount: 0 })).outcome,
    ).toBe("published");
    const detail = await asMember.publishPosts.get({ orgId: org.id, postId: post?.id as string });
    expect(detail.state).toBe("PUBLISHED");
    expect(detail.publications[0]).toMatchObject({ state: "PUBLISHED", attempts: 1 });
    expect(detail.siblings.map((s) => s.channelName)).toEqual(["Sandbox (x)"]);
    expect(await asMember.publishErrors.list({ orgId: org.id })).toEqual([]);
  });
});
