import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Desk macros and "send and set status": an agent creates a macro in Desk settings (an unknown
// placeholder is refused under the field), applies it on a ticket from the reply box's picker
// (text rendered into the reply box, status changed), then sends and resolves in one action.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const desktop = { width: 1366, height: 900 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function newTicket(page: Page, email: string, name: string, subject: string): Promise<string> {
  await page.goto(`${webUrl}/w/acme/desk?new=1`);
  await page.getByLabel("Requester email").fill(email);
  await page.getByLabel("Requester name").fill(name);
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("Opened by the macros e2e test.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await page.getByRole("heading", { name: subject }).waitFor();
  return new URL(page.url()).pathname;
}

async function statusIs(page: Page, value: string) {
  const select = page.getByLabel("Status", { exact: true });
  await expect.poll(() => select.inputValue(), { timeout: 15_000 }).toBe(value);
}

describe("desk macros", () => {
  it("create a macro in settings, apply it on a ticket, then send and resolve", {
    timeout: 300_000,
  }, async () => {
    const page = await signedInPage(browser, "agent@acme.test", { viewport: desktop });
    const macroName = `Waiting on customer ${run}`;

    // Settings → Macros: an unknown placeholder is a field error; then the macro saves.
    await page.goto(`${webUrl}/w/acme/desk/settings`);
    await page.getByRole("link", { name: "Macros" }).click();
    await page.waitForURL(/\/desk\/settings\/macros$/);
    await page.getByRole("button", { name: "New macro" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill(macroName);
    const body = page.getByLabel("Reply text");
    await body.fill("Hi {{requester.firstName}}, {{oops}}");
    await page.getByLabel("Set status").selectOption("PENDING");
    await page.getByLabel("Add tags").fill("waiting");
    await page.getByRole("button", { name: "Save macro" }).click();
    await page.getByText("Unknown placeholder: {{oops}}.").waitFor();
    await body.fill("Hi {{requester.firstName}}, we're looking into ");
    await page.getByRole("button", { name: "Insert ticket.number" }).click();
    expect(await body.inputValue()).toBe("Hi {{requester.firstName}}, we're looking into {{ticket.number}}");
    await page.getByRole("button", { name: "Save macro" }).click();
    await page
      .getByRole("cell", { name: new RegExp(macroName) })
      .first()
      .waitFor();
    await screenshot(page, "desk-macros-settings");

    // On a ticket: the picker filters as you type; Enter applies the highlighted macro.
    await newTicket(page, `mac-${run}@example.test`, "Marie Curie", `Radium order ${run}`);
    await page.getByRole("button", { name: "Macros", exact: true }).click();
    const search = page.getByRole("combobox", { name: "Search macros" });
    await search.fill(run);
    await page.getByRole("option", { name: new RegExp(macroName) }).waitFor();
    await screenshot(page, "desk-macros-picker");
    await search.press("Enter");
    const reply = page.getByRole("textbox", { name: /Reply to/ });
    await expect
      .poll(() => reply.inputValue(), { timeout: 15_000 })
      .toMatch(/^Hi Marie, we're looking into #\d+$/);
    await statusIs(page, "PENDING");

    // The agent edits the text, then sends and resolves in one action.
    await reply.fill(`${await reply.inputValue()} — all sorted now.`);
    await page.getByRole("button", { name: "More send options" }).click();
    await page.getByRole("menuitem", { name: /Send and set Resolved/ }).click();
    await page.getByText("Reply sent; ticket resolved.").waitFor();
    await statusIs(page, "RESOLVED");
    await page
      .getByText(/all sorted now\./)
      .first()
      .waitFor();
  });

  it("a member (below agent) is told macros are for agents, not left on a loading list", async () => {
    const page = await signedInPage(browser, "member@acme.test", { viewport: desktop });
    await page.goto(`${webUrl}/w/acme/desk/settings/macros`);
    await page.getByText("Macros are for agents").waitFor();
    expect(await page.locator("[aria-busy=true], .animate-pulse").count()).toBe(0);
    await page.context().close();
  });
});
