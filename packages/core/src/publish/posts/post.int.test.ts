import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { consume } from "../../billing/entitlements.service.ts";
import { PlanLimitError } from "../../billing/plan-limit.error.ts";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { listChannels } from "../channels/channel.service.ts";
import { openChannelToken } from "../channels/channel-secrets.ts";
import { headPublication, publishJobs, publishWorkspace } from "../publish-test-fixtures.ts";
import { handlePublishPost } from "../publisher/publish.handler.ts";
import { createSet, nextFreeSlot } from "../slots/slot.service.ts";
import {
  createPost,
  deletePost,
  duplicatePost,
  getPost,
  listPosts,
  previewPost,
  schedulePost,
  updatePost,
} from "./post.service.ts";

// Composing, validating and scheduling posts on real Postgres: wall-clock times in a zone across
// DST, each platform's rules as it counts, drafts, duplicates, moves, the plan's limits, tenancy.

const { db, deps } = await useTestEnv();
const job = { id: "job", retryCount: 0 };

describe("scheduling in a time zone", () => {
  it("09:00 Europe/Paris is 08:00Z before the March change and 07:00Z after it; the job starts then", async () => {
    deps.clock.set("2027-03-20T10:00:00Z");
    const { org, who, channel } = await publishWorkspace(db, deps, { timezone: "Europe/Paris" });
    const [before] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Saturday morning",
      publishAt: { date: "2027-03-27", time: "09:00" },
    });
    const [after] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Monday morning",
      publishAt: { date: "2027-03-29", time: "09:00" },
    });
    expect(before?.publishDate.toISOString()).toBe("2027-03-27T08:00:00.000Z");
    expect(after?.publishDate.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(after?.local).toEqual({ date: "2027-03-29", time: "09:00" });
    expect(after?.timezone).toBe("Europe/Paris");
    const pub = await headPublication(db, after?.id as string);
    expect(pub).toMatchObject({ state: "PENDING", occurrence: 0 });
    expect(pub.idempotencyKey).toBe(`pub:${after?.id}:${channel.id}:0`);
    const jobs = await publishJobs(db, pub.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.start_after.toISOString()).toBe("2027-03-29T07:00:00.000Z");
  });

  it("refuses a time the clocks skip, a past time and an unknown zone, field by field", async () => {
    deps.clock.set("2027-03-20T10:00:00Z");
    const { org, who, channel } = await publishWorkspace(db, deps, { timezone: "Europe/Paris" });
    const base = { orgId: org.id, channels: [{ channelId: channel.id }], content: "x" };
    const gap = await appError(
      createPost(deps, who, { ...base, publishAt: { date: "2027-03-28", time: "02:30" } }),
    );
    expect(gap.code).toBe("BAD_REQUEST");
    expect(gap.fieldErrors?.publishAt).toMatch(/doesn't exist on 2027-03-28 in Europe\/Paris/);
    const past = await appError(
      createPost(deps, who, { ...base, publishAt: { date: "2027-03-19", time: "09:00" } }),
    );
    expect(past.fieldErrors?.publishAt).toMatch(/passed/);
    const zone = await appError(
      createPost(deps, who, {
        ...base,
        publishAt: { date: "2027-03-22", time: "09:00", timeZone: "Mars/Olympus" },
      }),
    );
    expect(zone.fieldErrors?.["publishAt.timeZone"]).toBe("Unknown time zone.");
    expect(await db.post.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("'author' uses the caller's own zone (New York), not the workspace's", async () => {
    deps.clock.set("2027-01-10T10:00:00Z");
    const { org, who, owner, channel } = await publishWorkspace(db, deps, { timezone: "Europe/Paris" });
    await db.user.update({ where: { id: owner.id }, data: { timezone: "America/New_York" } });
    const [post] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "x",
      publishAt: { date: "2027-01-12", time: "09:00", timeZone: "author" },
    });
    expect(post?.publishDate.toISOString()).toBe("2027-01-12T14:00:00.000Z");
  });

  it("a daily repeat keeps 09:00 Paris across the change: the next occurrence is 23 hours later", async () => {
    deps.clock.set("2027-03-26T10:00:00Z");
    const { org, who, channel } = await publishWorkspace(db, deps, { timezone: "Europe/Paris" });
    const [post] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Daily tip",
      publishAt: { date: "2027-03-27", time: "09:00" },
      repeat: { intervalInDays: 1, count: 2 },
    });
    const first = await headPublication(db, post?.id as string);
    deps.clock.set("2027-03-27T08:00:01Z");
    expect((await handlePublishPost(deps, { publicationId: first.id }, job)).outcome).toBe("published");
    const second = await headPublication(db, post?.id as string, 1);
    expect(second.scheduledAt.toISOString()).toBe("2027-03-28T07:00:00.000Z");
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
    expect((await db.post.findUniqueOrThrow({ where: { id: post?.id } })).state).toBe("QUEUE");
    deps.clock.set("2027-03-28T07:00:01Z");
    expect((await handlePublishPost(deps, { publicationId: second.id }, job)).outcome).toBe("published");
    // count 2: nothing after the second.
    expect(await db.postPublication.count({ where: { postId: post?.id } })).toBe(2);
    expect((await db.post.findUniqueOrThrow({ where: { id: post?.id } })).state).toBe("PUBLISHED");
    expect(await db.sandboxPost.count({ where: { integrationId: channel.id } })).toBe(2);
  });
});

describe("compose once, checked per platform", () => {
  it("one group, one post per channel with its override; X counts URLs as 23 and CJK double", async () => {
    deps.clock.set("2027-05-01T10:00:00Z");
    const { org, who, channels } = await publishWorkspace(db, deps, { emulate: ["x", "linkedin"] });
    const [x, linkedin] = channels as [(typeof channels)[0], (typeof channels)[0]];
    const url = `https://example.com/${"a".repeat(300)}`;
    const posts = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: x.id, content: `Short for X ${url}` }, { channelId: linkedin.id }],
      content: `A longer LinkedIn text ${"b".repeat(400)} ${url}`,
      publishAt: { date: "2027-05-02", time: "12:00" },
    });
    expect(posts).toHaveLength(2);
    expect(new Set(posts.map((p) => p.group)).size).toBe(1);
    expect(posts[0]?.content).toBe(`Short for X ${url}`);
    expect(posts[0]?.channel.rules).toBe("x");
    expect(posts[1]?.content.startsWith("A longer LinkedIn")).toBe(true);

    const err = await appError(
      createPost(deps, who, {
        orgId: org.id,
        channels: [{ channelId: linkedin.id }, { channelId: x.id }],
        content: "日".repeat(141),
        publishAt: null,
      }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.fieldErrors).toEqual({
      "channels.1.content": "Sandbox (x): X allows 280 characters; this post counts 282.",
    });
  });

  it("the preview counts as each platform does and names the issues, writing nothing", async () => {
    deps.clock.set("2027-05-01T10:00:00Z");
    const { org, who, channels } = await publishWorkspace(db, deps, { emulate: ["x", "bluesky"] });
    const [x, bluesky] = channels as [(typeof channels)[0], (typeof channels)[0]];
    const url = `https://example.com/${"p".repeat(100)}`;
    const preview = await previewPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: x.id }, { channelId: bluesky.id, content: "👨‍👩‍👧‍👦".repeat(301) }],
      content: `Read this ${url}`,
    });
    expect(preview.map((p) => [p.rules, p.length, p.maxLength])).toEqual([
      ["x", 10 + 23, 280],
      ["bluesky", 301, 300],
    ]);
    expect(preview[0]?.issues).toEqual({});
    expect(preview[1]?.issues).toEqual({
      content: "Sandbox (bluesky): Bluesky allows 300 characters; this post counts 301.",
    });
    expect(await db.post.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("Instagram needs media, YouTube a title; a draft is saved unchecked and checked when scheduled", async () => {
    deps.clock.set("2027-05-01T10:00:00Z");
    const { org, who, channels } = await publishWorkspace(db, deps, { emulate: ["instagram", "youtube"] });
    const [ig, yt] = channels as [(typeof channels)[0], (typeof channels)[0]];
    const err = await appError(
      createPost(deps, who, {
        orgId: org.id,
        channels: [{ channelId: ig.id }, { channelId: yt.id }],
        content: "hi",
      }),
    );
    expect(Object.keys(err.fieldErrors ?? {}).sort()).toEqual([
      "channels.0.media",
      "channels.1.media",
      "channels.1.title",
    ]);
    const drafts = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: ig.id }],
      content: "later",
      draft: true,
    });
    expect(drafts[0]?.state).toBe("DRAFT");
    expect(await db.postPublication.count({ where: { postId: drafts[0]?.id } })).toBe(0);
    const refused = await appError(
      schedulePost(deps, who, {
        orgId: org.id,
        postId: drafts[0]?.id as string,
        publishAt: { date: "2027-05-03", time: "10:00" },
      }),
    );
    expect(refused.fieldErrors?.["channels.0.media"]).toMatch(/Instagram needs an image or a video/);

    const media = await db.media.create({
      data: { organizationId: org.id, name: "a.png", path: "k/a.png", type: "image", fileSize: 2000 },
    });
    await updatePost(deps, who, { orgId: org.id, postId: drafts[0]?.id as string, media: [media.id] });
    const scheduled = await schedulePost(deps, who, {
      orgId: org.id,
      postId: drafts[0]?.id as string,
      publishAt: { date: "2027-05-03", time: "10:00" },
    });
    expect(scheduled[0]?.state).toBe("QUEUE");
    expect(scheduled[0]?.publishDate.toISOString()).toBe("2027-05-03T10:00:00.000Z");
    expect(await db.postPublication.count({ where: { postId: drafts[0]?.id, state: "PENDING" } })).toBe(1);
  });

  it("adds the auto-add signature once, tags the post, and duplicates the group as drafts", async () => {
    deps.clock.set("2027-05-01T10:00:00Z");
    const { org, who, channel } = await publishWorkspace(db, deps);
    await db.signatures.create({ data: { organizationId: org.id, content: "— The Team", autoAdd: true } });
    const tag = await db.tags.create({ data: { organizationId: org.id, name: "Launch", color: "#ff0000" } });
    const [post] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Big news",
      thread: ["More details", "Even more"],
      tagIds: [tag.id],
      publishAt: { date: "2027-05-04", time: "09:00" },
    });
    expect(post?.content).toBe("Big news\n\n— The Team");
    expect(post?.tags).toEqual([{ id: tag.id, name: "Launch", color: "#ff0000" }]);
    const copies = await duplicatePost(deps, who, { orgId: org.id, postId: post?.id as string });
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ state: "DRAFT", content: "Big news\n\n— The Team" });
    expect(copies[0]?.group).not.toBe(post?.group);
    expect(copies[0]?.tags.map((t) => t.id)).toEqual([tag.id]);
    const detail = await getPost(deps, who, { orgId: org.id, postId: copies[0]?.id as string });
    expect(detail.thread.map((t) => t.content)).toEqual(["More details", "Even more"]);
    expect(detail.publications).toEqual([]);
  });
});

describe("calendar, moves, deletes, limits", () => {
  it("lists a range; a move re-enqueues at the new time and the old job finds nothing due", async () => {
    deps.clock.set("2027-06-01T08:00:00Z");
    const { org, who, channel } = await publishWorkspace(db, deps);
    const [post] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Move me",
      publishAt: { date: "2027-06-02", time: "10:00" },
    });
    const inJune = await listPosts(deps, who, { orgId: org.id, from: "2027-06-01", to: "2027-07-01" });
    expect(inJune.map((p) => p.id)).toEqual([post?.id]);
    expect(await listPosts(deps, who, { orgId: org.id, from: "2027-07-01", to: "2027-08-01" })).toEqual([]);
    await expect(
      listPosts(deps, who, { orgId: org.id, from: "2027-01-01", to: "2027-12-01" }),
    ).rejects.toThrow(/At most 62 days/);

    const moved = await schedulePost(deps, who, {
      orgId: org.id,
      postId: post?.id as string,
      publishAt: { date: "2027-06-05", time: "15:30" },
    });
    expect(moved[0]?.publishDate.toISOString()).toBe("2027-06-05T15:30:00.000Z");
    const pub = await headPublication(db, post?.id as string);
    expect(pub.scheduledAt.toISOString()).toBe("2027-06-05T15:30:00.000Z");
    const jobs = await publishJobs(db, pub.id);
    expect(jobs.map((j) => j.start_after.toISOString())).toEqual([
      "2027-06-02T10:00:00.000Z",
      "2027-06-05T15:30:00.000Z",
    ]);
    // The first job runs at the old time: not due any more.
    deps.clock.set("2027-06-02T10:00:01Z");
    expect(await handlePublishPost(deps, { publicationId: pub.id }, job)).toEqual({
      outcome: "skipped",
      why: "not due (rescheduled)",
    });
    await deletePost(deps, who, { orgId: org.id, postId: post?.id as string });
    expect((await headPublication(db, post?.id as string)).state).toBe("CANCELLED");
    expect(await listPosts(deps, who, { orgId: org.id, from: "2027-06-01", to: "2027-07-01" })).toEqual([]);
  });

  it("the month's scheduled posts and the channels count against the plan (Free: 30 and 3)", async () => {
    deps.clock.set("2027-06-01T08:00:00Z");
    const { org, who, channel } = await publishWorkspace(db, deps, { plan: "FREE" });
    await consume(deps, org.id, "publish.scheduledPostsPerMonth", 29);
    const err = await appError(
      createPost(deps, who, {
        orgId: org.id,
        channels: [{ channelId: channel.id, content: "a" }],
        content: "x",
        thread: [],
        publishAt: null,
      }).then(() =>
        createPost(deps, who, {
          orgId: org.id,
          channels: [{ channelId: channel.id }],
          content: "y",
          publishAt: null,
        }),
      ),
    );
    expect(err).toBeInstanceOf(PlanLimitError);
    expect(await db.post.count({ where: { organizationId: org.id } })).toBe(1);
    const { connectSandbox } = await import("../channels/channel.service.ts");
    await connectSandbox(deps, who, { orgId: org.id });
    await connectSandbox(deps, who, { orgId: org.id });
    expect(await appError(connectSandbox(deps, who, { orgId: org.id }))).toBeInstanceOf(PlanLimitError);
    const list = await listChannels(deps, who, { orgId: org.id });
    expect({ limit: list.limit, used: list.used }).toEqual({ limit: 3, used: 3 });
  });

  it("seals the channel token with the key ring (never stored in the clear)", async () => {
    const { channel } = await publishWorkspace(db, deps);
    const row = await db.integration.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row.token).toMatch(/^k[0-9a-f]{8}:/);
    expect(openChannelToken(deps.config, row.token)).toMatch(/^[\w-]{32}$/);
  });

  it("next free slot skips past and taken slots, in the set's zone", async () => {
    deps.clock.set("2027-06-07T08:30:00Z"); // Monday 10:30 in Paris
    const { org, who, channel } = await publishWorkspace(db, deps);
    const set = await createSet(deps, who, {
      orgId: org.id,
      name: "Mornings",
      timezone: "Europe/Paris",
      times: [{ time: "09:00" }, { time: "11:00" }],
    });
    const first = await nextFreeSlot(deps, who, { orgId: org.id, channelIds: [channel.id], setId: set.id });
    expect(first).toMatchObject({ date: "2027-06-07", time: "11:00", timeZone: "Europe/Paris" });
    expect(first.at.toISOString()).toBe("2027-06-07T09:00:00.000Z");
    await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "taken",
      publishAt: { date: "2027-06-07", time: "11:00", timeZone: "Europe/Paris" },
    });
    const next = await nextFreeSlot(deps, who, { orgId: org.id, channelIds: [channel.id], setId: set.id });
    expect(next).toMatchObject({ date: "2027-06-08", time: "09:00" });
  });
});

describe("tenancy", () => {
  it("another workspace's member gets NOT_FOUND for posts, channels and slots", async () => {
    deps.clock.set("2027-06-01T08:00:00Z");
    const a = await publishWorkspace(db, deps);
    const b = await publishWorkspace(db, deps);
    const [post] = await createPost(deps, a.who, {
      orgId: a.org.id,
      channels: [{ channelId: a.channel.id }],
      content: "mine",
      publishAt: { date: "2027-06-03", time: "09:00" },
    });
    const postId = post?.id as string;
    const stranger = actor(await makeUser(db));
    for (const call of [
      () => getPost(deps, b.who, { orgId: b.org.id, postId }),
      () => getPost(deps, b.who, { orgId: a.org.id, postId }),
      () => deletePost(deps, b.who, { orgId: b.org.id, postId }),
      () => updatePost(deps, b.who, { orgId: b.org.id, postId, content: "hijack" }),
      () => schedulePost(deps, b.who, { orgId: b.org.id, postId, publishAt: null }),
      () => duplicatePost(deps, b.who, { orgId: b.org.id, postId }),
      () =>
        createPost(deps, b.who, { orgId: b.org.id, channels: [{ channelId: a.channel.id }], content: "x" }),
      () => nextFreeSlot(deps, b.who, { orgId: b.org.id, channelIds: [a.channel.id] }),
      () => listChannels(deps, stranger, { orgId: a.org.id }),
    ])
      expect((await appError(call())).code).toBe("NOT_FOUND");
    expect((await getPost(deps, a.who, { orgId: a.org.id, postId })).content).toBe("mine");
  });
});
