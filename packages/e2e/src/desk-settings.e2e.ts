import { readFileSync } from "node:fs";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Desk settings (teams, SLA policies) and the reports built from the tickets agents work.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const teamName = `Billing ${run}`;
const policyName = `Business hours ${run}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("desk settings and reports", () => {
  it("an owner creates a team and adds an agent as lead, then changes the role", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/acme/desk/settings/teams`);
    await page.getByRole("heading", { name: "Teams", exact: true }).waitFor();

    await page.getByRole("button", { name: "New team" }).first().click();
    // An empty name is refused under the field, nothing is sent.
    await page.getByRole("button", { name: "Create team" }).click();
    await page.getByText("Give the team a name.").waitFor();
    await page.getByLabel("Name").fill(teamName);
    await page.getByLabel("Description").fill("Invoices and refunds");
    await page.getByRole("button", { name: "Create team" }).click();
    await page.getByText(`Team ${teamName} created`).waitFor();

    const row = page.getByRole("row").filter({ hasText: teamName });
    await row.getByText("0 members").waitFor();
    await row.getByRole("button", { name: `Actions for ${teamName}` }).click();
    await page.getByRole("menuitem", { name: "Manage members" }).click();
    const dialog = page.getByRole("dialog", { name: `Members of ${teamName}` });
    await dialog.getByText("Nobody is in this team yet.").waitFor();
    // Members (not agents) can't be picked.
    expect(await dialog.getByRole("option", { name: /Mei Member/ }).count()).toBe(0);
    await dialog.getByLabel("Person").selectOption({ label: "Aziz Agent (agent@acme.test)" });
    await dialog.getByLabel("Role in the team").selectOption("LEAD");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText("Aziz Agent added to the team").waitFor();
    await expect.poll(() => dialog.getByLabel("Role of Aziz Agent").inputValue()).toBe("LEAD");
    await screenshot(page, "desk-settings-01-team-members");

    await dialog.getByLabel("Role of Aziz Agent").selectOption("SUPERVISOR");
    await page.getByText("Aziz Agent is now Supervisor").waitFor();
    await page.keyboard.press("Escape");
    await row.getByText("1 member", { exact: true }).waitFor();
    await screenshot(page, "desk-settings-02-teams");
    await page.context().close();
  });

  it("an owner creates a business-hours SLA policy; field errors land on the right inputs", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/acme/desk/settings/sla`);
    await page.getByRole("heading", { name: "SLA policies", exact: true }).waitFor();
    await page.getByRole("button", { name: "New policy" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New SLA policy" });
    await dialog.getByLabel("Name").fill(policyName);

    // Urgent: respond in 30 min, resolve in 10 min → refused on the resolution input.
    await dialog.getByLabel("First response for Urgent, hours").fill("0");
    await dialog.getByLabel("First response for Urgent, minutes").fill("30");
    await dialog.getByLabel("Resolution for Urgent, hours").fill("0");
    await dialog.getByLabel("Resolution for Urgent, minutes").fill("10");
    await dialog.getByRole("button", { name: "Create policy" }).click();
    await dialog.getByText("Resolution can't be due before the first response.").waitFor();
    expect(await dialog.getByLabel("Resolution for Urgent, minutes").getAttribute("aria-invalid")).toBe(
      "true",
    );
    await dialog.getByLabel("Resolution for Urgent, hours").fill("4");
    await dialog.getByLabel("Resolution for Urgent, minutes").fill("0");

    // Business hours in Paris: Monday 08:00–18:00, copied to the weekdays, Christmas off.
    await dialog.getByLabel("Time zone").selectOption("Europe/Paris");
    await dialog.getByLabel("Monday opens at").fill("08:00");
    await dialog.getByLabel("Monday closes at").fill("18:00");
    await dialog.getByRole("button", { name: "Copy Monday to weekdays" }).click();
    expect(await dialog.getByLabel("Thursday opens at").inputValue()).toBe("08:00");
    await dialog.getByRole("button", { name: "Add a holiday" }).click();
    await dialog.getByLabel("Holiday 1", { exact: true }).fill("2026-12-25");
    await dialog.getByText("The clock pauses while a ticket is pending").waitFor();
    await screenshot(page, "desk-settings-03-sla-editor");
    await dialog.getByRole("button", { name: "Create policy" }).click();
    await page.getByText(`Policy ${policyName} saved`).waitFor();

    const row = page.getByRole("row").filter({ hasText: policyName });
    await row.getByText("Business hours · Europe/Paris").waitFor();
    await row.getByText("30 min to respond · 4 h to resolve").waitFor();

    // It was saved as entered.
    await row.getByRole("button", { name: policyName, exact: true }).click();
    const edit = page.getByRole("dialog", { name: `Edit ${policyName}` });
    expect(await edit.getByLabel("Friday closes at").inputValue()).toBe("18:00");
    expect(await edit.getByLabel("Saturday opens at").count()).toBe(0);
    expect(await edit.getByLabel("Holiday 1", { exact: true }).inputValue()).toBe("2026-12-25");
    await page.keyboard.press("Escape");
    await screenshot(page, "desk-settings-04-sla-list");
    await page.context().close();
  });

  it("an agent sees the policies read-only", async () => {
    const agent = await signedInPage(browser, "agent@acme.test");
    await agent.goto(`${webUrl}/w/acme/desk/settings/sla`);
    await agent.getByText("Only admins and owners can change these settings.").waitFor();
    await agent.getByRole("row").filter({ hasText: policyName }).waitFor();
    expect(await agent.getByRole("button", { name: "New policy" }).count()).toBe(0);
    await agent.context().close();
  });

  it("after a ticket is answered and resolved, the reports show it, with charts and CSV export", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    const subject = `Refund request ${run}`;
    await page.goto(`${webUrl}/w/acme/desk`);
    await page.getByRole("button", { name: "New ticket" }).first().click();
    await page.getByLabel("Requester email").fill(`rory-${run}@example.test`);
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("Description").fill("I was charged twice.");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await page.getByLabel(/^Reply to/).fill("Refunded, sorry about that.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByRole("article").filter({ hasText: "Refunded, sorry" }).waitFor();
    await page.getByLabel("Status", { exact: true }).selectOption("RESOLVED");
    await page.getByText("Status set to Resolved.").waitFor();

    await page.goto(`${webUrl}/w/acme/desk/reports`);
    await page.getByRole("heading", { name: "Reports", exact: true }).waitFor();
    await page.getByRole("heading", { name: "Created vs resolved" }).waitFor();
    const created = page.locator("section").getByRole("heading", { name: "Created", exact: true });
    await created.waitFor();
    expect(
      Number(await created.locator("xpath=following-sibling::p[1]").textContent()),
    ).toBeGreaterThanOrEqual(1);
    // Charts are drawn (SVG) and described for screen readers.
    await expect.poll(() => page.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(4);
    await page
      .getByText(/tickets created and \d+ resolved between/)
      .first()
      .waitFor({ state: "attached" });
    await page.getByRole("cell", { name: "Olivia Owner" }).waitFor();
    await page.getByText("Days are counted in the workspace's time zone (Europe/Paris).").waitFor();
    await screenshot(page, "desk-settings-05-reports");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV (daily figures)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^desk-report-daily-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = readFileSync((await download.path()) as string, "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trim().split(/\r\n/);
    expect(lines[0]).toBe(
      "date,created,resolved,first_response_median_min,first_response_p90_min,resolution_median_min,resolution_p90_min,sla_breaches",
    );
    expect(lines).toHaveLength(31); // header + the last 30 days, zero days included

    // The team filter narrows to the new team (no tickets yet): the empty state offers a longer period.
    await page.getByLabel("Team").selectOption({ label: teamName });
    await page.getByText("No tickets in this period").waitFor();
    await page.getByLabel("Team").selectOption({ label: "All teams" });
    await page.getByRole("heading", { name: "Created vs resolved" }).waitFor();

    // A custom range the server refuses is explained under the date.
    await page.getByRole("button", { name: "Custom" }).click();
    await page.getByLabel("From", { exact: true }).fill("2026-02-01");
    await page.getByLabel("To", { exact: true }).fill("2025-01-01");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("The end date must be on or after the start.").waitFor();
    await page.context().close();
  });

  it("looks right in dark mode, on a phone and in Arabic", async () => {
    const dark = await signedInPage(browser, "owner@acme.test", { colorScheme: "dark" });
    await dark.goto(`${webUrl}/w/acme/desk/reports`);
    await dark.getByRole("heading", { name: "Created vs resolved" }).waitFor();
    await expect.poll(() => dark.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(4);
    await screenshot(dark, "desk-settings-06-reports-dark");
    await dark.goto(`${webUrl}/w/acme/desk/settings/sla`);
    await dark
      .getByRole("row")
      .filter({ hasText: policyName })
      .getByRole("button", { name: policyName, exact: true })
      .click();
    await dark.getByRole("dialog").waitFor();
    await screenshot(dark, "desk-settings-07-sla-editor-dark");
    await dark.context().close();

    // Arabic on a phone: the account's language wins over the device's, so the agent switches it
    // in the account menu (and back to English afterwards).
    const agent = await signedInPage(browser, "agent@acme.test");
    const setLanguage = async (menuLabel: RegExp, languageLabel: RegExp, language: string) => {
      await agent.getByRole("button", { name: menuLabel }).click();
      // The menu's plan and Day Pass lines load after it opens and grow it: wait for them, so the
      // submenu opens in a menu that no longer moves.
      await agent.getByTestId("account-tier").waitFor();
      // Open the submenu from the keyboard: a pointer click on its trigger can land while the
      // menu is still animating in, and then nothing opens.
      const trigger = agent.getByRole("menuitem", { name: languageLabel });
      await trigger.focus();
      await trigger.press("Enter");
      // The submenu slides in (from the other side in RTL): select the item without pointer
      // coordinates, which the animation keeps moving.
      const item = agent.getByRole("menuitemradio", { name: language });
      await item.waitFor({ state: "attached" });
      await item.dispatchEvent("click");
    };
    await setLanguage(/Your account/, /^Language$/, "العربية");
    await expect.poll(() => agent.evaluate(() => document.documentElement.dir)).toBe("rtl");
    try {
      await agent.setViewportSize({ width: 390, height: 844 });
      await agent.goto(`${webUrl}/w/acme/desk/reports`);
      await agent.getByRole("heading", { name: "المُنشأة مقابل المحلولة" }).waitFor();
      await expect.poll(() => agent.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(4);
      await screenshot(agent, "desk-settings-08-reports-ar-phone");
      await agent.setViewportSize({ width: 1280, height: 900 });
      await setLanguage(/حسابك/, /^اللغة$/, "English");
      await expect.poll(() => agent.evaluate(() => document.documentElement.dir)).toBe("ltr");
    } finally {
      // Whatever happened above, the agent leaves in English: later files sign in as this agent.
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query("UPDATE users SET locale = 'en' WHERE email = 'agent@acme.test'");
      await client.end();
    }
    await agent.context().close();
  });

  it("cleans up: the policy and the team are deleted after confirming", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/acme/desk/settings/sla`);
    const policyRow = page.getByRole("row").filter({ hasText: policyName });
    await policyRow.getByRole("button", { name: `Actions for ${policyName}` }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Delete policy" }).click();
    await page.getByText(`Policy ${policyName} deleted`).waitFor();

    await page.goto(`${webUrl}/w/acme/desk/settings/teams`);
    const teamRow = page.getByRole("row").filter({ hasText: teamName });
    await teamRow.getByRole("button", { name: `Actions for ${teamName}` }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByText(`Delete the team ${teamName}?`).waitFor();
    await page.getByRole("button", { name: "Delete team" }).click();
    await page.getByText(`Team ${teamName} deleted`).waitFor();
    await page.context().close();
  });
});
