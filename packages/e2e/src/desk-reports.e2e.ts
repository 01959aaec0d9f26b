import type { AppRouter } from "@quartet/api/app-router";
import { cookieJar, createAppClient } from "@quartet/api/client";
import { TRPCClientError } from "@trpc/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousA11yFindings } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// The Desk reports screen as people use it: accessible (axe-core, nothing focusable in hidden
// charts, buttons named by their labels), the owners' rebuild of the stored daily figures with
// its progress, and a phone-width layout where only the agent table scrolls sideways.

const { webUrl } = inject("e2e");
const reportsUrl = `${webUrl}/w/acme/desk/reports`;
let browser: Browser;

/** The tRPC API signed in as a demo user, and the demo workspace's id. */
async function apiAs(email: string) {
  const jar = cookieJar();
  const api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email, password: DEMO_PASSWORD });
  const orgId = (await api.orgs.list.query()).find((o) => o.slug === "acme")?.id as string;
  return { api, orgId };
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Something to report on today: a ticket answered and resolved by the agent.
  const { api, orgId } = await apiAs("agent@acme.test");
  const ticket = await api.deskTickets.create.mutate({
    orgId,
    subject: `Reports check ${Date.now().toString(36)}`,
    description: "Where is my parcel?",
    requester: { email: "reports-e2e@example.test" },
  });
  await api.deskTickets.addMessage.mutate({
    orgId,
    ticketId: ticket.id,
    message: "On its way.",
    isInternal: false,
  });
  await api.deskTickets.update.mutate({ orgId, ticketId: ticket.id, status: "RESOLVED" });
});
afterAll(async () => {
  await browser?.close();
});

async function openReports(page: Page) {
  await page.goto(reportsUrl);
  await page.getByRole("heading", { name: "Reports", exact: true }).waitFor();
  await page
    .getByRole("heading", { name: "Created vs resolved" })
    .waitFor()
    .catch(async (error: unknown) => {
      await screenshot(page, "desk-reports-00-failed-to-open");
      throw error;
    });
  await expect.poll(() => page.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(4);
}

/** Elements a keyboard can reach inside subtrees hidden from assistive tech. */
const focusableInsideHidden = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('[aria-hidden="true"]')).flatMap((hidden) =>
      Array.from(
        hidden.querySelectorAll(
          'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]',
        ),
      )
        .filter((el) => !(el as HTMLButtonElement).disabled)
        .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""}`),
    ),
  );

describe("desk reports", () => {
  it("is axe-clean in light and dark: no focusable element in hidden charts, Export CSV named by its label", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await openReports(page);
    expect(await focusableInsideHidden(page)).toEqual([]);
    // Both export buttons: the accessible name starts with the visible label and says what it exports.
    const exports = page.getByRole("button", { name: /^Export CSV/ });
    expect(await exports.count()).toBe(2);
    await page.getByRole("button", { name: "Export CSV (daily figures)" }).waitFor();
    await page.getByRole("button", { name: "Export CSV (agent table)" }).waitFor();
    // What sighted people read on each button (the text outside the visually hidden part).
    const visible = await exports.evaluateAll((buttons) =>
      buttons.map((b) =>
        Array.from(b.childNodes)
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join("")
          .trim(),
      ),
    );
    expect(visible).toEqual(["Export CSV", "Export CSV"]);
    expect(await seriousA11yFindings(page)).toEqual([]);
    await screenshot(page, "desk-reports-01-light");
    await page.context().close();

    const dark = await signedInPage(browser, "owner@acme.test", { colorScheme: "dark" });
    await openReports(dark);
    expect(await seriousA11yFindings(dark)).toEqual([]);
    await screenshot(dark, "desk-reports-02-dark");
    await dark.context().close();
  });

  it("an owner rebuilds the stored daily figures and follows the progress; agents can't", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await openReports(page);
    const card = page.getByRole("region", { name: "Stored daily figures" });
    await card.getByRole("button", { name: "Rebuild figures" }).click();
    const dialog = page.getByRole("alertdialog", { name: /^Rebuild the figures from / });
    await dialog.getByRole("button", { name: "Rebuild", exact: true }).click();
    await page.getByText("Rebuild started").waitFor();
    // The worker runs the job; the card follows it (polling) to the end, and the report then
    // reads the 29 past days of the last 30 from the stored figures (today stays live).
    await card.getByText(/^Figures of .+ rebuilt\.$/).waitFor({ timeout: 60_000 });
    await card
      .getByText("29 of 30 days of this period come from stored figures, the others are counted live.")
      .waitFor();
    expect(await card.getByRole("button", { name: "Rebuild figures" }).isEnabled()).toBe(true);
    await screenshot(page, "desk-reports-03-rebuilt");
    // While a rebuild runs, the card shows a progress bar (a second rebuild, watched from the start).
    await card.getByRole("button", { name: "Rebuild figures" }).click();
    await dialog.getByRole("button", { name: "Rebuild", exact: true }).click();
    await expect
      .poll(
        async () =>
          (await card.getByRole("progressbar", { name: "Rebuild progress" }).count()) > 0 ||
          (await card.getByText(/^Figures of .+ rebuilt\.$/).count()) > 0,
      )
      .toBe(true);
    await card.getByText(/^Figures of .+ rebuilt\.$/).waitFor({ timeout: 60_000 });
    await page.context().close();

    // An agent sees the report but no rebuild, and the API refuses one.
    const agent = await signedInPage(browser, "agent@acme.test");
    await openReports(agent);
    expect(await agent.getByRole("button", { name: "Rebuild figures" }).count()).toBe(0);
    await agent.context().close();
    const { api, orgId } = await apiAs("agent@acme.test");
    const refused = await api.deskReports.rebuild
      .mutate({ orgId, from: "2026-01-01", to: "2026-01-02" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<AppRouter>).data?.code).toBe("FORBIDDEN");
  });

  it("fits a 390 px phone: the period picker wraps, only the agent table scrolls sideways", async () => {
    const page = await signedInPage(browser, "owner@acme.test", { viewport: { width: 390, height: 844 } });
    await openReports(page);
    const width = 390;
    // No horizontal scrolling of the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // Every period button and the team picker are on screen.
    const period = page.getByRole("group", { name: "Period" });
    for (const button of await period.getByRole("button").all()) {
      const box = await button.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
    }
    const team = await page.getByLabel("Team").boundingBox();
    expect(team && team.x + team.width <= width).toBe(true);
    // The agent table keeps all its columns and scrolls inside its own box.
    const table = page.getByRole("table", { name: "Agents" });
    await table.waitFor();
    // The box that scrolls is a named region a keyboard can reach (axe: scrollable-region-focusable).
    const region = page.getByRole("region", { name: "Agents, scrolls sideways" });
    expect(await region.getAttribute("tabindex")).toBe("0");
    const box = await table.evaluate((el) => {
      const wrapper = el.closest('section[tabindex="0"]') as HTMLElement;
      const rect = wrapper.getBoundingClientRect();
      return {
        right: rect.right,
        overflowX: getComputedStyle(wrapper).overflowX,
        scrolls: wrapper.scrollWidth > wrapper.clientWidth,
        columns: el.querySelectorAll("thead th").length,
      };
    });
    expect(box).toMatchObject({ overflowX: "auto", scrolls: true, columns: 6 });
    expect(box.right).toBeLessThanOrEqual(width);
    expect(await seriousA11yFindings(page)).toEqual([]);
    await screenshot(page, "desk-reports-04-phone");
    await page.context().close();
  });
});
