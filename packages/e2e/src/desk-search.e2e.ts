import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Ticket search: a plural finds the singular within a filter, in the list's own table (same
// columns, filters still usable), best match first with the matched words highlighted; an
// internal note's words find their ticket, labelled as an internal note.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const desktop = { width: 1366, height: 900 };

let browser: Browser;
const seeded = { urgent: 0, low: 0, noted: 0 };

beforeAll(async () => {
  browser = await launchBrowser();
  const jar = cookieJar();
  const api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email: "agent@acme.test", password: DEMO_PASSWORD });
  const orgId = (await api.orgs.list.query()).find((o) => o.slug === "acme")?.id as string;
  const make = (subject: string, priority: "URGENT" | "LOW", description = "It never arrived on my card.") =>
    api.deskTickets.create.mutate({
      orgId,
      subject: `${subject} ${run}`,
      description,
      requester: { email: `search-${run}@example.test`, name: "Sam Searcher" },
      priority,
    });
  seeded.urgent = (await make("Refund missing", "URGENT")).number;
  seeded.low = (await make("Refund question", "LOW")).number;
  const noted = await make("Card declined", "LOW", "My card was declined twice.");
  seeded.noted = noted.number;
  await api.deskNotes.add.mutate({ orgId, ticketId: noted.id, message: `Chargeback filed, case cb${run}.` });
});
afterAll(async () => {
  await browser?.close();
});

describe("desk ticket search", () => {
  it("searches within a filter in the same table, and finds internal notes", {
    timeout: 120_000,
  }, async () => {
    const page = await signedInPage(browser, "agent@acme.test", { viewport: desktop });
    await page.goto(`${webUrl}/w/acme/desk?priority=URGENT`);
    const table = page.getByRole("table");
    await table.waitFor();
    const columns = async () => (await table.getByRole("columnheader").allInnerTexts()).map((c) => c.trim());
    const listColumns = await columns();
    expect(listColumns).toEqual(
      expect.arrayContaining(["Number", "Subject", "Requester", "Status", "Priority"]),
    );

    // "refunds" (plural) finds "Refund" tickets; the priority filter still applies.
    await page.getByLabel("Search tickets").fill(`refunds ${run}`);
    const rows = table.locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await rows
      .first()
      .getByRole("cell", { name: `#${seeded.urgent}`, exact: true })
      .waitFor();
    expect(await columns()).toEqual(listColumns);
    const priority = page.getByLabel("Filter by priority");
    expect(await priority.isEnabled()).toBe(true);
    expect(await rows.first().locator("mark").first().textContent()).toBe("Refund");
    await expect.poll(() => page.getByLabel("Sort tickets").inputValue()).toBe("relevance");
    await screenshot(page, "desk-search-filtered");

    // Clearing the filter keeps the search: both refund tickets, in the same table.
    await priority.selectOption("");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await columns()).toEqual(listColumns);

    // Words of an internal note find its ticket; the snippet says where they come from.
    await page.getByLabel("Search tickets").fill(`cb${run}`);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await rows
      .first()
      .getByRole("cell", { name: `#${seeded.noted}`, exact: true })
      .waitFor();
    const snippet = rows.first().getByTestId("ticket-match-snippet");
    await snippet.getByText("Internal note").waitFor();
    expect(await snippet.locator("mark").textContent()).toBe(`cb${run}`);
    await screenshot(page, "desk-search-internal-note");
  });
});
