import { createHash, randomUUID } from "node:crypto";
import { sealToken } from "@quartet/core/inbox/connections/connection-secrets";
import { createDb, type Db } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, type Look, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot } from "./harness/browser.ts";

// Platform admin → Inbox webhooks (failed deliveries: retry one, then retry all behind a
// confirmation; bodies never shown) and Encryption keys (secrets per key id; the re-encryption job
// started behind a confirmation), axe-clean with data in light, dark and Arabic.

const { adminUrl, databaseUrl } = inject("e2e");
const OLD_KEY = "e2e-old-key-0123456789abcdef0123456789abcdef";
const SECRET_TEXT = "e2e-private-message-4111";
let browser: Browser;
let db: Db;
beforeAll(async () => {
  browser = await launchBrowser();
  db = createDb(databaseUrl, { max: 2 });
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

async function adminPage(options: { look?: Look; phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1366, height: 900 },
  });
  if (options.look) await useLook(context, options.look);
  const page = await context.newPage();
  await page.goto(`${adminUrl}/sign-in`);
  await page.locator("input[type=email]").fill("admin@quartet.local");
  await page.locator("input[type=password]").fill(DEMO_PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/users/);
  return page;
}

async function failedDelivery(platform: "WHATSAPP" | "FACEBOOK", error: string, minutesAgo: number) {
  const body = JSON.stringify({ entry: [{ text: SECRET_TEXT, id: randomUUID() }] });
  return db.inboxWebhookEvent.create({
    data: {
      platform,
      body,
      bodyHash: createHash("sha256").update(body).digest("hex"),
      status: "FAILED",
      error,
      attempts: 6,
      receivedAt: new Date(Date.now() - minutesAgo * 60_000),
    },
  });
}

async function normalizeJobs(eventId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'inbox.webhook-normalize' AND data->>'eventId' = ${eventId}`;
  return rows[0]?.n ?? 0;
}

describe("admin inbox webhooks and encryption keys", () => {
  it("lists failed deliveries without bodies, retries one, then all after a confirmation", async () => {
    const wa = await failedDelivery(
      "WHATSAPP",
      "TypeError: Cannot read properties of undefined (reading 'messages')",
      5,
    );
    const fb = await failedDelivery("FACEBOOK", "connection lookup timed out after 10000 ms", 90);
    const page = await adminPage();
    await page.goto(`${adminUrl}/inbox-webhooks`);
    const waRow = page.locator(`[data-event="${wa.id}"]`);
    await waRow.waitFor();
    await expect.poll(() => page.locator(`[data-event="${fb.id}"]`).count()).toBe(1);
    expect(await waRow.textContent()).toContain("reading 'messages'");
    expect(await page.content()).not.toContain(SECRET_TEXT);
    await screenshot(page, "admin-inbox-webhooks-rows");

    // The worker normalises a retried delivery at once (and these bodies fail again): the proof
    // is the toast, the normalize job queued for it and the audit row.
    await waRow.getByRole("button", { name: /Retry/ }).click();
    await page.getByText("Delivery queued for normalisation again").waitFor();
    expect(await normalizeJobs(wa.id)).toBeGreaterThan(0);

    await page.getByRole("button", { name: /Retry all \(\d+\)/ }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("button", { name: "Retry all" }).click();
    await page.getByText(/deliver(y|ies) queued for normalisation again/).waitFor();
    expect(await normalizeJobs(fb.id)).toBeGreaterThan(0);
    const audit = await db.adminAuditLog.findMany({
      where: { action: { in: ["inbox_webhook.retry", "inbox_webhook.retry_all"] } },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["inbox_webhook.retry", "inbox_webhook.retry_all"]);
    await page.context().close();
  });

  it("shows secrets per key and queues the re-encryption after a confirmation", async () => {
    const owner = await makeUser(db, { email: `keys-${randomUUID()}@keys.test` });
    const org = await makeOrg(db, owner, { name: "Key Rotation Co" });
    await db.platformConnection.create({
      data: {
        organizationId: org.id,
        platform: "FACEBOOK",
        platformUserId: `page-${randomUUID()}`,
        accessToken: sealToken({ encryptionKey: OLD_KEY }, "EAAG-old"),
        refreshToken: sealToken({ encryptionKey: OLD_KEY }, "refresh-old"),
      },
    });
    const page = await adminPage();
    await page.goto(`${adminUrl}/security`);
    await page.getByRole("table", { name: "Stored secrets per key" }).waitFor();
    await page.getByText(/secrets? (is|are) still under an older key/).waitFor();
    await screenshot(page, "admin-security-rows");

    await page.getByRole("button", { name: "Re-encrypt with the newest key" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Start re-encryption" }).click();
    await page.getByText("Re-encryption job queued").waitFor();
    expect(await db.adminAuditLog.count({ where: { action: "security.reencrypt_secrets" } })).toBeGreaterThan(
      0,
    );
    await page.context().close();
  });

  for (const look of LOOKS) {
    it(`both pages with data have no serious axe finding (${look.name})`, async () => {
      await failedDelivery("WHATSAPP", "unexpected payload shape", 3);
      const page = await adminPage({ look });
      for (const path of ["/inbox-webhooks", "/security"]) {
        await page.goto(`${adminUrl}${path}`);
        await page.getByRole("table").first().waitFor();
        await page.waitForLoadState("networkidle");
        expect(await seriousA11yFindings(page), path).toEqual([]);
        await screenshot(page, `admin${path.replace("/", "-")}-data-${look.name}`);
      }
      await page.context().close();
    });
  }

  it("both pages fit a phone", async () => {
    await failedDelivery("FACEBOOK", "unexpected payload shape on a phone", 1);
    const page = await adminPage({ phone: true });
    for (const path of ["/inbox-webhooks", "/security"]) {
      await page.goto(`${adminUrl}${path}`);
      await page.getByRole("table").first().waitFor();
      await page.waitForLoadState("networkidle");
      // Nothing wider than the screen but the table's own scroll area.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await screenshot(page, `admin${path.replace("/", "-")}-phone`);
    }
    await page.context().close();
  });
});
