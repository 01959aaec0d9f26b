import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Desk general settings (admins edit, agents read) and the account's notification preferences.

const { webUrl, databaseUrl } = inject("e2e");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const autoClose = (page: Page) => page.getByLabel("Close resolved tickets");

describe("desk general settings", () => {
  it("an owner changes auto-close, CSAT and sender name; they persist; an agent sees them read-only", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/acme/desk/settings`);
    await page.waitForURL(/\/desk\/settings\/general$/);
    await expect.poll(() => autoClose(page).textContent()).toContain("After 7 days");
    await page.getByTestId("help-center-url").getByText(`${webUrl}/help/acme`).waitFor();
    await screenshot(page, "desk-ops-01-settings-general");

    await autoClose(page).click();
    await page.getByRole("option", { name: "Never" }).click();
    await page.getByLabel("Send a satisfaction survey").click();
    await page.getByLabel("Sender name").fill("Acme Support Team");
    await page.getByText(/Customers see mail from “\u2068?Acme Support Team <support@…>/).waitFor();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Desk settings saved").waitFor();

    await page.reload();
    await expect.poll(() => autoClose(page).textContent()).toContain("Never");
    expect(await page.getByLabel("Send a satisfaction survey").getAttribute("aria-checked")).toBe("false");
    expect(await page.getByLabel("Sender name").inputValue()).toBe("Acme Support Team");

    // An agent reads the same values but can't change them.
    const agent = await signedInPage(browser, "agent@acme.test");
    await agent.goto(`${webUrl}/w/acme/desk/settings/general`);
    await agent.getByText("Only admins and owners can change the desk settings.").waitFor();
    expect(await agent.getByLabel("Sender name").getAttribute("readonly")).not.toBeNull();
    expect(await autoClose(agent).isDisabled()).toBe(true);
    expect(await agent.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    await screenshot(agent, "desk-ops-02-settings-read-only");
    await agent.context().close();

    // Put the demo workspace back as it was (other e2e files rely on CSAT mails).
    await autoClose(page).click();
    await page.getByRole("option", { name: "After 7 days" }).click();
    await page.getByLabel("Send a satisfaction survey").click();
    await page.getByLabel("Sender name").fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Desk settings saved").waitFor();
    await page.context().close();
  });

  it("looks right in dark mode, on a phone and in Arabic", async () => {
    const dark = await signedInPage(browser, "owner@acme.test", { colorScheme: "dark" });
    await dark.goto(`${webUrl}/w/acme/desk/settings/general`);
    await autoClose(dark).waitFor();
    await screenshot(dark, "desk-ops-03-settings-dark");
    await dark.context().close();

    const phone = await signedInPage(browser, "owner@acme.test", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    await phone.goto(`${webUrl}/w/acme/desk/settings/general`);
    await autoClose(phone).waitFor();
    await screenshot(phone, "desk-ops-04-settings-phone");
    await phone.goto(`${webUrl}/account/notifications`);
    await phone.getByRole("switch").first().waitFor();
    await screenshot(phone, "desk-ops-05-notifications-phone");
    await phone.context().close();

    // Arabic, right to left: the member's own locale (put back afterwards; others share the demo data).
    const setLocale = async (locale: string) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query("UPDATE users SET locale = $1 WHERE email = 'member@acme.test'", [locale]);
      await client.end();
    };
    await setLocale("ar");
    try {
      const arabic = await signedInPage(browser, "member@acme.test");
      await arabic.goto(`${webUrl}/w/acme/desk/settings/general`);
      await arabic.getByLabel("إغلاق التذاكر المحلولة").waitFor();
      expect(await arabic.locator("html").getAttribute("dir")).toBe("rtl");
      await screenshot(arabic, "desk-ops-07-settings-ar");
      await arabic.goto(`${webUrl}/account/notifications`);
      await arabic.getByRole("switch").first().waitFor();
      await screenshot(arabic, "desk-ops-08-notifications-ar");
      await arabic.context().close();
    } finally {
      await setLocale("en");
    }
  });
});

describe("tickets API", () => {
  it("an owner generates the workspace key; a script opens a ticket with it; revoking it locks the API", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/acme/desk/settings/general`);
    const card = page.getByTestId("desk-api-key-card");
    await card.waitFor();
    await card.getByRole("button", { name: /^(Generate|Regenerate) key$/ }).click();
    const confirm = page.getByRole("alertdialog");
    if (await confirm.isVisible().catch(() => false)) {
      await confirm.getByRole("button", { name: /regenerate/i }).click();
    }
    const key = ((await page.getByTestId("desk-api-new-key").locator("code").textContent()) ?? "").trim();
    expect(key).toMatch(/^qk_[A-Za-z0-9_-]{40,}$/);
    await screenshot(page, "desk-ops-09-api-key");

    const subject = `Order via API ${Date.now().toString(36)}`;
    const create = (bearer: string) =>
      fetch(`${webUrl}/api/v1/desk/tickets`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({
          subject,
          description: "Sent by the e2e script.",
          requester: { email: "api-e2e@example.test" },
        }),
      });
    const created = await create(key);
    expect(created.status).toBe(201);
    const { number } = (await created.json()) as { number: number };
    await page.goto(`${webUrl}/w/acme/desk`);
    await page.getByText(subject).first().waitFor();
    expect(await page.getByText(`#${number}`).first().isVisible()).toBe(true);

    await page.goto(`${webUrl}/w/acme/desk/settings/general`);
    await card.getByRole("button", { name: "Revoke key" }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: /revoke/i })
      .click();
    await card.getByText("No API key yet").waitFor();
    expect((await create(key)).status).toBe(401);
    await page.context().close();
  });
});

describe("notification preferences", () => {
  it("toggles a channel per desk event, saved at once and kept after a reload", async () => {
    const page = await signedInPage(browser, "agent@acme.test");
    await page.goto(`${webUrl}/account/profile`);
    await page.locator('a[href="/account/notifications"]').click(); // the account tab, not the inbox
    await page.waitForURL(/\/account\/notifications$/);
    const emailAssigned = page.getByRole("switch", { name: "Email: A ticket is assigned to me" });
    await emailAssigned.waitFor();
    expect(await emailAssigned.getAttribute("aria-checked")).toBe("true");
    // In app and email for each of the 7 desk events, and the product-news consent.
    expect(await page.getByRole("switch").count()).toBe(7 * 2 + 1);

    await emailAssigned.click();
    await expect.poll(() => emailAssigned.getAttribute("aria-checked")).toBe("false");
    await page.waitForLoadState("networkidle");
    await screenshot(page, "desk-ops-06-notifications");
    await page.reload();
    await expect.poll(() => emailAssigned.getAttribute("aria-checked")).toBe("false");
    const inAppAssigned = page.getByRole("switch", { name: "In app: A ticket is assigned to me" });
    expect(await inAppAssigned.getAttribute("aria-checked")).toBe("true");

    await emailAssigned.click(); // back on
    await expect.poll(() => emailAssigned.getAttribute("aria-checked")).toBe("true");
    await page.waitForLoadState("networkidle");
    await page.context().close();
  });
});
