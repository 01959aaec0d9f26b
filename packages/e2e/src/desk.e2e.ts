import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, screenshot, signIn } from "./harness/browser.ts";

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

describe("a new workspace's Desk", () => {
  it("Getting started lists the Desk steps with their state; the empty list says how customers reach you; user text is dir=auto in Arabic", async () => {
    const name = `Setup ${run}`;
    const slug = `setup-${run}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, "owner@acme.test");

    // Acme has agents: its invite step is done.
    await page.goto(`${webUrl}/w/acme`);
    const acmeDesk = page.getByTestId("setup-desk");
    expect(await acmeDesk.locator('[data-step="inviteAgent"]').getAttribute("data-done")).toBe("true");

    await page.getByRole("button", { name: /Switch workspace/i }).click();
    await page.getByRole("menuitem", { name: /Create workspace/i }).click();
    await page.getByLabel("Workspace name").fill(name);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(new RegExp(`/w/${slug}`), { timeout: 20_000 });

    // A fresh workspace: every Desk step to do, each with where it's done.
    await page.getByRole("heading", { name, exact: true }).first().waitFor();
    const desk = page.getByTestId("setup-desk");
    await page
      .getByTestId("setup-inbound-address")
      .getByText(new RegExp(`^${slug}@`))
      .waitFor();
    const states = await desk
      .locator("[data-step]")
      .evaluateAll((els) =>
        els.map((el) => `${el.getAttribute("data-step")}:${el.getAttribute("data-done")}`),
      );
    expect(states).toEqual([
      "helpCenter:false",
      "inboundEmail:false",
      "slaPolicy:false",
      "inviteAgent:false",
    ]);
    expect(await page.getByTestId("setup-inbound-address").textContent()).toMatch(new RegExp(`^${slug}@`));
    await desk.getByRole("link", { name: "Create a policy" }).waitFor();
    await page.getByText(/1 of 6 done/).waitFor();
    await screenshot(page, "desk-setup-01-getting-started");

    // The empty ticket list: the inbound address, the contact form and New ticket.
    await page.goto(`${webUrl}/w/${slug}/desk`);
    const reach = page.getByTestId("reach-customers");
    expect(await reach.getByTestId("empty-inbound-address").textContent()).toMatch(new RegExp(`^${slug}@`));
    expect(await reach.getByTestId("empty-contact-form-url").textContent()).toBe(
      `${webUrl}/help/${slug}/contact`,
    );
    await screenshot(page, "desk-setup-02-empty-list");
    await reach.getByRole("button", { name: "New ticket" }).click();
    await page.getByRole("dialog", { name: "New ticket" }).waitFor();
    await page.keyboard.press("Escape");

    // The same in Arabic. (The account's language wins once signed in: the owner's is Arabic for
    // this part only.)
    const jar = cookieJar();
    const api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
    await api.auth.signIn.mutate({ email: "owner@acme.test", password: DEMO_PASSWORD });
    await api.me.update.mutate({ locale: "ar" });
    const arabic = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ar = await arabic.newPage();
    try {
      await signIn(ar, "owner@acme.test");
      await ar.goto(`${webUrl}/w/${slug}`);
      await ar.getByTestId("setup-inbound-address").waitFor();
      expect(await ar.locator("html").getAttribute("dir")).toBe("rtl");
      await screenshot(ar, "desk-setup-03-getting-started-ar");
      await ar.goto(`${webUrl}/w/${slug}/desk`);
      await ar.getByTestId("empty-inbound-address").waitFor();
      await screenshot(ar, "desk-setup-04-empty-list-ar");

      // An English ticket; in the Arabic UI its subject keeps its own direction ("Refund, please!"
      // with the "!" at its end).
      const orgId = (await api.orgs.list.query()).find((o) => o.slug === slug)?.id as string;
      const ticket = await api.deskTickets.create.mutate({
        orgId,
        requester: { email: requester.email },
        subject: "Refund, please!",
        description: "Charged twice.",
      });
      await ar.goto(`${webUrl}/w/${slug}/desk/${ticket.id}`);
      const subjectEl = ar.getByTestId("ticket-subject");
      await subjectEl.waitFor();
      expect(await subjectEl.getAttribute("dir")).toBe("auto");
      expect(await subjectEl.evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
      await ar.goto(`${webUrl}/w/${slug}/desk`);
      const row = ar.getByTestId("ticket-row-subject").first();
      await row.waitFor();
      expect(await row.getAttribute("dir")).toBe("auto");
      expect(await row.evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
      await screenshot(ar, "desk-setup-05-list-ar");
    } finally {
      await api.me.update.mutate({ locale: "en" });
    }
    await context.close();
    await arabic.close();
  });
});
