import { ChannelError } from "@quartet/integrations/social/errors";
import type { PublishProvider } from "@quartet/integrations/social/publish";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../../testing/integration.ts";
import { defaultPublishProviders, type PublishProviders } from "../channels/publish-providers.ts";
import { sandboxFeed } from "../channels/sandbox-feed.service.ts";
import { listErrors, retryPost } from "../errors/error.service.ts";
import { createPost } from "../posts/post.service.ts";
import { headPublication, publishJobs, publishWorkspace } from "../publish-test-fixtures.ts";
import { handlePublishPost, handlePublishRecover, PUBLISH_LEASE_MS } from "./publish.handler.ts";

// The publisher on real Postgres against the sandbox: each (post, channel) goes out exactly once —
// with two runs at the same time, and when a run dies between the provider's answer and its own
// write — never PUBLISHED after an error, and a failed post retried from the errors list.

const { db, deps } = await useTestEnv();
const run = (retryCount = 0) => ({ id: "job", retryCount });
const sandbox = () => defaultPublishProviders(deps).get("sandbox") as PublishProvider;

/** The sandbox with hooks around publish, counting the calls. */
function wrapped(hooks: {
  before?: (n: number) => Promise<void> | void;
  after?: (n: number) => Promise<void> | void;
}): PublishProviders & { calls: () => number; lookups: () => number } {
  const inner = sandbox();
  let calls = 0;
  let lookups = 0;
  const provider: PublishProvider = {
    identifier: "sandbox",
    external: false,
    async publish(credentials, request) {
      calls += 1;
      await hooks.before?.(calls);
      const result = await inner.publish(credentials, request);
      await hooks.after?.(calls);
      return result;
    },
    async findByIdempotencyKey(credentials, key) {
      lookups += 1;
      return inner.findByIdempotencyKey(credentials, key);
    },
  };
  return { get: () => provider, calls: () => calls, lookups: () => lookups };
}

async function duePost(content = "Hello sandbox", thread: string[] = []) {
  deps.clock.set("2027-09-01T09:00:00Z");
  const ws = await publishWorkspace(db, deps);
  const [post] = await createPost(deps, ws.who, {
    orgId: ws.org.id,
    channels: [{ channelId: ws.channel.id }],
    content,
    thread,
    publishAt: null,
  });
  const pub = await headPublication(db, post?.id as string);
  return { ...ws, post: post as NonNullable<typeof post>, pub };
}

const sandboxRows = (channelId: string) =>
  db.sandboxPost.findMany({ where: { integrationId: channelId }, orderBy: { createdAt: "asc" } });

describe("exactly once", () => {
  it("publishes to the sandbox: PUBLISHED with the release id and URL, the post PUBLISHED", async () => {
    const { post, pub, channel, org } = await duePost();
    expect((await publishJobs(db, pub.id)).length).toBe(1);
    const outcome = await handlePublishPost(deps, { publicationId: pub.id }, run());
    const rows = await sandboxRows(channel.id);
    expect(rows).toHaveLength(1);
    expect(outcome).toEqual({ outcome: "published", releaseIds: [rows[0]?.id] });
    const after = await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } });
    expect(after).toMatchObject({ state: "PUBLISHED", attempts: 1, releaseId: rows[0]?.id });
    expect(after.releaseURL).toBe(`${deps.config.webUrl}/publish/sandbox/${rows[0]?.id}`);
    expect(rows[0]?.idempotencyKey).toBe(pub.idempotencyKey);
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      state: "PUBLISHED",
      releaseId: rows[0]?.id,
    });
    // Open calendars hear of each step, in commit order (ids and kinds only).
    const events = await db.realtimeEvent.findMany({
      where: { organizationId: org.id, topic: "publish.post" },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => (e.payload as { kind: string }).kind)).toEqual([
      "created",
      "publishing",
      "published",
    ]);
    expect(events[2]?.payload).toEqual({ postId: post.id, group: post.group, kind: "published" });
    // A duplicate delivery of the job is a no-op.
    expect((await handlePublishPost(deps, { publicationId: pub.id }, run())).outcome).toBe("published");
    expect(await sandboxRows(channel.id)).toHaveLength(1);
  });

  it("two runs at once: one publishes, the other finds it held; one post on the platform", async () => {
    const { pub, channel } = await duePost();
    const providers = wrapped({ before: () => new Promise((r) => setTimeout(r, 50)) });
    const both = await Promise.all([
      handlePublishPost({ ...deps, publishers: providers }, { publicationId: pub.id }, run()),
      handlePublishPost({ ...deps, publishers: providers }, { publicationId: pub.id }, run()),
    ]);
    expect(both.map((o) => o.outcome).sort()).toEqual(["published", "skipped"]);
    expect(providers.calls()).toBe(1);
    expect(await sandboxRows(channel.id)).toHaveLength(1);
  });

  it("a run that dies after the provider posted: the retry finds the post by its key and doesn't post again", async () => {
    const { pub, channel } = await duePost();
    let unfreeze: () => void = () => {};
    const frozen = new Promise<void>((r) => {
      unfreeze = r;
    });
    // The provider answered, then the worker "dies" before writing PUBLISHED.
    const dying = wrapped({ after: () => frozen });
    const first = handlePublishPost({ ...deps, publishers: dying }, { publicationId: pub.id }, run());
    await expect.poll(async () => (await sandboxRows(channel.id)).length).toBe(1);
    expect((await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).state).toBe("PUBLISHING");

    // Within the lease a second run leaves it alone; the recovery job ignores it too.
    const early = wrapped({});
    expect(
      await handlePublishPost({ ...deps, publishers: early }, { publicationId: pub.id }, run(1)),
    ).toEqual({
      outcome: "skipped",
      why: "held by another attempt",
    });
    await handlePublishRecover(deps);
    expect(await publishJobs(db, pub.id)).toHaveLength(1);

    // Past the lease: recovery hands it to publish.post, which asks the sandbox by key first.
    deps.clock.advance(PUBLISH_LEASE_MS + 1000);
    expect((await handlePublishRecover(deps)).requeued).toBeGreaterThanOrEqual(1);
    expect((await publishJobs(db, pub.id)).length).toBe(2);
    // A second sweep within the minute doesn't pile up another job.
    await handlePublishRecover(deps);
    expect((await publishJobs(db, pub.id)).length).toBe(2);
    const retry = wrapped({});
    const outcome = await handlePublishPost(
      { ...deps, publishers: retry },
      { publicationId: pub.id },
      run(1),
    );
    expect(outcome.outcome).toBe("published");
    expect(retry.lookups()).toBe(1);
    expect(retry.calls()).toBe(0);
    const rows = await sandboxRows(channel.id);
    expect(rows).toHaveLength(1);
    expect(await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
      state: "PUBLISHED",
      releaseId: rows[0]?.id,
      attempts: 2,
    });
    // The dead run wakes up: its attempt id lost the row, it writes nothing.
    unfreeze();
    expect(await first).toEqual({ outcome: "skipped", why: "taken over by another attempt" });
    expect(await sandboxRows(channel.id)).toHaveLength(1);
  });

  it("an answer lost in transit: retried, asked by key, not posted twice", async () => {
    const { pub, channel } = await duePost();
    const lossy = wrapped({
      after: (n) => {
        if (n === 1) throw new Error("socket hang up");
      },
    });
    await expect(
      handlePublishPost({ ...deps, publishers: lossy }, { publicationId: pub.id }, run(0)),
    ).rejects.toThrow("socket hang up");
    expect(await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
      state: "PENDING",
      errorCode: "UNKNOWN",
    });
    expect(
      (await handlePublishPost({ ...deps, publishers: lossy }, { publicationId: pub.id }, run(1))).outcome,
    ).toBe("published");
    expect(lossy.calls()).toBe(1);
    expect(await sandboxRows(channel.id)).toHaveLength(1);
  });

  it("a thread goes out in order, each reply answering the one before", async () => {
    const { pub, channel, post, org, who } = await duePost("1/3 first", ["2/3 second", "3/3 third"]);
    await handlePublishPost(deps, { publicationId: pub.id }, run());
    const rows = await sandboxRows(channel.id);
    // The sandbox's page shows them newest first.
    const feed = await sandboxFeed(deps, who, { orgId: org.id, channelId: channel.id });
    expect(feed.map((f) => f.content)).toEqual(["3/3 third", "2/3 second", "1/3 first"]);
    expect(rows.map((r) => r.content)).toEqual(["1/3 first", "2/3 second", "3/3 third"]);
    expect(rows[1]?.replyToId).toBe(rows[0]?.id);
    expect(rows[2]?.replyToId).toBe(rows[1]?.id);
    expect(await db.post.count({ where: { group: post.group, state: "PUBLISHED" } })).toBe(3);
  });
});

describe("errors and retry", () => {
  it("a transient error goes back to PENDING and is retried; never PUBLISHED after an error", async () => {
    const { pub, post, channel } = await duePost();
    const flaky = wrapped({
      before: (n) => {
        if (n <= 2) throw new ChannelError({ code: "RATE_LIMITED", message: "Slow down." });
      },
    });
    for (const attempt of [0, 1]) {
      await expect(
        handlePublishPost({ ...deps, publishers: flaky }, { publicationId: pub.id }, run(attempt)),
      ).rejects.toBeInstanceOf(ChannelError);
      expect(await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
        state: "PENDING",
        errorCode: "RATE_LIMITED",
        attemptId: null,
      });
      expect((await db.post.findUniqueOrThrow({ where: { id: post.id } })).state).toBe("QUEUE");
    }
    expect(
      (await handlePublishPost({ ...deps, publishers: flaky }, { publicationId: pub.id }, run(2))).outcome,
    ).toBe("published");
    expect(await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
      state: "PUBLISHED",
      attempts: 3,
      errorCode: null,
    });
    expect(await sandboxRows(channel.id)).toHaveLength(1);
  });

  it("a refusal fails at once with the provider's reason, logs it, and retry from the errors list publishes", async () => {
    const { pub, post, channel, org, who } = await duePost("Refused [sandbox:reject]");
    const outcome = await handlePublishPost(deps, { publicationId: pub.id }, run());
    expect(outcome).toMatchObject({ outcome: "failed", code: "INVALID_REQUEST" });
    expect(await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
      state: "FAILED",
      releaseId: null,
      errorMessage: "The sandbox refused this post (it contains [sandbox:reject]).",
    });
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      state: "ERROR",
      releaseId: null,
    });
    expect(await sandboxRows(channel.id)).toHaveLength(0);
    const errors = await listErrors(deps, who, { orgId: org.id });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: "INVALID_REQUEST",
      post: { id: post.id },
      channel: { id: channel.id },
    });

    // The customer fixes the text, then retries: the same publication goes out once.
    await db.post.update({ where: { id: post.id }, data: { content: "Fixed" } });
    await retryPost(deps, who, { orgId: org.id, postId: post.id });
    expect((await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).state).toBe("PENDING");
    expect((await db.post.findUniqueOrThrow({ where: { id: post.id } })).state).toBe("QUEUE");
    expect((await publishJobs(db, pub.id)).length).toBe(2);
    expect((await handlePublishPost(deps, { publicationId: pub.id }, run())).outcome).toBe("published");
    expect((await sandboxRows(channel.id)).map((r) => r.content)).toEqual(["Fixed"]);
    expect(await listErrors(deps, who, { orgId: org.id })).toEqual([]);
    expect(await listErrors(deps, who, { orgId: org.id, resolved: true })).toHaveLength(1);
  });

  it("the last transient failure is FAILED, not retried forever", async () => {
    const { pub } = await duePost("Down [sandbox:unavailable]");
    expect(await handlePublishPost(deps, { publicationId: pub.id }, run(5))).toMatchObject({
      outcome: "failed",
      code: "UNAVAILABLE",
    });
    expect((await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).state).toBe("FAILED");
  });
});
