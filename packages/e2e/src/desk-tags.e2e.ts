import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Desk agent experience: a new ticket with an assignee, tags and a file; tags edited on the
// ticket (the timeline says which came and went), shown in the list and filtered on; a ticket
// opened by its number (`/desk/1042`, `#1042` in the search); a requester with only an email
// shown once.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const email = `nameless-${run}@example.test`;
const subject = `Tagged request ${run}`;
const firstTag = `intake-${run}`;
const secondTag = `vip-${run}`;
const desktop = { width: 1366, height: 900 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("desk tags, ticket numbers, new-ticket extras", () => {
  it("creates, tags, filters and opens a ticket by its number", { timeout: 300_000 }, async () => {
    const page = await signedInPage(browser, "agent@acme.test", { viewport: desktop });

    // New ticket: a requester without a name, an assignee, a tag and a file.
    await page.goto(`${webUrl}/w/acme/desk?new=1`);
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Requester email").fill(email);
    await dialog.getByLabel("Subject").fill(subject);
    await dialog.getByLabel("Description").fill("Opened by the tags e2e test.");
    const assignee = dialog.getByLabel("Assignee");
    await expect.poll(() => assignee.locator("option").count()).toBeGreaterThan(1);
    await assignee.selectOption({ index: 1 });
    const assigneeName = (await assignee.locator("option").nth(1).textContent())?.trim() ?? "";
    const tagBox = dialog.getByLabel("Tags", { exact: true });
    await tagBox.fill(firstTag.toUpperCase());
    await tagBox.press("Enter");
    await dialog.getByRole("listitem").filter({ hasText: firstTag }).waitFor();
    await dialog.getByTestId("composer-file-input").setInputFiles({
      name: `notes-${run}.txt`,
      mimeType: "text/plain",
      buffer: Buffer.from("hello"),
    });
    await dialog.getByText(`notes-${run}.txt`).waitFor();
    await screenshot(page, "desk-tags-new-ticket");
    await dialog.getByRole("button", { name: "Create ticket" }).click();
    await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const ticketPath = new URL(page.url()).pathname;
    await page.getByRole("heading", { name: subject }).waitFor();

    // The file is on the description, the assignee is set, the tag shows.
    await expect.poll(() => page.getByText(`notes-${run}.txt`).count()).toBeGreaterThan(0);
    const properties = page.getByRole("region", { name: "Properties" });
    expect(await properties.getByLabel("Assignee").locator("option:checked").textContent()).toBe(
      assigneeName,
    );
    const tagsPanel = page.getByRole("region", { name: "Tags" });
    await tagsPanel.getByText(firstTag).waitFor();

    // The requester has no name: the address shows once in the requester panel.
    const requester = page.getByRole("region", { name: "Requester" });
    await requester.getByText(email).first().waitFor();
    expect(await requester.getByText(email).count()).toBe(1);

    // Tags edited on the ticket; the timeline names them.
    const tagInput = tagsPanel.getByLabel("Add a tag");
    await tagInput.fill(secondTag);
    await tagInput.press("Enter");
    const activity = page.getByRole("region", { name: "Activity" });
    await activity.getByText(`added ${secondTag}`).waitFor();
    await tagsPanel.getByRole("button", { name: `Remove the tag ${firstTag}` }).click();
    await activity.getByText(`removed ${firstTag}`).waitFor();
    await screenshot(page, "desk-tags-detail");

    // The ticket's number opens it.
    const numberText = (await page.locator("header span.font-mono").first().textContent()) ?? "";
    const number = numberText.replace("#", "").trim();
    expect(number).toMatch(/^\d+$/);
    await page.goto(`${webUrl}/w/acme/desk/${number}`);
    await page.waitForURL(`${webUrl}${ticketPath}`);
    await page.getByRole("heading", { name: subject }).waitFor();
    await page.goto(`${webUrl}/w/acme/desk/987654321`);
    await page.getByText("Ticket not found").waitFor();

    // `#n` in the search shows that ticket first.
    await page.goto(`${webUrl}/w/acme/desk`);
    await page.getByRole("searchbox", { name: "Search tickets" }).fill(`#${number}`);
    await expect
      .poll(() => page.locator("table tbody tr").first().textContent(), { timeout: 15_000 })
      .toContain(subject);
    // …and Enter opens it.
    await page.getByRole("searchbox", { name: "Search tickets" }).press("Enter");
    await page.waitForURL(`${webUrl}${ticketPath}`);
    await page.getByRole("heading", { name: subject }).waitFor();

    // The list shows the tag and filters on it.
    await page.goto(`${webUrl}/w/acme/desk`);
    const filter = page.getByLabel("Filter by tag");
    await expect.poll(() => filter.locator(`option[value="${secondTag}"]`).count()).toBe(1);
    await filter.selectOption(secondTag);
    await page.waitForURL(new RegExp(`[?&]tag=${secondTag}`));
    await expect.poll(() => page.locator("table tbody tr").count()).toBe(1);
    const row = page.locator("table tbody tr").first();
    expect(await row.textContent()).toContain(subject);
    expect(await row.textContent()).toContain(secondTag);
    await screenshot(page, "desk-tags-list");
    await page.context().close();
  });
});
