import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signIn } from "./harness/browser.ts";

// Tickets power features as an agent: bulk update, a saved view, a merge, a reply with a file.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Creates a ticket through the dialog; returns its number and id. */
async function newTicket(page: Page, subject: string) {
  await page.goto(`${webUrl}/w/acme/desk`);
  await page.getByRole("button", { name: "New ticket" }).first().click();
  await page.getByLabel("Requester email").fill(`power-${run}@example.test`);
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("Created by the power-features e2e test.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await page.getByRole("heading", { name: subject }).waitFor();
  const number = Number(
    ((await page.locator("header span.font-mono").first().textContent()) ?? "").replace("#", ""),
  );
  const id = page.url().split("/").at(-1) as string;
  return { number, id };
}

describe("tickets power features", () => {
  it("bulk-updates two tickets, saves a view, merges a ticket and attaches a file to a reply", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page, "agent@acme.test");

    const a = await newTicket(page, `Checkout fails ${run}`);
    const b = await newTicket(page, `Checkout broken again ${run}`);

    // Bulk: select both rows, set priority to Urgent from the sticky toolbar.
    await page.goto(`${webUrl}/w/acme/desk`);
    const rowA = page.getByRole("row").filter({ hasText: `Checkout fails ${run}` });
    const rowB = page.getByRole("row").filter({ hasText: `Checkout broken again ${run}` });
    await rowA.getByRole("checkbox").click();
    await rowB.getByRole("checkbox").click();
    const toolbar = page.getByRole("toolbar", { name: "Bulk actions" });
    await toolbar.getByText("2 selected").waitFor();
    await screenshot(page, "desk-power-01-bulk-selected");
    await toolbar.getByLabel("Priority…").selectOption("URGENT");
    await page.getByText("2 tickets updated.").waitFor();
    await rowA.getByText("Urgent").waitFor();
    await rowB.getByText("Urgent").waitFor();
    expect(await toolbar.count()).toBe(0);

    // Saved view: urgent tickets, urgent first.
    await page.getByLabel("Filter by priority").selectOption("URGENT");
    await page.getByLabel("Sort tickets").selectOption("priority");
    await page.getByRole("button", { name: "Save view" }).click();
    await page.getByLabel("Name", { exact: true }).fill(`Urgent ${run}`);
    await page.getByRole("dialog").getByRole("button", { name: "Save view" }).click();
    await page.getByText(`View “Urgent ${run}” saved.`).waitFor();
    // Named by the view, then its count of open tickets ("Urgent … 3 (3 open tickets)").
    const chip = page.getByRole("button", { name: new RegExp(`^Urgent ${run}\\b`) });
    const all = page.getByRole("navigation", { name: "Views" }).getByRole("button", { name: /^All\b/ });
    await expect.poll(() => chip.getAttribute("aria-pressed")).toBe("true");
    await all.click();
    await expect.poll(() => chip.getAttribute("aria-pressed")).toBe("false");
    await chip.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("priority");
    await expect.poll(() => chip.getAttribute("aria-pressed")).toBe("true");
    expect(await all.getAttribute("aria-pressed")).toBe("false");
    await page.mouse.move(0, 0);
    await screenshot(page, "desk-power-02-saved-view");

    // Merge B (the duplicate) into A, found by its number.
    await page.goto(`${webUrl}/w/acme/desk/${b.id}`);
    await page.getByRole("button", { name: "Merge", exact: true }).click();
    await page.getByLabel("Ticket to keep").fill(`#${a.number}`);
    await page.getByRole("button", { name: new RegExp(`#${a.number}.*Checkout fails ${run}`) }).click();
    await screenshot(page, "desk-power-03-merge-confirm");
    await page.getByRole("button", { name: `Merge into #${a.number}` }).click();
    await page.waitForURL(new RegExp(`/desk/${a.id}$`));
    await page.getByText(`merged #${b.number} into this ticket`).waitFor();
    await page.goto(`${webUrl}/w/acme/desk/${b.id}`);
    await page.getByText(`This ticket was merged into #${a.number}.`).waitFor();
    await page.getByText(`The conversation continues on #${a.number}: reply there.`).waitFor();
    await screenshot(page, "desk-power-04-merged-banner");
    await page.getByRole("link", { name: `Open #${a.number}` }).click();
    await page.waitForURL(new RegExp(`/desk/${a.id}$`));

    // Reply with an attachment: upload (progress), send, download.
    const content = `Diagnostics for run ${run}\n`;
    await page.getByTestId("composer-file-input").setInputFiles({
      name: "diagnostics.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(content),
    });
    const pending = page.getByRole("list", { name: "Files to send" });
    await pending.getByText("diagnostics.txt").waitFor();
    await pending.getByText(/\d+ B$/).waitFor();
    await page.getByLabel(/^Reply to/).fill("Here is the diagnostics file we talked about.");
    await screenshot(page, "desk-power-05-composer-attachment");
    await page.getByRole("button", { name: "Send reply" }).click();
    const article = page.getByRole("article").filter({ hasText: "Here is the diagnostics file" });
    const link = article.getByRole("link", { name: /diagnostics\.txt/ });
    await link.waitFor();
    const href = (await link.getAttribute("href")) as string;
    const download = await page.request.get(`${webUrl}${href}`);
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe(content);
    expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
    await article.scrollIntoViewIfNeeded();
    await screenshot(page, "desk-power-06-reply-with-file");
    await context.close();
  });

  it("an owner defines a choice field and an agent-facing ticket shows and saves it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await signIn(page, "owner@acme.test");

    await page.goto(`${webUrl}/w/acme/desk/settings/fields`);
    await page.getByRole("heading", { name: "Custom fields", exact: true }).waitFor();
    await page.getByRole("button", { name: "Add field" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Label").fill(`Plan ${run}`);
    expect(await dialog.getByLabel("Key").inputValue()).toBe(`plan_${run}`);
    await dialog.getByLabel("Type").selectOption("SELECT");
    await dialog.getByLabel("Options").fill("Free\nPro\nEnterprise");
    await screenshot(page, "desk-power-07-field-dialog");
    await dialog.getByRole("button", { name: "Add field" }).click();
    await page.getByText("Field added.").waitFor();
    await page
      .getByRole("row")
      .filter({ hasText: `plan_${run}` })
      .getByText("Choice")
      .waitFor();
    await screenshot(page, "desk-power-08-fields-settings");

    await newTicket(page, `Plan question ${run}`);
    await page.getByLabel(`Plan ${run}`).selectOption("Pro");
    await page.getByText("Field saved.").waitFor();
    await page.getByText("changed custom fields").waitFor();
    await page.reload();
    expect(await page.getByLabel(`Plan ${run}`).inputValue()).toBe("Pro");
    await screenshot(page, "desk-power-09-ticket-fields");
    await context.close();
  });
});
