import { createDb, type Db } from "@quartet/db/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Collision detection: two agents in two browser contexts (one browser) on the same ticket. B sees
// A viewing, then typing; A's reply arrives while B writes, and B is warned before sending.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const desktop = { width: 1366, height: 900 };

let browser: Browser;
let db: Db;
beforeAll(async () => {
  browser = await launchBrowser();
  db = createDb(databaseUrl, { max: 2 });
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

async function newTicket(page: Page, subject: string): Promise<string> {
  await page.goto(`${webUrl}/w/acme/desk?new=1`);
  await page.getByLabel("Requester email").fill(`presence-${run}@example.test`);
  await page.getByLabel("Requester name").fill("Pat Presence");
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("Opened by the presence e2e test.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await page.getByRole("heading", { name: subject }).waitFor();
  return new URL(page.url()).pathname;
}

/** Heartbeats every 5 s: anything the other side does shows within two beats. */
const soon = { timeout: 15_000 };

describe("desk presence", () => {
  it("agent B sees agent A viewing, then typing; A's reply while B writes asks B to look first", {
    timeout: 180_000,
  }, async () => {
    const a = await signedInPage(browser, "agent@acme.test", { viewport: desktop });
    const subject = `Two agents, one ticket ${run}`;
    const path = await newTicket(a, subject);

    const b = await signedInPage(browser, "owner@acme.test", { viewport: desktop });
    await b.goto(`${webUrl}${path}`);
    await b.getByRole("heading", { name: subject }).waitFor();

    // B sees A viewing: avatars in the header, a line above the reply box. Never themselves.
    const bHeader = b.getByTestId("ticket-presence");
    const bNotice = b.getByTestId("ticket-presence-notice");
    await expect.poll(() => bHeader.textContent(), soon).toContain("Aziz Agent is viewing");
    await expect.poll(() => bNotice.textContent(), soon).toBe("Aziz Agent is also viewing this ticket");
    expect(await b.getByRole("list", { name: "Also on this ticket" }).getByRole("listitem").count()).toBe(1);
    await expect.poll(() => a.getByTestId("ticket-presence").textContent(), soon).toContain("Olivia Owner");
    await screenshot(b, "desk-presence-viewing");

    // A writes a reply: B sees "typing" (announced at once, not at the next poll).
    const aReply = a.getByRole("textbox", { name: /Reply to/ });
    await aReply.pressSequentially("Checking the warehouse now", { delay: 20 });
    await expect.poll(() => bNotice.textContent(), soon).toBe("Aziz Agent is typing a reply…");
    await expect.poll(() => bHeader.textContent(), soon).toContain("Aziz Agent is typing a reply…");
    await screenshot(b, "desk-presence-typing");

    // A reader in Arabic (their own language; put back afterwards: other files share the account),
    // dark, on a phone, sees both agents in the header, right to left.
    await db.user.update({ where: { email: "member@acme.test" }, data: { locale: "ar" } });
    try {
      const m = await signedInPage(browser, "member@acme.test", {
        viewport: { width: 390, height: 844 },
        colorScheme: "dark",
      });
      await m.evaluate(() => localStorage.setItem("quartet.theme", "dark"));
      await m.goto(`${webUrl}${path}`);
      await m.getByRole("heading", { name: subject }).waitFor();
      expect(await m.locator("html").getAttribute("dir")).toBe("rtl");
      const mHeader = m.getByTestId("ticket-presence");
      await expect.poll(() => mHeader.locator("li").count(), soon).toBe(2);
      expect(await mHeader.textContent()).toContain("شخصان آخران هنا");
      await screenshot(m, "desk-presence-ar-dark-phone");
      // Leaves through the app (the page unmounts and says so), not by closing the tab.
      const left = m.waitForResponse((r) => r.url().includes("deskPresence.leave"));
      await m.getByRole("link", { name: "كل التذاكر" }).click();
      await m.waitForURL(/\/w\/acme\/desk$/);
      expect((await left).ok()).toBe(true);
      await m.context().close();
    } finally {
      await db.user.update({ where: { email: "member@acme.test" }, data: { locale: "en" } });
    }

    // B starts a reply too; A sends first. B's next heartbeat names A's message, and B's send
    // stops at a warning until B shows the new message (or sends anyway).
    const bReply = b.getByRole("textbox", { name: /Reply to/ });
    await bReply.pressSequentially("I'll take this one", { delay: 20 });
    await a.getByRole("button", { name: "Send reply" }).click();
    await a.getByText("Reply sent").first().waitFor(soon);
    const warning = b.getByRole("alert").filter({ hasText: "after you opened this ticket" });
    await warning.waitFor(soon);
    expect(await warning.textContent()).toContain("Aziz Agent added a message after you opened this ticket.");
    await b.getByRole("button", { name: "Send reply" }).click();
    await b.getByRole("button", { name: "Send anyway" }).waitFor(soon);
    await screenshot(b, "desk-presence-collision");
    await b.getByRole("button", { name: "Show it" }).click();
    await b.getByText("Checking the warehouse now").waitFor(soon);
    await warning.waitFor({ state: "detached", ...soon });
    expect(await bReply.inputValue()).toBe("I'll take this one");

    // B leaves the ticket: A stops seeing them without waiting for the 20 s expiry.
    await b.getByRole("link", { name: "All tickets" }).click();
    await expect.poll(() => a.getByTestId("ticket-presence").count(), soon).toBe(0);

    await a.context().close();
    await b.context().close();
  });
});
