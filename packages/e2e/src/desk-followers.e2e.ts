import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Followers, CCs and view counts: an agent opens a ticket, follows it (listed with their avatar,
// "(you)"), copies a customer address, assigns it to themselves, and the Mine view's count on the
// ticket list goes up by one.

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

/** The count a view chip announces ("Mine (3 open tickets)"), or null before the counts load. */
async function viewCount(page: Page, view: string): Promise<number | null> {
  const name = await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: new RegExp(`^${view}\\b`) })
    .first()
    .textContent();
  const match = /\((\d+) open tickets?\)/.exec(name ?? "");
  return match ? Number(match[1]) : null;
}

describe("desk followers and view counts", () => {
  it("follow a ticket, copy a customer, and see the count on the views", { timeout: 300_000 }, async () => {
    const page = await signedInPage(browser, "agent@acme.test", { viewport: desktop });
    await page.goto(`${webUrl}/w/acme/desk`);
    await expect.poll(() => viewCount(page, "Mine"), { timeout: 20_000 }).not.toBeNull();
    const mineBefore = (await viewCount(page, "Mine")) ?? 0;
    const allBefore = (await viewCount(page, "All")) ?? 0;

    await page.goto(`${webUrl}/w/acme/desk?new=1`);
    const subject = `Followed ticket ${run}`;
    await page.getByLabel("Requester email").fill(`follow-${run}@example.test`);
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("Description").fill("Opened by the followers e2e test.");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await page.getByRole("heading", { name: subject }).waitFor();

    // Follow: the toggle turns on and the agent is listed.
    const follow = page.getByRole("button", { name: "Follow", exact: true });
    await follow.click();
    await page.getByRole("button", { name: "Following", exact: true }).waitFor();
    expect(
      await page.getByRole("button", { name: "Following", exact: true }).getAttribute("aria-pressed"),
    ).toBe("true");
    await page.getByTestId("ticket-follower").filter({ hasText: "Aziz Agent (you)" }).waitFor();

    // CC: an invalid address is refused under the field; a valid one is kept.
    const cc = page.getByLabel("Email address to copy");
    await cc.fill("not-an-address");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText("Enter a valid email address.").waitFor();
    await cc.fill(`Boss-${run}@Example.test`);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page
      .getByTestId("ticket-cc")
      .filter({ hasText: `boss-${run}@example.test` })
      .waitFor();
    await page.getByText(`Aziz Agent copied boss-${run}@example.test`).waitFor();

    // Assign it to me.
    await page.getByLabel("Assignee", { exact: true }).selectOption({ label: "Aziz Agent" });
    await page.getByText("Aziz Agent assigned it to Aziz Agent").waitFor({ timeout: 15_000 });
    await screenshot(page, "desk-followers-ticket");

    // The list: one more in All and in Mine.
    await page.goto(`${webUrl}/w/acme/desk`);
    await expect.poll(() => viewCount(page, "Mine"), { timeout: 20_000 }).toBe(mineBefore + 1);
    expect(await viewCount(page, "All")).toBe(allBefore + 1);
    await screenshot(page, "desk-followers-view-counts");

    // The same in dark mode on a phone: the views bar with its counts, and the ticket's panels.
    const phone = await signedInPage(browser, "agent@acme.test", { viewport: { width: 390, height: 844 } });
    await phone.context().addInitScript(() => localStorage.setItem("quartet.theme", "dark"));
    await phone.goto(`${webUrl}/w/acme/desk`);
    await expect.poll(() => viewCount(phone, "Mine"), { timeout: 20_000 }).toBe(mineBefore + 1);
    await screenshot(phone, "desk-followers-phone-dark-list");
    await phone.getByRole("link", { name: subject }).click();
    await phone.getByTestId("ticket-cc").first().scrollIntoViewIfNeeded();
    await screenshot(phone, "desk-followers-phone-dark-ticket");
    await phone.context().close();

    // Unfollow again.
    await page.goto(`${webUrl}${new URL(page.url()).pathname}`);
    await page.getByRole("link", { name: subject }).click();
    await page.getByRole("button", { name: "Following", exact: true }).click();
    await page.getByRole("button", { name: "Follow", exact: true }).waitFor();
    await page.getByText("Nobody follows this ticket yet.").waitFor();
  });
});
