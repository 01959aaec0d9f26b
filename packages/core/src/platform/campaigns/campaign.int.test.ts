import { randomUUID } from "node:crypto";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appError, useTestEnv } from "../../testing/integration.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { handleCampaignSendBatch, handleCampaignStart, syncCampaign } from "./campaign.handler.ts";
import {
  campaignProgress,
  countRecipients,
  createCampaign,
  previewCampaign,
  sendCampaignNow,
  updateCampaign,
} from "./campaign.service.ts";

const { db, deps } = await useTestEnv();
const adminUser = await makeUser(db, {
  platformRole: "SUPERADMIN",
  email: `admin-${randomUUID()}@example.test`,
});
const admin: AdminActor = { userId: adminUser.id, email: adminUser.email, ip: "127.0.0.1" };

// A tag in every address keeps each test's people apart from the others'.
async function people(
  tag: string,
  rows: {
    consent?: boolean;
    locale?: string;
    status?: "ACTIVE" | "PENDING" | "LOCKED" | "DISABLED";
    createdAt?: string;
    deleted?: boolean;
  }[],
) {
  await db.user.createMany({
    data: rows.map((r, i) => ({
      email: `${tag}-${i}@${tag}.test`,
      locale: r.locale ?? "en",
      status: r.status ?? "ACTIVE",
      marketingConsent: r.consent ?? true,
      createdAt: r.createdAt ? new Date(r.createdAt) : new Date("2026-06-15T12:00:00Z"),
      deletedAt: r.deleted ? new Date() : null,
    })),
  });
  return db.user.findMany({ where: { email: { endsWith: `@${tag}.test` } }, orderBy: { email: "asc" } });
}

/** Counts within the tagged people only: each test's users are created in a date window of their own. */
const count = async (segment: Parameters<typeof countRecipients>[2]["segment"]) =>
  (await countRecipients(deps, admin, { segment })).count;

describe("campaign segments", () => {
  it("counts only consenting, live, unsuppressed people, filtered by tier, plan, sign-up date, locale and status", async () => {
    const day = (d: string) => `2031-01-${d}T10:00:00Z`;
    const users = await people("seg", [
      { locale: "en", createdAt: day("01") },
      { locale: "fr", createdAt: day("02") },
      { locale: "fr-CA", createdAt: day("03") },
      { locale: "ar", createdAt: day("04") },
      { locale: "ar", createdAt: day("05"), consent: false },
      { locale: "en", createdAt: day("06"), status: "DISABLED" },
      { locale: "en", createdAt: day("07"), deleted: true },
      { locale: "en", createdAt: day("08") },
    ]);
    // The last one's address bounced.
    await db.emailSuppression.create({ data: { email: users[7]!.email, reason: "BOUNCED" } });
    // The third one is a member of a PRO workspace (so PREMIUM), the first of a FREE one.
    const pro = await makeOrg(db, adminUser, { plan: "PRO" });
    await db.membership.create({ data: { organizationId: pro.id, userId: users[2]!.id, role: "MEMBER" } });
    const free = await makeOrg(db, adminUser);
    await db.membership.create({ data: { organizationId: free.id, userId: users[0]!.id, role: "MEMBER" } });

    const window = { signedUpFrom: "2031-01-01", signedUpTo: "2031-01-31" };
    expect(await count(window)).toBe(4);
    expect(await count({ ...window, statuses: ["ACTIVE", "DISABLED"] })).toBe(5);
    expect(await count({ ...window, locales: ["fr"] })).toBe(2);
    expect(await count({ ...window, locales: ["ar", "en"] })).toBe(2);
    expect(await count({ ...window, tiers: ["PREMIUM"] })).toBe(1);
    expect(await count({ ...window, tiers: ["FREE"] })).toBe(3);
    expect(await count({ ...window, plans: ["PRO"] })).toBe(1);
    expect(await count({ ...window, plans: ["FREE", "PRO"] })).toBe(2);
    expect(await count({ ...window, plans: ["BUSINESS"] })).toBe(0);
    expect(await count({ signedUpFrom: "2031-01-02", signedUpTo: "2031-01-03" })).toBe(2);
    // A Day Pass makes a FREE person PREMIUM while it runs.
    await db.user.update({
      where: { id: users[1]!.id },
      data: { dayPassExpiresAt: new Date(deps.clock.now().getTime() + 3_600_000) },
    });
    expect(await count({ ...window, tiers: ["PREMIUM"] })).toBe(2);
    await expect(
      countRecipients(deps, admin, { segment: { signedUpFrom: "2031-02-01", signedUpTo: "2031-01-01" } }),
    ).rejects.toThrow(/sign-up range/);
  });
});

describe("campaign sending (handlers, no worker)", () => {
  it("expands the segment into recipients in batches, skips those who withdrew consent, and completes when the mails are out", async () => {
    const users = await people(
      "send",
      Array.from({ length: 5 }, () => ({ createdAt: "2032-03-03T00:00:00Z" })),
    );
    await people("send-no", [{ consent: false, createdAt: "2032-03-03T00:00:00Z" }]);
    const campaign = await createCampaign(deps, admin, {
      name: "March news",
      subject: "What's new",
      content: "Hello!\n\nWe shipped things.",
      translations: { fr: { subject: "Quoi de neuf", content: "Bonjour !" } },
      segment: { signedUpFrom: "2032-03-03", signedUpTo: "2032-03-03" },
    });
    await sendCampaignNow(deps, admin, { id: campaign.id });
    // Editing after the start is refused.
    const locked = await appError(
      updateCampaign(deps, admin, {
        id: campaign.id,
        name: campaign.name,
        subject: campaign.subject,
        content: "x",
        segment: {},
      }),
    );
    expect(locked.reason).toBe("CAMPAIGN_LOCKED");

    const started = await handleCampaignStart(deps, { campaignId: campaign.id });
    expect(started).toMatchObject({ outcome: "EXPANDED", recipients: 5 });
    // A retry of the start job adds nobody twice.
    expect(await handleCampaignStart(deps, { campaignId: campaign.id })).toMatchObject({
      outcome: "NOTHING_TO_DO",
    });
    const recipients = await db.emailCampaignRecipient.findMany({ where: { campaignId: campaign.id } });
    expect(recipients).toHaveLength(5);
    expect(recipients.map((r) => r.userId).sort()).toEqual(users.map((u) => u.id).sort());

    // One person withdraws consent between expansion and the batch.
    await db.user.update({ where: { id: users[0]!.id }, data: { marketingConsent: false } });
    const ids = recipients.map((r) => r.id);
    expect(await handleCampaignSendBatch(deps, { campaignId: campaign.id, recipientIds: ids })).toEqual({
      queued: 4,
      skipped: 1,
    });
    // The retry of the same batch is a no-op.
    expect(await handleCampaignSendBatch(deps, { campaignId: campaign.id, recipientIds: ids })).toEqual({
      queued: 0,
      skipped: 0,
    });
    const logs = await db.emailLog.findMany({ where: { userId: { in: users.map((u) => u.id) } } });
    expect(logs).toHaveLength(4);
    for (const log of logs) {
      const headers = log.headers as Record<string, string>;
      expect(headers["List-Unsubscribe"]).toMatch(
        /^<http:\/\/localhost:3000\/unsubscribe\?token=[^>]+>, <mailto:unsubscribe@/,
      );
      expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    }
    let progress = await campaignProgress(deps, admin, { id: campaign.id });
    expect(progress).toMatchObject({
      status: "SENDING",
      total: 5,
      skipped: 1,
      queued: 4,
      sent: 0,
      percent: 20,
    });
    // The worker sends them (here: marked sent), and the sync completes the campaign.
    await db.emailLog.updateMany({ where: { id: { in: logs.map((l) => l.id) } }, data: { status: "SENT" } });
    await syncCampaign(deps, campaign.id);
    progress = await campaignProgress(deps, admin, { id: campaign.id });
    expect(progress).toMatchObject({ status: "COMPLETED", sent: 4, failed: 0, skipped: 1, percent: 100 });
    const row = await db.emailCampaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(row).toMatchObject({ sentCount: 4, failedCount: 0, totalRecipients: 5, status: "COMPLETED" });
    const audit = await db.adminAuditLog.findMany({
      where: { entityId: campaign.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["campaign.create", "campaign.send"]);
  });

  it("previews each locale, falling back to English where no translation was written", async () => {
    const campaign = await createCampaign(deps, admin, {
      name: "Locales",
      emailType: "FEATURE_ANNOUNCEMENT",
      subject: "New inbox",
      content: "It is here.",
      linkUrl: "https://quartet.example/inbox",
      linkLabel: "Open",
      translations: { fr: { subject: "Nouvelle boîte", content: "Elle est là.", linkLabel: "Ouvrir" } },
      segment: {},
    });
    const fr = await previewCampaign(deps, admin, { id: campaign.id, locale: "fr" });
    expect(fr.subject).toBe("Nouvelle boîte");
    expect(fr.html).toContain("Ouvrir");
    expect(fr.html).toContain('lang="fr"');
    const ar = await previewCampaign(deps, admin, { id: campaign.id, locale: "ar" });
    expect(ar.subject).toBe("New inbox");
    expect(ar.html).toContain('dir="rtl"');
    expect(ar.html).toContain("إلغاء الاشتراك");
    expect(ar.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });
});
