import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@quartet/db/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";
import { waitForMail } from "./harness/mail.ts";

// Email campaigns end to end: a person opts in from their account page; an admin builds a small
// campaign for a segment of a few consenting people, sees the live recipient count, sends it and
// watches the progress reach 100 % (the real worker sends it); every mail carries List-Unsubscribe.
// Then the SEO submissions page, in English and Arabic.

const { adminUrl, webUrl, databaseUrl } = inject("e2e");
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

async function adminPage(look?: Parameters<typeof useLook>[1]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  if (look) await useLook(context, look);
  const page = await context.newPage();
  await page.goto(`${adminUrl}/sign-in`);
  await page.locator("input[type=email]").fill("admin@quartet.local");
  await page.locator("input[type=password]").fill(DEMO_PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/users/);
  return page;
}

describe("email campaigns", () => {
  it("a person turns on product news from their account page", async () => {
    const page = await signedInPage(browser, "agent@acme.test");
    await page.goto(`${webUrl}/account/notifications`);
    const toggle = page.getByRole("switch", { name: "Email me product news and offers" });
    await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("false");
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("true");
    await expect
      .poll(async () => (await db.user.findUnique({ where: { email: "agent@acme.test" } }))?.marketingConsent)
      .toBe(true);
    // The choice survives a reload (read back from the server).
    await page.reload();
    await expect
      .poll(() =>
        page.getByRole("switch", { name: "Email me product news and offers" }).getAttribute("aria-checked"),
      )
      .toBe("true");
    await page.getByTestId("marketing-consent").scrollIntoViewIfNeeded();
    await screenshot(page, "web-account-marketing-consent");
    await page.context().close();
  }, 60_000);

  it("an admin sends a small campaign to a segment and watches it reach 100 %", async () => {
    // Four people signed up on one day: three opted in, one did not.
    const day = "2031-03-03";
    const tag = randomUUID().slice(0, 8);
    const emails = [0, 1, 2, 3].map((i) => `crowd-${tag}-${i}@example.test`);
    await db.user.createMany({
      data: emails.map((email, i) => ({
        email,
        status: "ACTIVE" as const,
        locale: ["en", "fr", "ar", "en"][i] as string,
        marketingConsent: i < 3,
        createdAt: new Date(`${day}T12:00:00Z`),
      })),
    });

    const page = await adminPage();
    await page.goto(`${adminUrl}/campaigns`);
    await page.getByRole("heading", { level: 1, name: "Email campaigns" }).waitFor();
    await page.getByRole("link", { name: "New campaign" }).first().click();
    await page.waitForURL(/\/campaigns\/new$/);

    // Saving empty shows the field errors in plain words.
    await page.getByRole("button", { name: "Create draft" }).first().click();
    await page.getByText("Name the campaign.").waitFor();

    const name = `Spring news ${tag}`;
    await page.getByLabel("Internal name").fill(name);
    await page.getByLabel("Signed up from").fill(day);
    await page.getByLabel("Signed up until").fill(day);
    await expect
      .poll(() => page.getByTestId("recipient-count").textContent())
      .toContain("3 people will get it");
    await page.getByLabel("Subject").fill("What's new this spring");
    await page
      .getByRole("textbox", { name: "Message" })
      .fill("Hello!\n\nThree new things arrived this month.");
    await page.getByLabel("Button link").fill("https://quartet.example/news");
    await page.getByRole("tab", { name: /French/ }).click();
    await page.getByLabel("Subject").fill("Les nouveautés du printemps");
    await page.getByRole("button", { name: "Create draft" }).first().click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByTestId("campaign-preview-en").waitFor();
    await page.getByRole("tab", { name: "French" }).last().click();
    await expect
      .poll(() => page.getByTestId("campaign-preview-fr").textContent())
      .toContain("Les nouveautés du printemps");
    await screenshot(page, "admin-campaign-editor");
    expect(await seriousA11yFindings(page), "campaign editor").toEqual([]);

    // A test goes to the admin, marked as such.
    await page.getByRole("button", { name: "Send me a test" }).click();
    await waitForMail(databaseUrl, "admin@quartet.local", /^\[Test\] What's new this spring/);

    // Send now: the confirmation names how many people get it.
    await page.getByRole("button", { name: "Send now…" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText("It goes to 3 people right away.", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Send to 3 people" }).click();

    const bar = page.getByRole("progressbar", { name: "Sending progress" });
    await bar.waitFor();
    await expect
      .poll(() => bar.getAttribute("aria-valuenow"), { timeout: 60_000, interval: 500 })
      .toBe("100");
    await expect.poll(() => page.getByTestId("campaign-stat-sent").textContent()).toBe("3");
    expect(await page.getByTestId("campaign-stat-failed").textContent()).toBe("0");
    await page.getByText("Sent: every recipient was handled.").waitFor();
    expect(await page.getByTestId("campaign-stat-waiting").textContent()).toBe("0");
    await page
      .frameLocator("iframe")
      .first()
      .getByRole("heading", { name: "What's new this spring" })
      .waitFor();
    await screenshot(page, "admin-campaign-progress");
    expect(await seriousA11yFindings(page), "campaign progress").toEqual([]);

    // Only the three who opted in got it, each with List-Unsubscribe and one-click.
    const mail = await waitForMail(databaseUrl, emails[0]!, /What's new this spring/);
    expect(mail.text).toContain("Three new things arrived this month.");
    const captured = await db.capturedMail.findMany({ where: { toAddress: { in: emails } } });
    expect(captured.map((m) => m.toAddress).sort()).toEqual(emails.slice(0, 3).sort());
    const headers = Object.fromEntries(
      Object.entries(captured[0]!.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(headers["list-unsubscribe"]).toMatch(/^<https?:\/\/[^>]+\/unsubscribe\?/);
    expect(headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    // The French reader got the French subject.
    const fr = captured.find((m) => m.toAddress === emails[1]);
    expect(fr?.subject).toBe("Les nouveautés du printemps");

    // The list shows it sent, with its counts.
    await page.goto(`${adminUrl}/campaigns`);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.getByText("Sent", { exact: true }).waitFor();
    await row.getByText("3 / 3").waitFor();
    await page.context().close();
  }, 150_000);

  it("lists SEO submissions with their answer and resubmits one (English and Arabic)", async () => {
    const url = `${webUrl}/help/acme/articles/e2e-${randomUUID().slice(0, 8)}`;
    await db.seoSubmission.createMany({
      data: [
        {
          url,
          platform: "indexnow",
          status: "error",
          reason: "article.published",
          httpStatus: 422,
          response: { status: 422, body: "URLs don't belong to the host" },
          completedAt: new Date(),
        },
        {
          url: `${webUrl}/help/acme/articles/welcome`,
          platform: "indexnow",
          status: "success",
          reason: "article.updated",
          httpStatus: 202,
          response: { status: 202, body: "" },
          completedAt: new Date(),
        },
      ],
    });
    const page = await adminPage();
    await page.goto(`${adminUrl}/seo`);
    const row = page
      .getByRole("row", { name: new RegExp(url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) })
      .first();
    await row.getByText("HTTP 422").waitFor();
    await row.locator("summary", { hasText: "URLs don't belong to the host" }).waitFor();
    await screenshot(page, "admin-seo-light");
    expect(await seriousA11yFindings(page), "seo").toEqual([]);
    await row.getByRole("button", { name: `Resubmit ${url}` }).click();
    await page.getByText(`Submitted again: ${url}`).waitFor();
    await expect.poll(() => db.seoSubmission.count({ where: { url, reason: "admin.resubmit" } })).toBe(1);
    await page.context().close();

    const arabic = await adminPage({ name: "arabic", theme: "light", lang: "ar" });
    await arabic.goto(`${adminUrl}/seo`);
    await arabic.getByRole("heading", { level: 1, name: "الإرسال إلى محركات البحث" }).waitFor();
    expect(await arabic.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await arabic.getByText("HTTP 422").first().waitFor();
    await screenshot(arabic, "admin-seo-arabic");
    // And the campaign pages in Arabic.
    await arabic.goto(`${adminUrl}/campaigns`);
    await arabic.getByRole("heading", { level: 1, name: "حملات البريد الإلكتروني" }).waitFor();
    await arabic.locator('a[href^="/campaigns/"]:not([href="/campaigns/new"])').first().click();
    await arabic.getByRole("progressbar").waitFor();
    await arabic.frameLocator("iframe").first().getByRole("heading").first().waitFor();
    await screenshot(arabic, "admin-campaign-progress-arabic");
    await arabic.goto(`${adminUrl}/campaigns/new`);
    await arabic.getByRole("heading", { level: 1, name: "حملة جديدة" }).waitFor();
    await screenshot(arabic, "admin-campaign-editor-arabic");
    expect(await seriousA11yFindings(arabic), "campaign editor (ar)").toEqual([]);
    await arabic.context().close();
  }, 90_000);
});
