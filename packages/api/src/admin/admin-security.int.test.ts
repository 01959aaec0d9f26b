import { createSession, sessionCookie } from "@quartet/auth/session";
import { sealToken } from "@quartet/core/inbox/connections/connection-secrets";
import { useTestEnv } from "@quartet/core/testing/integration";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { securityReencryptSecretsJob } from "@quartet/jobs/definitions";
import { describe, expect, it } from "vitest";
import { adminRouter } from "../admin-router.ts";
import { cookieJar, trpcError } from "../api.test-helpers.ts";
import { createApiContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";

// The admin console's side of a key rotation: how many secrets are under which key, and the button
// that queues security.reencrypt-secrets (platform admins only, audited).

const OLD = "old-key-0123456789abcdef0123456789abcdef";
const { db, deps, boss } = await useTestEnv({ config: { previousEncryptionKeys: [OLD] } });
const request = { ip: "192.0.2.9", userAgent: "vitest" };

async function adminCallerFor(user: { id: string }) {
  const { token } = await createSession(db, user.id, "ADMIN", { ...request, deviceInfo: {} }, new Date());
  const jar = cookieJar();
  jar.set(sessionCookie("ADMIN", false).name, token, {});
  return createCallerFactory(adminRouter)(
    await createApiContext({ deps, kind: "ADMIN", req: request, cookies: jar }),
  );
}

describe("admin security", () => {
  it("reports secrets per key and queues the re-encryption, audited; others are refused", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    await db.platformConnection.create({
      data: {
        organizationId: org.id,
        platform: "FACEBOOK",
        platformUserId: `page-${Date.now()}`,
        accessToken: sealToken({ encryptionKey: OLD }, "EAAG-old-token"),
      },
    });
    const root = await makeUser(db, { platformRole: "SUPERADMIN" });
    const admin = await adminCallerFor(root);
    const before = await admin.security.secretKeys();
    expect(before.remaining).toBe(1);

    const started = await admin.security.reencryptSecrets();
    expect(started.remaining).toBe(1);
    const jobs = await boss.fetch(securityReencryptSecretsJob.name);
    expect(jobs.map((j) => j.id)).toContain(started.jobId);
    const audit = await db.adminAuditLog.findFirstOrThrow({
      where: { action: "security.reencrypt_secrets" },
    });
    expect(audit.adminUserId).toBe(root.id);

    const user = await makeUser(db);
    expect((await trpcError((await adminCallerFor(user)).security.reencryptSecrets())).code).toBe(
      "FORBIDDEN",
    );
  });
});
