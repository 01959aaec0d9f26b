import { readFile } from "node:fs/promises";
import { PERSON_TIERS } from "@quartet/core/billing/plans";
import { createDb } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Tools as a guest and as a free account: a guest merges two PDFs made here (page previews, the
// upload and processing bars, the result's sizes) and downloads one PDF with all their pages; a
// free account at its daily limit is offered the upgrade instead of a bare error. The grid and a
// tool's page are axe-clean in light, dark and Arabic, and fit a phone.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const FREE_EMAIL = `tools-free-${run}@example.test`;
const ORGANIZER_EMAIL = `tools-organizer-${run}@example.test`;
let browser: Browser;
let freeUserId: string;

async function makePdf(label: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${label} — page ${i} of ${pages}`, { x: 60, y: 760, size: 28, font });
    page.drawRectangle({ x: 60, y: 120, width: 475, height: 560, borderWidth: 2, opacity: 0.05 });
  }
  return Buffer.from(await doc.save());
}

let first: Buffer;
let second: Buffer;

beforeAll(async () => {
  browser = await launchBrowser();
  [first, second] = await Promise.all([makePdf("Quarterly report", 2), makePdf("Appendix", 3)]);
  const db = createDb(databaseUrl, { max: 1 });
  try {
    // A person whose only workspace is on the FREE plan: the FREE tier.
    const user = await makeUser(db, { email: FREE_EMAIL, password: DEMO_PASSWORD, name: "Fran Free" });
    await makeOrg(db, user, { name: `Free ${run}`, slug: `free-${run}` });
    freeUserId = user.id;
    const organizer = await makeUser(db, {
      email: ORGANIZER_EMAIL,
      password: DEMO_PASSWORD,
      name: "Otto Organizer",
    });
    await makeOrg(db, organizer, { name: `Organize ${run}`, slug: `organize-${run}` });
  } finally {
    await db.$disconnect();
  }
});
afterAll(async () => {
  await browser?.close();
});

/** Records every value the job's progress bar shows (a poll may come and go between two looks). */
async function recordProgress(context: BrowserContext) {
  await context.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { __progress: number[] }).__progress = seen;
    const read = () => {
      const bar = document.querySelector('[data-testid="job-progress"]');
      const value = bar ? Number(bar.getAttribute("aria-valuenow")) : Number.NaN;
      if (!Number.isNaN(value) && seen[seen.length - 1] !== value) seen.push(value);
    };
    new MutationObserver(read).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["aria-valuenow"],
    });
  });
}

async function addPdfs(page: Page) {
  await page.getByTestId("file-input").setInputFiles([
    { name: "quarterly-report.pdf", mimeType: "application/pdf", buffer: first },
    { name: "appendix.pdf", mimeType: "application/pdf", buffer: second },
  ]);
  const cards = page.getByTestId("file-card");
  await expect.poll(() => cards.count()).toBe(2);
  // Page counts (and first-page thumbnails) come from PDF.js in the browser.
  await cards.nth(0).getByText("2 pages").waitFor({ timeout: 20_000 });
  await cards.nth(1).getByText("3 pages").waitFor({ timeout: 20_000 });
}

/** Five pages told apart by their width (500, 510, … 540 points). */
async function makeWidePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 5; i++) {
    const page = doc.addPage([500 + i * 10, 700]);
    page.drawText(`Page ${i + 1}`, { x: 40, y: 600, size: 64, font });
  }
  return Buffer.from(await doc.save());
}

/** A 600 × 400 PNG with a pattern, drawn by the page's browser. */
async function makePng(page: Page, seed: number): Promise<Buffer> {
  const dataUrl = await page.evaluate((step) => {
    const canvas = document.createElement("canvas");
    canvas.width = 600;
    canvas.height = 400;
    const ctx = canvas.getContext("2d")!;
    const image = ctx.createImageData(600, 400);
    for (let i = 0; i < image.data.length; i += 4) {
      const v = (i * step) % 255;
      image.data.set([v, (v * 3) % 255, (v * 5) % 255, 255], i);
    }
    ctx.putImageData(image, 0, 0);
    return canvas.toDataURL("image/png");
  }, seed);
  return Buffer.from(dataUrl.split(",")[1]!, "base64");
}

describe("tools", () => {
  it("a guest merges two PDFs and downloads one PDF of 5 pages; the progress bar moves", {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await recordProgress(context);
    const page = await context.newPage();
    await page.goto(`${webUrl}/tools`);
    await page
      .getByRole("heading", { level: 1, name: "Free online file tools" })
      .waitFor({ timeout: 20_000 });
    await page.getByRole("link", { name: /^Merge PDF/ }).click();
    await page.waitForURL(/\/tools\/pdf-merge$/);
    await page.getByRole("heading", { level: 1, name: /Merge PDF/ }).waitFor();
    expect(await page.title()).toContain("Merge PDF");
    expect(await page.locator('meta[name="description"]').getAttribute("content")).toContain("PDF");

    await addPdfs(page);
    await expect
      .poll(() => page.getByTestId("file-card").locator("img").count(), { timeout: 20_000 })
      .toBe(2);
    // Reorder from the keyboard: the appendix first, then back (the order sent is the cards').
    const handle = page.getByRole("button", { name: "Move appendix.pdf", exact: true });
    const move = async (key: "ArrowLeft" | "ArrowRight") => {
      await handle.focus();
      // The sensor measures the cards after the pick-up, then follows each key.
      for (const k of ["Space", key, "Space"]) {
        await page.keyboard.press(k);
        await page.waitForTimeout(250);
      }
    };
    await move("ArrowLeft");
    await expect.poll(() => page.getByTestId("file-card").first().textContent()).toContain("appendix.pdf");
    await screenshot(page, "tools-merge-files");
    await move("ArrowRight");
    await expect
      .poll(() => page.getByTestId("file-card").first().textContent())
      .toContain("quarterly-report.pdf");

    await page.getByTestId("tool-start").click();
    await page.waitForURL(/job=/, { timeout: 30_000 });
    const view = page.getByTestId("job-view");
    await view.and(page.locator('[data-status="COMPLETED"]')).waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    expect(
      seen.some((v) => v < 100),
      `progress seen: ${seen.join(", ")}`,
    ).toBe(true);
    expect(seen[seen.length - 1]).toBe(100);
    await view.getByTestId("job-sizes").waitFor();
    await screenshot(page, "tools-merge-result");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      view.getByTestId("download").click(),
    ]);
    const path = await download.path();
    const merged = await PDFDocument.load(await readFile(path));
    expect(merged.getPageCount()).toBe(5);

    // A reload comes back to the same result; the job is in the recent list until it expires.
    await page.reload();
    await page
      .getByTestId("job-view")
      .and(page.locator('[data-status="COMPLETED"]'))
      .waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Start over" }).click();
    await page.getByTestId("drop-zone").waitFor();
    await page.getByTestId("recent-jobs").getByText("Completed").first().waitFor({ timeout: 20_000 });
    await context.close();
  });

  it("a free account at its daily limit is offered the upgrade", { timeout: 90_000 }, async () => {
    const limit = PERSON_TIERS.FREE["tools.operationsPerDay"] as number;
    const db = createDb(databaseUrl, { max: 1 });
    try {
      const now = new Date();
      await db.usageCounter.upsert({
        where: {
          subject_metric_periodKey: {
            subject: `user:${freeUserId}`,
            metric: "tools.operationsPerDay",
            periodKey: now.toISOString().slice(0, 10),
          },
        },
        create: {
          subject: `user:${freeUserId}`,
          metric: "tools.operationsPerDay",
          periodKey: now.toISOString().slice(0, 10),
          count: limit,
          userId: freeUserId,
          expiresAt: new Date(now.getTime() + 3 * 86_400_000),
        },
        update: { count: limit },
      });
    } finally {
      await db.$disconnect();
    }
    const page = await signedInPage(browser, FREE_EMAIL);
    await page.goto(`${webUrl}/tools/pdf-merge`);
    await page.getByRole("heading", { level: 1, name: /Merge PDF/ }).waitFor({ timeout: 20_000 });
    await page.getByTestId("tools-tier").getByText(`${limit} of ${limit} operations used today`).waitFor();
    await addPdfs(page);
    await page.getByTestId("tool-start").click();

    // The app's upgrade dialog (the limit, the use, the plan that lifts it) and, on the page, the
    // server's sentence with a Day Pass and the upgrade.
    const dialog = page.getByTestId("upgrade-dialog");
    await dialog.waitFor({ timeout: 20_000 });
    await dialog
      .getByText(/Tool operations per day/i)
      .first()
      .waitFor();
    await screenshot(page, "tools-limit-dialog");
    await dialog.getByRole("button", { name: "Not now" }).click();
    const panel = page.getByTestId("tools-limit");
    await panel.getByText(/operations a day/).waitFor();
    await panel.getByTestId("buy-day-pass").waitFor();
    await panel.getByTestId("tools-upgrade").click();
    await page.getByTestId("upgrade-dialog").waitFor();
    await page.getByTestId("upgrade-dialog").getByRole("button", { name: "Not now" }).click();
    // Nothing was lost: the files are still there to start again later.
    expect(await page.getByTestId("file-card").count()).toBe(2);
    expect(page.url()).not.toContain("job=");
    await screenshot(page, "tools-limit-panel");
    await page.context().close();
  });

  it("a free account reorders and deletes pages of a PDF (organize) from the page previews", {
    timeout: 90_000,
  }, async () => {
    const page = await signedInPage(browser, ORGANIZER_EMAIL, { acceptDownloads: true });
    await page.goto(`${webUrl}/tools/pdf-organize`);
    await page.getByTestId("drop-zone").waitFor({ timeout: 20_000 });
    await page
      .getByTestId("file-input")
      .setInputFiles([{ name: "five-pages.pdf", mimeType: "application/pdf", buffer: await makeWidePdf() }]);
    const cards = page.getByTestId("page-card");
    await expect.poll(() => cards.locator("img").count(), { timeout: 20_000 }).toBe(5);
    await page.getByText("5 of 5 pages kept").waitFor();

    // Page 2 out; page 5 to the front (keyboard, from its handle).
    await page.getByRole("button", { name: "Delete page 2" }).click();
    await page.getByText("4 of 5 pages kept").waitFor();
    const handle = page.getByRole("button", { name: "Move Page 5", exact: true });
    await handle.focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(250);
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("ArrowLeft");
      await page.waitForTimeout(250);
    }
    await page.keyboard.press("Space");
    await expect.poll(() => cards.first().textContent()).toContain("5");
    await screenshot(page, "tools-organize-pages");
    expect(await seriousA11yFindings(page)).toEqual([]);

    await page.getByTestId("tool-start").click();
    const view = page.getByTestId("job-view");
    await view.and(page.locator('[data-status="COMPLETED"]')).waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      view.getByTestId("download").click(),
    ]);
    const result = await PDFDocument.load(await readFile(await download.path()));
    expect(result.getPages().map((p) => p.getWidth())).toEqual([540, 500, 520, 530]);
    await page.getByTestId("recent-jobs").getByText("Completed").first().waitFor({ timeout: 20_000 });
    await screenshot(page, "tools-organize-result");
    await page.context().close();
  });

  it("a guest compresses an image: the preview, then the sizes before and after", {
    timeout: 90_000,
  }, async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(`${webUrl}/tools/image-compress`);
    await page.getByTestId("drop-zone").waitFor({ timeout: 20_000 });
    const png = await makePng(page, 7919);
    await page
      .getByTestId("file-input")
      .setInputFiles([{ name: "photo.png", mimeType: "image/png", buffer: png }]);
    await page.getByTestId("file-card").locator("img").waitFor();
    await page.getByLabel("Quality").fill("40");
    await page.getByTestId("tool-start").click();
    const view = page.getByTestId("job-view");
    await view.and(page.locator('[data-status="COMPLETED"]')).waitFor({ timeout: 60_000 });
    const sizes = await view.getByTestId("job-sizes").textContent();
    expect(sizes).toMatch(/KB.*→.*KB/);
    await screenshot(page, "tools-image-result");
    await context.close();
  });

  it("a Premium account compresses two images as a batch: per-file status and a ZIP", {
    timeout: 90_000,
  }, async () => {
    // The demo workspace is on Pro: its owner has the Premium tier.
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/tools/image-compress`);
    await page.getByTestId("tools-tier").getByText("Premium").waitFor({ timeout: 20_000 });
    await page.getByTestId("file-input").setInputFiles([
      { name: "first.png", mimeType: "image/png", buffer: await makePng(page, 7919) },
      { name: "second.png", mimeType: "image/png", buffer: await makePng(page, 104729) },
    ]);
    await expect.poll(() => page.getByTestId("file-card").locator("img").count()).toBe(2);
    await page.getByTestId("tool-start").click();
    await page.waitForURL(/batch=/, { timeout: 30_000 });
    const view = page.getByTestId("batch-view");
    await view.and(page.locator('[data-status="COMPLETED"]')).waitFor({ timeout: 60_000 });
    expect(await view.getByTestId("batch-job").count()).toBe(2);
    await view.getByTestId("batch-job").filter({ hasText: "second.png" }).getByText("Completed").waitFor();
    expect(await view.getByTestId("batch-zip").getAttribute("href")).toMatch(
      /\/api\/tools\/batches\/.+\/zip\?/,
    );
    await screenshot(page, "tools-batch-result");
    await page.context().close();
  });

  for (const look of LOOKS) {
    it(`is axe-clean: ${look.name}`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        await useLook(context, look);
        const page = await context.newPage();
        await page.goto(`${webUrl}/tools`);
        await page.getByRole("heading", { level: 1 }).waitFor({ timeout: 20_000 });
        await page.locator('a[href="/tools/pdf-merge"]').waitFor();
        if (look.lang === "ar") expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
        expect(await seriousA11yFindings(page)).toEqual([]);
        await screenshot(page, `tools-grid-${look.name}`);

        await page.locator('a[href="/tools/pdf-merge"]').click();
        await page.getByTestId("drop-zone").waitFor();
        await page.getByTestId("file-input").setInputFiles([
          { name: "quarterly-report.pdf", mimeType: "application/pdf", buffer: first },
          { name: "appendix.pdf", mimeType: "application/pdf", buffer: second },
        ]);
        await expect
          .poll(() => page.getByTestId("file-card").locator("img").count(), { timeout: 20_000 })
          .toBe(2);
        expect(await seriousA11yFindings(page)).toEqual([]);
        await screenshot(page, `tools-merge-${look.name}`);

        await page.goto(`${webUrl}/tools/pdf-watermark`);
        await page.getByTestId("drop-zone").waitFor({ timeout: 20_000 });
        await page.locator("fieldset").first().waitFor();
        // A FREE tool: a guest is told before uploading anything, and can't start.
        await page.getByTestId("tools-gate").waitFor();
        expect(await page.getByTestId("tool-start").isDisabled()).toBe(true);
        expect(await seriousA11yFindings(page)).toEqual([]);
        await screenshot(page, `tools-options-${look.name}`);
      } finally {
        await context.close();
      }
    });
  }

  it("works on a phone", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto(`${webUrl}/tools`);
    await page.locator('a[href="/tools/pdf-merge"]').waitFor({ timeout: 20_000 });
    expect(await overflow()).toBeLessThanOrEqual(1);
    expect(await seriousA11yFindings(page)).toEqual([]);
    await screenshot(page, "tools-grid-phone");

    await page.goto(`${webUrl}/tools/pdf-merge`);
    await addPdfs(page);
    expect(await overflow()).toBeLessThanOrEqual(1);
    expect(await seriousA11yFindings(page)).toEqual([]);
    await screenshot(page, "tools-merge-phone");
    await context.close();
  });
});
