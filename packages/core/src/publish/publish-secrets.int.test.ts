import { keyIdOf, sealedKeyId } from "@quartet/auth/crypto";
import { describe, expect, it } from "vitest";
import { handleReencryptSecrets, secretKeyUsage } from "../security/reencrypt-secrets.handler.ts";
import { testConfig } from "../testing/deps.ts";
import { useTestEnv } from "../testing/integration.ts";
import { connectSandbox } from "./channels/channel.service.ts";
import { openChannelToken } from "./channels/channel-secrets.ts";
import { publishWorkspace } from "./publish-test-fixtures.ts";
import { createWebhook } from "./webhooks/webhook.service.ts";
import { openWebhookSecret } from "./webhooks/webhook-secrets.ts";

// Publish's secrets at rest follow a key rotation: channel tokens and webhook secrets sealed under
// the old key are moved to the new one by security.reencrypt-secrets and still open to the same value.

const OLD = "old-key-0123456789abcdef0123456789abcdef";
const NEW = "new-key-fedcba9876543210fedcba9876543210";

const { db, deps } = await useTestEnv({ config: { encryptionKey: OLD } });

describe("publish secrets and key rotation", () => {
  it("channel tokens and webhook secrets move to the newest key; values unchanged", async () => {
    const ws = await publishWorkspace(db, deps);
    const second = await connectSandbox(deps, ws.who, { orgId: ws.org.id });
    const hook = await createWebhook(deps, ws.who, {
      orgId: ws.org.id,
      url: "https://hooks.example.com/in",
      events: ["post.published"],
    });
    const oldConfig = { ...testConfig, encryptionKey: OLD };
    const before = await db.integration.findMany({ where: { id: { in: [ws.channel.id, second.id] } } });
    const tokens = before.map((r) => openChannelToken(oldConfig, r.token));
    expect(before.every((r) => sealedKeyId(r.token) === keyIdOf(OLD))).toBe(true);

    const rotated = { ...testConfig, encryptionKey: NEW, previousEncryptionKeys: [OLD] };
    expect((await secretKeyUsage({ db, config: rotated })).remaining).toBe(3);
    const report = await handleReencryptSecrets({ db, config: rotated, log: deps.log });
    expect(report.publishSecrets).toEqual({ reencrypted: 3, unreadable: 0 });
    expect((await secretKeyUsage({ db, config: rotated })).remaining).toBe(0);

    const onlyNew = { ...testConfig, encryptionKey: NEW };
    const after = await db.integration.findMany({ where: { id: { in: before.map((r) => r.id) } } });
    expect(after.map((r) => openChannelToken(onlyNew, r.token))).toEqual(tokens);
    const sealed = await db.webhooks.findUniqueOrThrow({ where: { id: hook.id } });
    expect(openWebhookSecret(onlyNew, sealed.secret)).toBe(hook.secret);
    // A second run finds nothing to move.
    expect(
      (await handleReencryptSecrets({ db, config: rotated, log: deps.log })).publishSecrets.reencrypted,
    ).toBe(0);
  });
});
