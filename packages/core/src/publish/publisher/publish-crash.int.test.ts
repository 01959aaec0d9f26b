import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../../testing/integration.ts";
import { createPost } from "../posts/post.service.ts";
import { headPublication, publishWorkspace } from "../publish-test-fixtures.ts";
import { handlePublishPost, handlePublishRecover, PUBLISH_LEASE_MS } from "./publish.handler.ts";

// A worker process SIGKILLed mid-publish — after the platform (the sandbox) took the post, before
// PUBLISHED was written: the publication stays PUBLISHING; once its lease lapses the recovery
// sweep hands it to publish.post, which finds the post by its idempotency key. One post, PUBLISHED.

const { db, deps, url } = await useTestEnv();
const child = fileURLToPath(new URL("./publish-crash.child.ts", import.meta.url));

describe("worker killed mid-publish", () => {
  it("SIGKILL between the provider's answer and the state write: recovered by key, posted once", async () => {
    const ws = await publishWorkspace(db, deps);
    deps.clock.set(Date.now());
    const [post] = await createPost(deps, ws.who, {
      orgId: ws.org.id,
      channels: [{ channelId: ws.channel.id }],
      content: "Survives a crash",
      publishAt: null,
    });
    const pub = await headPublication(db, post?.id as string);

    const proc = spawn(process.execPath, ["--import", "tsx", child, url, pub.id], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const posted = await new Promise<string>((resolve, reject) => {
      let out = "";
      proc.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /POSTED (\S+)/.exec(out);
        if (match) resolve(match[1] as string);
      });
      proc.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    proc.kill("SIGKILL");
    await new Promise((r) => proc.once("exit", r));

    expect(await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
      state: "PUBLISHING",
      attempts: 1,
    });
    deps.clock.set(Date.now() + PUBLISH_LEASE_MS + 1000);
    expect((await handlePublishRecover(deps)).requeued).toBeGreaterThanOrEqual(1);
    const outcome = await handlePublishPost(deps, { publicationId: pub.id }, { id: "retry", retryCount: 1 });
    expect(outcome).toEqual({ outcome: "published", releaseIds: [posted] });
    expect(await db.sandboxPost.count({ where: { integrationId: ws.channel.id } })).toBe(1);
    expect(await db.postPublication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
      state: "PUBLISHED",
      releaseId: posted,
      attempts: 2,
    });
  });
});
