import { createHash, randomUUID } from "node:crypto";
import { createSession, sessionCookie } from "@quartet/auth/session";
import { RETRY_ALL_CAP } from "@quartet/core/inbox/inbound/webhook-admin.service";
import { useTestEnv } from "@quartet/core/testing/integration";
import type { InboxWebhookStatus, Platform } from "@quartet/db/enums";
import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { adminRouter } from "../admin-router.ts";
import { cookieJar, trpcError } from "../api.test-helpers.ts";
import { createApiContext } from "../context.ts";
import { createCallerFactory } from "../trpc.ts";

// The admin console's failed inbound webhooks: a list without bodies, and retries that put a
// delivery back to RECEIVED with an inbox.webhook-normalize job, each audited.

const { db, deps } = await useTestEnv();
const request = { ip: "192.0.2.11", userAgent: "vitest" };

async function adminCallerFor(user: { id: string }) {
  const { token } = await createSession(db, user.id, "ADMIN", { ...request, deviceInfo: {} }, new Date());
  const jar = cookieJar();
  jar.set(sessionCookie("ADMIN", false).name, token, {});
  return createCallerFactory(adminRouter)(
    await createApiContext({ deps, kind: "ADMIN", req: request, cookies: jar }),
  );
}

const root = await makeUser(db, { platformRole: "SUPERADMIN" });
const admin = await adminCallerFor(root);

let minute = 0;
async function delivery(platform: Platform, status: InboxWebhookStatus, body = `{"n":"${randomUUID()}"}`) {
  minute++;
  return db.inboxWebhookEvent.create({
    data: {
      platform,
      body,
      bodyHash: createHash("sha256").update(body).digest("hex"),
      status,
      error: status === "FAILED" ? `boom ${minute}` : null,
      attempts: status === "FAILED" ? 6 : 1,
      receivedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    },
  });
}

const normalizeJobsFor = (eventId: string) =>
  db.$queryRaw<{ id: string }[]>`
    SELECT id FROM pgboss.job WHERE name = 'inbox.webhook-normalize' AND data->>'eventId' = ${eventId}`;

describe("admin inbox webhooks", () => {
  it("refuses anyone but a platform admin", async () => {
    const person = await adminCallerFor(await makeUser(db));
    expect((await trpcError(person.inboxWebhooks.list({}))).code).toBe("FORBIDDEN");
    expect((await trpcError(person.inboxWebhooks.retry({ id: randomUUID() }))).code).toBe("FORBIDDEN");
    expect((await trpcError(person.inboxWebhooks.retryAll({}))).code).toBe("FORBIDDEN");
  });

  it("lists FAILED deliveries only, newest first, by platform and page, with the body's size but never the body", async () => {
    const secret = '{"entry":[{"text":"my card is 4111 1111 1111 1111 — é"}]}';
    const older = await delivery("WHATSAPP", "FAILED", secret);
    await delivery("WHATSAPP", "PROCESSED");
    await delivery("FACEBOOK", "RECEIVED");
    const fb = await delivery("FACEBOOK", "FAILED");
    const newest = await delivery("WHATSAPP", "FAILED");

    const all = await admin.inboxWebhooks.list({});
    expect(all.total).toBe(3);
    expect(all.items.map((r) => r.id)).toEqual([newest.id, fb.id, older.id]);
    expect(JSON.stringify(all)).not.toContain("4111");
    const row = all.items.find((r) => r.id === older.id);
    expect(row).toEqual({
      id: older.id,
      platform: "WHATSAPP",
      error: older.error,
      attempts: 6,
      receivedAt: older.receivedAt,
      bodyBytes: Buffer.byteLength(secret, "utf8"),
    });
    expect(Object.keys(row ?? {})).not.toContain("body");

    const whatsapp = await admin.inboxWebhooks.list({ platform: "WHATSAPP" });
    expect(whatsapp.items.map((r) => r.id)).toEqual([newest.id, older.id]);
    expect(whatsapp.total).toBe(2);

    const first = await admin.inboxWebhooks.list({ limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual([newest.id, fb.id]);
    expect(first.nextCursor).toBe(fb.id);
    const second = await admin.inboxWebhooks.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((r) => r.id)).toEqual([older.id]);
    expect(second.nextCursor).toBeNull();

    expect((await trpcError(admin.inboxWebhooks.list({ platform: "NOPE" as "WHATSAPP" }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("retries one delivery: RECEIVED again, a normalize job queued, audited; a second press conflicts", async () => {
    const event = await delivery("INSTAGRAM", "FAILED");
    const result = await admin.inboxWebhooks.retry({ id: event.id });
    expect(result.id).toBe(event.id);

    const after = await db.inboxWebhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(after.status).toBe("RECEIVED");
    expect(after.error).toBeNull();
    const jobs = await normalizeJobsFor(event.id);
    expect(jobs.map((j) => j.id)).toEqual([result.jobId]);

    const audit = await db.adminAuditLog.findFirstOrThrow({
      where: { action: "inbox_webhook.retry", entityId: event.id },
    });
    expect(audit.adminUserId).toBe(root.id);
    expect(audit.entityType).toBe("inbox_webhook_event");

    expect((await trpcError(admin.inboxWebhooks.retry({ id: event.id }))).code).toBe("CONFLICT");
    expect(await normalizeJobsFor(event.id)).toHaveLength(1);
    expect((await trpcError(admin.inboxWebhooks.retry({ id: randomUUID() }))).code).toBe("NOT_FOUND");
    expect((await trpcError(admin.inboxWebhooks.retry({ id: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
  });

  it("retries all FAILED deliveries of a platform (capped), one job each, audited once", async () => {
    const tiktok = [await delivery("TIKTOK", "FAILED"), await delivery("TIKTOK", "FAILED")];
    const other = await delivery("FACEBOOK", "FAILED");
    const done = await delivery("TIKTOK", "PROCESSED");

    const result = await admin.inboxWebhooks.retryAll({ platform: "TIKTOK" });
    expect(result).toEqual({ retried: 2, remaining: 0 });
    for (const e of tiktok) {
      expect((await db.inboxWebhookEvent.findUniqueOrThrow({ where: { id: e.id } })).status).toBe("RECEIVED");
      expect(await normalizeJobsFor(e.id)).toHaveLength(1);
    }
    expect((await db.inboxWebhookEvent.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("FAILED");
    expect(await normalizeJobsFor(done.id)).toHaveLength(0);
    const audit = await db.adminAuditLog.findFirstOrThrow({ where: { action: "inbox_webhook.retry_all" } });
    expect(audit.entityId).toBe("TIKTOK");
    expect(audit.changes).toMatchObject({ after: { retried: 2, remaining: 0 } });

    // Nothing left on that platform: no job, no audit row.
    expect(await admin.inboxWebhooks.retryAll({ platform: "TIKTOK" })).toEqual({ retried: 0, remaining: 0 });
    expect(await db.adminAuditLog.count({ where: { action: "inbox_webhook.retry_all" } })).toBe(1);

    // Without a platform: every FAILED row left, up to the cap.
    const all = await admin.inboxWebhooks.retryAll({});
    expect(all.retried).toBeGreaterThanOrEqual(1);
    expect(all.retried).toBeLessThanOrEqual(RETRY_ALL_CAP);
    expect(all.remaining).toBe(0);
    expect((await admin.inboxWebhooks.list({})).items).toEqual([]);
  });
});
