import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signIn } from "./harness/browser.ts";

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const subject = `Printer on fire ${run}`;
const requester = { name: "Casey Customer", email: `casey-${run}@example.test` };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("an agent works a ticket in the Desk", () => {
  it("creates a ticket, replies, adds an internal note, resolves it and finds it in the list", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, "owner@acme.test");

    await page.goto(`${webUrl}/w/acme/desk`);
    await page.getByRole("heading", { name: "Tickets", exact: true }).waitFor();
    await screenshot(page, "desk-01-list");

    // New ticket dialog.
    await page.getByRole("button", { name: "New ticket" }).first().click();
    await page.getByLabel("Requester email").fill(requester.email);
    await page.getByLabel("Requester name").fill(requester.name);
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("Description").fill("The office printer started smoking during a print job.");
    await page.getByLabel("Priority", { exact: true }).selectOption("HIGH");
    await screenshot(page, "desk-02-new-ticket");
    await page.getByRole("button", { name: "Create ticket" }).click();

    // Lands on the ticket.
    await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await page.getByRole("heading", { name: subject }).waitFor();

    // A public reply.
    const reply = "Thanks Casey, please unplug it. A technician is on the way.";
    await page.getByLabel(/^Reply to/).fill(reply);
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByRole("article").filter({ hasText: reply }).waitFor();

    // An internal note, marked as such.
    const note = `Escalated to facilities ${run}`;
    await page.getByRole("button", { name: "Internal note" }).click();
    await page.getByLabel(/^Internal note:/).fill(note);
    await page.getByLabel(/^Internal note:/).press("Control+Enter");
    const noteArticle = page.getByRole("article").filter({ hasText: note });
    await noteArticle.waitFor();
    await noteArticle.getByText("Internal", { exact: true }).waitFor();

    // Resolve.
    await page.getByLabel("Status", { exact: true }).selectOption("RESOLVED");
    await page.getByText("Status set to Resolved.").waitFor();
    await page.getByText(/changed status from Open to Resolved/).waitFor();
    await screenshot(page, "desk-03-ticket-resolved");

    // The list shows it as resolved.
    await page.getByRole("link", { name: "All tickets" }).click();
    await page.getByRole("heading", { name: "Tickets", exact: true }).waitFor();
    const row = page.getByRole("row").filter({ hasText: subject });
    await row.waitFor();
    await row.getByText("Resolved", { exact: true }).waitFor();
    expect(await row.getByText(requester.name).count()).toBeGreaterThan(0);

    // Search finds it, highlighted.
    await page.keyboard.press("/");
    await page.keyboard.type(run);
    await page.getByRole("row").filter({ hasText: subject }).locator("mark").first().waitFor();
    await screenshot(page, "desk-04-search");
    await context.close();
  });
});
