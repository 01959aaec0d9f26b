import { cookieJar, createAppClient } from "@quartet/api/client";
import { PLANS } from "@quartet/core/billing/plans";
import { createDb } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// A FREE workspace fills its automation rules, the next one opens the upgrade dialog, the offline
// checkout is paid in its tab, and back in the app the same rule saves without a reload; Settings →
// Billing then shows Pro and a payment whose receipt is a PDF. The workspace's trial was used by an
// earlier subscription, so the checkout charges at once (a trial records no payment).

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const email = `upgrader-${run}@example.test`;
const slug = `upgrade-${run}`;
const limit = PLANS.FREE.entitlements["desk.automationRules"] as number;
let browser: Browser;
let orgId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const user = await makeUser(db, { email, password: DEMO_PASSWORD, name: "Uma Upgrader" });
    const org = await makeOrg(db, user, { name: `Upgrade ${run}`, slug });
    orgId = org.id;
    await db.subscription.create({
      data: {
        organizationId: org.id,
        plan: "PRO",
        status: "EXPIRED",
        provider: "OFFLINE",
        trialStartedAt: new Date("2025-01-01"),
        endedAt: new Date("2025-01-15"),
      },
    });
  } finally {
    await db.$disconnect();
  }
  // All but the last allowed rule through the API.
  const jar = cookieJar();
  const api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email, password: DEMO_PASSWORD });
  for (let i = 1; i < limit; i++) {
    await api.deskAutomation.create.mutate({
      orgId,
      name: `Rule ${i}`,
      trigger: "ticket.created",
      actions: [{ type: "add_tag", tag: `r${i}` }],
    });
  }
});
afterAll(async () => {
  await browser?.close();
});

describe("upgrade from a plan limit", () => {
  it("FREE hits the rule limit → upgrade dialog → offline checkout → the rule saves, Billing shows Pro and a receipt", async () => {
    const page = await signedInPage(browser, email);
    await page.goto(`${webUrl}/w/${slug}/desk/settings/automation`);
    await page.getByRole("heading", { name: "Automation", exact: true }).waitFor();

    const newRule = async (name: string) => {
      await page.getByRole("button", { name: "New rule" }).first().click();
      const dialog = page.getByRole("dialog", { name: "New automation rule" });
      await dialog.getByLabel("Name").fill(name);
      await dialog.getByLabel("Trigger").selectOption("ticket.created");
      await dialog.getByLabel("Action", { exact: true }).selectOption("add_tag");
      await dialog.getByLabel("Tag").fill("vip");
      await dialog.getByRole("button", { name: "Create rule" }).click();
      return dialog;
    };

    // The last rule FREE allows, through the UI.
    await newRule(`Rule ${limit}`);
    await page.getByText(`Rule “Rule ${limit}” created`).waitFor();

    // One more: refused with the limit and the current use, as an upgrade dialog.
    const editor = await newRule(`Rule ${limit + 1}`);
    const upgrade = page.getByTestId("upgrade-dialog");
    await upgrade.waitFor();
    await upgrade
      .getByText(`Automation rules: the Free plan allows ${limit} and the workspace uses ${limit}.`)
      .waitFor();
    await upgrade.getByText(/Pro includes 50 automation rules/).waitFor();
    await screenshot(page, "billing-upgrade-01-dialog");

    // Upgrade → the offline checkout in a new tab → Pay.
    const [checkout] = await Promise.all([
      page.context().waitForEvent("page"),
      upgrade.getByTestId("upgrade-button").click(),
    ]);
    await checkout.waitForURL(/\/billing\/checkout\/[0-9a-f-]{36}$/);
    await checkout.getByRole("button", { name: "Pay", exact: true }).waitFor();
    await screenshot(checkout, "billing-upgrade-02-checkout");
    await upgrade
      .getByRole("status")
      .getByText(/Finish the payment in the new tab/)
      .waitFor();
    await checkout.getByRole("button", { name: "Pay", exact: true }).click();

    // The checkout tab lands on Settings → Billing with a banner, the parameter taken out.
    await checkout.waitForURL(new RegExp(`/w/${slug}/settings/billing$`));
    await checkout
      .getByTestId("checkout-return")
      .filter({ hasText: `Upgrade ${run} is now on Pro.` })
      .waitFor();
    await checkout.getByTestId("current-plan").filter({ hasText: /^Pro$/ }).waitFor();
    await screenshot(checkout, "billing-upgrade-03-return");
    await checkout.close();

    // Back in the app, no reload: the dialog sees Pro, and the same rule now saves.
    const loadsBefore = await page.evaluate(() => performance.getEntriesByType("navigation").length);
    await upgrade.getByTestId("upgrade-done").waitFor({ timeout: 20_000 });
    await upgrade.getByRole("button", { name: "Done" }).click();
    await upgrade.waitFor({ state: "detached" });
    await editor.getByRole("button", { name: "Create rule" }).click();
    await page.getByText(`Rule “Rule ${limit + 1}” created`).waitFor();
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(loadsBefore);
    expect(page.url()).toContain(`/w/${slug}/desk/settings/automation`);

    // Settings → Billing: Pro, active, and the payment with its PDF receipt.
    await page.goto(`${webUrl}/w/${slug}/settings/billing`);
    await page.getByTestId("current-plan").filter({ hasText: /^Pro$/ }).waitFor();
    await page
      .getByText(/^(Active|Trial)$/)
      .first()
      .waitFor();
    await page
      .getByTestId(`usage-desk.automationRules`)
      .getByText(`${limit + 1} of 50`)
      .waitFor();
    const receipt = page.getByRole("link", { name: "Download receipt" }).first();
    await receipt.waitFor();
    const href = await receipt.getAttribute("href");
    expect(href).toMatch(/^\/billing\/receipts\/[0-9a-f-]{36}\.pdf$/);
    const pdf = await page.request.get(`${webUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 4).toString()).toBe("%PDF");
    await screenshot(page, "billing-upgrade-04-settings");

    // A paid plan changes in place: Business now (prorated payment), Pro scheduled for the renewal.
    await page.getByTestId("choose-BUSINESS").click();
    await page.getByText("Upgraded to Business.", { exact: false }).waitFor();
    await page
      .getByTestId("current-plan")
      .filter({ hasText: /^Business$/ })
      .waitFor();
    await page.getByRole("cell", { name: "Upgrade to Business" }).waitFor();
    await page.getByTestId("choose-PRO").click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Switch to Pro" }).click();
    const scheduled = page.getByTestId("scheduled-change");
    await scheduled.filter({ hasText: /Business stays until .+; then Pro \(Monthly\) applies\./ }).waitFor();
    await screenshot(page, "billing-upgrade-05-scheduled");
    await page.getByRole("button", { name: "Keep Business" }).click();
    await scheduled.waitFor({ state: "detached" });
    await page.context().close();
  });
});
