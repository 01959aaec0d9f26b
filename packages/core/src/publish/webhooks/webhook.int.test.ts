import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signStandardWebhook } from "@quartet/integrations/http/standard-webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestEnv } from "../../testing/integration.ts";
import { createPost } from "../posts/post.service.ts";
import { headPublication, publishWorkspace } from "../publish-test-fixtures.ts";
import { handlePublishPost } from "../publisher/publish.handler.ts";
import { createWebhook, listDeliveries, sendTestWebhook } from "./webhook.service.ts";
import { handleWebhookDeliver } from "./webhook-deliver.handler.ts";

// Outgoing webhooks on real Postgres and a local endpoint: a published or failed post queues a
// delivery in the publisher's transaction; it goes out signed per Standard Webhooks, retried after
// a 5xx, and never to loopback / private addresses unless the server allows private targets.

const { db, deps } = await useTestEnv();
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let answers: number[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const privateOk = () => ({ ...deps, config: { ...deps.config, allowPrivateWebhookTargets: true } });
const run = (retryCount = 0) => ({ id: "job", retryCount });

async function publishedWithHook(content = "Webhook me") {
  deps.clock.set(Date.now());
  const ws = await publishWorkspace(db, deps);
  const hook = await createWebhook(deps, ws.who, {
    orgId: ws.org.id,
    url: `${base}/hook`,
    events: ["post.published", "post.failed"],
  });
  const [post] = await createPost(deps, ws.who, {
    orgId: ws.org.id,
    channels: [{ channelId: ws.channel.id }],
    content,
    publishAt: null,
  });
  const pub = await headPublication(db, post?.id as string);
  await handlePublishPost(deps, { publicationId: pub.id }, run());
  const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
  return { ...ws, hook, post: post as NonNullable<typeof post>, delivery };
}

describe("outgoing webhooks", () => {
  it("a published post is delivered once, signed per Standard Webhooks; a 5xx is retried", async () => {
    const { hook, post, delivery, org, who } = await publishedWithHook();
    expect(delivery).toMatchObject({ event: "post.published", status: "PENDING", attempts: 0 });
    answers = [503];
    received.length = 0;
    await expect(handleWebhookDeliver(privateOk(), { deliveryId: delivery.id }, run(0))).rejects.toThrow(
      /503/,
    );
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "PENDING",
      attempts: 1,
      responseStatus: 503,
    });
    expect(await handleWebhookDeliver(privateOk(), { deliveryId: delivery.id }, run(1))).toEqual({
      outcome: "succeeded",
      status: 200,
    });
    expect(received).toHaveLength(2);
    const [first, second] = received as [(typeof received)[0], (typeof received)[0]];
    // One message id across retries; a valid v1 signature over id.timestamp.body.
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(second.headers["webhook-id"]).toBe(delivery.messageId);
    const at = new Date(Number(second.headers["webhook-timestamp"]) * 1000);
    expect(second.headers["webhook-signature"]).toBe(
      signStandardWebhook(hook.secret, delivery.messageId, at, second.body)["webhook-signature"],
    );
    const body = JSON.parse(second.body) as { type: string; data: { postId: string; releaseURL: string } };
    expect(body.type).toBe("post.published");
    expect(body.data.postId).toBe(post.id);
    expect(body.data.releaseURL).toMatch(/\/publish\/sandbox\//);
    // Delivered: a duplicate job does nothing.
    expect((await handleWebhookDeliver(privateOk(), { deliveryId: delivery.id }, run(2))).outcome).toBe(
      "skipped",
    );
    const log = await listDeliveries(deps, who, { orgId: org.id, webhookId: hook.id });
    expect(log[0]).toMatchObject({ status: "SUCCEEDED", attempts: 2, responseStatus: 200 });
  });

  it("never calls loopback or private addresses in any spelling unless allowed (SSRF)", async () => {
    const { org, who } = await publishedWithHook();
    received.length = 0;
    for (const url of [
      `${base}/hook`,
      `http://2130706433:${new URL(base).port}/hook`,
      `http://[::ffff:127.0.0.1]:${new URL(base).port}/hook`,
      "http://169.254.169.254/latest/meta-data",
    ]) {
      const hook = await createWebhook(deps, who, { orgId: org.id, url, events: ["post.published"] });
      await sendTestWebhook(deps, who, { orgId: org.id, webhookId: hook.id });
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
      expect(await handleWebhookDeliver(deps, { deliveryId: delivery.id }, run(0))).toEqual({
        outcome: "failed",
      });
      const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      expect(row.status).toBe("FAILED");
      expect(row.error).toBeTruthy();
      expect(row.error).not.toContain("127.0.0.1:");
    }
    expect(received).toHaveLength(0);
  });

  it("a failed post sends post.failed with the provider's reason", async () => {
    const { delivery } = await publishedWithHook("Nope [sandbox:reject]");
    expect(delivery.event).toBe("post.failed");
    received.length = 0;
    expect((await handleWebhookDeliver(privateOk(), { deliveryId: delivery.id }, run())).outcome).toBe(
      "succeeded",
    );
    const body = JSON.parse(received[0]?.body ?? "{}") as { data: { code: string; error: string } };
    expect(body.data).toMatchObject({ code: "INVALID_REQUEST" });
    expect(body.data.error).toMatch(/refused/);
  });
});
