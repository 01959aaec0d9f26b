import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Live Desk: agent A has the ticket list open; another agent works through the API (as another tab
// or another web process would). A's list shows the new ticket and A's open ticket shows the reply
// and the status change, without a reload, within a few seconds.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const live = { timeout: 5_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A marker on the page's window: still there at the end means the page never reloaded. */
const mark = (page: Page) => page.evaluate(() => Object.assign(window, { __liveMarker: true }));
const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { __liveMarker?: boolean }).__liveMarker === true);

describe("desk live updates", () => {
  it("another agent's new ticket, reply and status change appear without a reload", {
    timeout: 120_000,
  }, async () => {
    const jar = cookieJar();
    const owner = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
    await owner.auth.signIn.mutate({ email: "owner@acme.test", password: DEMO_PASSWORD });
    const org = (await owner.orgs.list.query()).find((o) => o.slug === "acme");
    if (!org) throw new Error("demo workspace missing");

    const a = await signedInPage(browser, "agent@acme.test", { viewport: { width: 1366, height: 900 } });
    const pageErrors: string[] = [];
    a.on("pageerror", (e) => pageErrors.push(String(e)));
    await a.goto(`${webUrl}/w/acme/desk`);
    // The list as it is (empty when this file runs alone) with its views bar loaded.
    await a.getByRole("navigation", { name: "Views" }).waitFor({ timeout: 20_000 });
    await mark(a);

    // The owner opens a ticket: it shows up in A's list.
    const subject = `Live from another agent ${run}`;
    const ticket = await owner.deskTickets.create.mutate({
      orgId: org.id,
      subject,
      description: "Made through the API while agent A watches the list.",
      requester: { email: `live-${run}@example.test`, name: "Lee Live" },
    });
    const started = Date.now();
    const row = a.getByRole("link", { name: subject });
    await row.waitFor(live);
    console.log(`desk live: new ticket in the open list after ${Date.now() - started} ms`);
    expect(await stillSamePage(a)).toBe(true);
    await screenshot(a, "desk-live-list");

    // A opens it; the owner replies and sets it Pending: A sees both where A is.
    await row.click();
    await a.getByRole("heading", { name: subject }).waitFor({ timeout: 20_000 });
    await mark(a);
    const reply = `We are on it — live reply ${run}`;
    await owner.deskTickets.addMessage.mutate({ orgId: org.id, ticketId: ticket.id, message: reply });
    await a.getByText(reply).waitFor(live);
    await owner.deskTickets.update.mutate({ orgId: org.id, ticketId: ticket.id, status: "PENDING" });
    await a.locator("header").getByText("Pending", { exact: true }).first().waitFor(live);
    expect(await stillSamePage(a)).toBe(true);
    await screenshot(a, "desk-live-ticket");

    // Back on the list (the app's own navigation), the ticket is there.
    await a.getByRole("link", { name: "All tickets" }).click();
    await a.getByRole("link", { name: subject }).waitFor({ timeout: 20_000 });
    expect(pageErrors).toEqual([]);
    await a.context().close();
  });
});
