import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// The Inbox as an agent uses it, in one browser: a customer writes on the sandbox channel while the
// agent has the inbox open → the conversation appears without a reload → the agent replies → the
// customer's sandbox page shows it and the tick turns READ. Then a conversation becomes a Desk
// ticket and replies cross both ways. Screenshots: light, dark, Arabic, phone.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };
const OWNER = "owner@acme.test";
const AGENT = "agent@acme.test";

let browser: Browser;
let api: ReturnType<typeof createAppClient>;
let orgId = "";

beforeAll(async () => {
  browser = await launchBrowser();
  const jar = cookieJar();
  api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email: OWNER, password: DEMO_PASSWORD });
  orgId = (await api.orgs.list.query()).find((o) => o.slug === "acme")?.id as string;
});
afterAll(async () => {
  await browser?.close();
});

/** Live events reach an open browser within a second; a worker round trip takes a little more. */
const live = { timeout: 15_000 };

async function openInbox(page: Page, path = "/w/acme/inbox") {
  await page.goto(`${webUrl}${path}`);
  await page.getByRole("heading", { level: 1 }).first().waitFor({ timeout: 20_000 });
}

/** A marker that only survives while the page is not reloaded. */
async function markPage(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __inboxE2e: boolean }).__inboxE2e = true;
  });
}
const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { __inboxE2e?: boolean }).__inboxE2e === true);

describe("inbox", () => {
  it("a sandbox DM appears live, the agent replies with Enter, and the customer's view turns it READ", {
    timeout: 180_000,
  }, async () => {
    const agent = await signedInPage(browser, AGENT, { viewport: desktop });
    await openInbox(agent);
    await agent.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
    await markPage(agent);

    const name = `Pat Parcel ${run}`;
    const question = `Where is my parcel ${run}?`;
    const sent = await api.inboxSandbox.send.mutate({ orgId, customer: { name }, text: question });

    // It arrives on the open page: top of the list, unread, with its preview.
    const row = agent.locator(`[data-conversation-id="${sent.conversationId}"]`);
    await row.waitFor(live);
    expect(await row.textContent()).toContain(question);
    expect(await row.textContent()).toContain("1 unread message");
    expect(await stillSamePage(agent)).toBe(true);
    await screenshot(agent, "inbox-new-dm");

    // Keyboard: j focuses the first row (the newest: this one), Enter opens it.
    await agent.locator("body").click({ position: { x: 700, y: 5 } });
    await agent.keyboard.press("j");
    expect(await row.evaluate((el) => el === document.activeElement)).toBe(true);
    await agent.keyboard.press("Enter");
    await agent.waitForURL((url) => url.pathname.endsWith(`/inbox/c/${sent.conversationId}`));
    const thread = agent.getByTestId("thread-messages");
    await thread.getByText(question).waitFor();
    expect(await agent.getByTestId("thread-contact").textContent()).toBe(name);
    // Opened and visible: read (the badge goes, the server agrees).
    await expect.poll(() => row.textContent(), live).not.toContain("unread message");
    await expect
      .poll(
        async () =>
          (await api.inboxConversations.get.query({ orgId, conversationId: sent.conversationId }))
            .unreadCount,
        live,
      )
      .toBe(0);

    // The agent replies: Enter sends, Shift+Enter was a new line.
    const reply = `It left the warehouse this morning ${run}`;
    const box = agent.getByRole("textbox", { name: "Your reply" });
    await box.click();
    await box.pressSequentially("Hello Pat,", { delay: 5 });
    await box.press("Shift+Enter");
    await box.pressSequentially(reply, { delay: 5 });
    await box.press("Enter");
    const bubble = thread.locator('article[data-direction="OUTBOUND"]', { hasText: reply });
    await bubble.waitFor(live);
    expect(await bubble.textContent()).toContain("Hello Pat,");
    expect(await box.inputValue()).toBe("");
    const tick = bubble.locator("[data-status]");
    // The worker sends it through the sandbox channel: PENDING → SENT.
    await expect.poll(() => tick.getAttribute("data-status"), live).toMatch(/^(SENT|DELIVERED|READ)$/);

    // The customer opens their phone (the sandbox page): delivered, then read — and the agent's
    // open thread shows two blue ticks without a reload.
    const customer = await signedInPage(browser, OWNER, { viewport: desktop });
    await customer.goto(`${webUrl}/w/acme/inbox/sandbox?customer=${encodeURIComponent(sent.customer.id)}`);
    await customer.getByText(reply).first().waitFor(live);
    await expect.poll(() => tick.getAttribute("data-status"), { timeout: 30_000 }).toBe("READ");
    expect(await tick.getAttribute("aria-label")).toBe("Read");
    expect(await stillSamePage(agent)).toBe(true);
    await screenshot(agent, "inbox-thread-read");
    await customer.context().close();

    // `e` closes it; the Closed view lists it.
    await agent.locator("body").click({ position: { x: 700, y: 5 } });
    await agent.keyboard.press("e");
    await agent.getByText("Conversation closed").first().waitFor(live);
    await expect
      .poll(
        async () =>
          (await api.inboxConversations.get.query({ orgId, conversationId: sent.conversationId })).status,
        live,
      )
      .toBe("CLOSED");
    await agent.getByRole("link", { name: /^Closed/ }).click();
    await row.waitFor(live);
    await agent.context().close();
  });

  it("a conversation becomes a ticket; a reply on the ticket shows in the thread, a DM on the ticket", {
    timeout: 180_000,
  }, async () => {
    const name = `Robin Refund ${run}`;
    const first = `I want a refund for order 88 ${run}`;
    const sent = await api.inboxSandbox.send.mutate({ orgId, customer: { name }, text: first });

    const agent = await signedInPage(browser, AGENT, { viewport: desktop });
    await openInbox(agent, `/w/acme/inbox/c/${sent.conversationId}`);
    await markPage(agent);
    const thread = agent.getByTestId("thread-messages");
    await thread.getByText(first).waitFor(live);
    const panel = agent.getByTestId("contact-panel");
    await panel.getByRole("button", { name: "Create ticket" }).click();
    const ticketLink = panel.getByRole("link", { name: /^Open ticket #\d+$/ });
    await ticketLink.waitFor(live);
    const number = Number((await ticketLink.textContent())?.match(/#(\d+)/)?.[1]);
    const ticket = (await api.deskTickets.list.query({ orgId, number })).items[0];
    expect(ticket?.number).toBe(number);
    await screenshot(agent, "inbox-ticket-created");

    // An agent answers on the ticket: the DM goes out and shows in the inbox thread, live.
    const fromDesk = `Refund approved, 3 to 5 days ${run}`;
    await api.deskTickets.addMessage.mutate({
      orgId,
      ticketId: ticket?.id as string,
      message: fromDesk,
      isInternal: false,
    });
    const crossed = thread.locator('article[data-direction="OUTBOUND"]', { hasText: fromDesk });
    await crossed.waitFor(live);
    expect(await stillSamePage(agent)).toBe(true);

    // The customer writes again: the ticket has it.
    const again = `Thanks, got it ${run}`;
    await api.inboxSandbox.send.mutate({ orgId, customer: { id: sent.customer.id }, text: again });
    await thread.getByText(again).waitFor(live);
    await ticketLink.click();
    await agent.waitForURL((url) => url.pathname.endsWith(`/desk/${ticket?.id}`));
    await agent.getByText(again).first().waitFor(live);
    await agent.getByText(fromDesk).first().waitFor();
    await agent.context().close();
  });

  it("a label and a canned reply made in settings are used in a conversation", {
    timeout: 180_000,
  }, async () => {
    const agent = await signedInPage(browser, AGENT, { viewport: desktop });
    const label = `VIP ${run}`;
    await openInbox(agent, "/w/acme/inbox/settings/labels");
    await agent.getByRole("button", { name: "New label" }).first().click();
    const labelDialog = agent.getByRole("dialog");
    await labelDialog.getByLabel("Name").fill(label);
    await labelDialog.getByRole("button", { name: "Save label" }).click();
    await agent.getByRole("cell", { name: label, exact: true }).waitFor(live);
    await screenshot(agent, "inbox-labels");

    const shortcut = `ship${run}`;
    await agent.getByRole("link", { name: "Canned replies" }).click();
    await agent.getByRole("heading", { level: 1, name: "Canned replies" }).waitFor();
    await agent.getByRole("button", { name: "New reply" }).first().click();
    const cannedDialog = agent.getByRole("dialog");
    await cannedDialog.getByLabel("Shortcut").fill(shortcut);
    await cannedDialog.getByLabel("Title").fill("Ships today");
    await cannedDialog.getByLabel("Text").fill("Hi ");
    await cannedDialog.getByRole("button", { name: "Insert contact.first_name" }).click();
    await cannedDialog.getByLabel("Text").press("End");
    await cannedDialog.getByLabel("Text").pressSequentially(", it ships today.");
    await cannedDialog.getByRole("button", { name: "Save reply" }).click();
    await agent.getByRole("cell", { name: `/${shortcut}`, exact: true }).waitFor(live);
    await screenshot(agent, "inbox-canned");

    const sent = await api.inboxSandbox.send.mutate({
      orgId,
      customer: { name: `Lee Label ${run}` },
      text: `When does it ship? ${run}`,
    });
    await openInbox(agent, `/w/acme/inbox/c/${sent.conversationId}`);
    const thread = agent.getByTestId("thread-messages");
    await thread.getByText(`When does it ship? ${run}`).waitFor(live);

    // `/` and the shortcut: the suggestion, Enter puts the reply in with the variable filled.
    // While it suggests canned replies the box is a combobox: found by its label.
    const box = agent.getByLabel("Your reply");
    await box.click();
    await box.pressSequentially(`/ship${run.slice(0, 3)}`, { delay: 10 });
    const option = agent.getByRole("option", { name: new RegExp(`/${shortcut}`) });
    await option.waitFor(live);
    await screenshot(agent, "inbox-canned-picker");
    await box.press("Enter");
    await expect.poll(() => box.inputValue(), live).toBe("Hi Lee, it ships today.");
    await box.press("Enter");
    await thread
      .locator('article[data-direction="OUTBOUND"]', { hasText: "Hi Lee, it ships today." })
      .waitFor(live);

    // The label from the contact panel; the list filtered by it shows this conversation only.
    const panel = agent.getByTestId("contact-panel");
    await panel.getByRole("button", { name: "Edit labels" }).click();
    await agent.getByRole("menuitem", { name: new RegExp(label) }).click();
    await agent.keyboard.press("Escape");
    await panel.getByText(label).waitFor(live);
    await agent.getByLabel("Label", { exact: true }).selectOption({ label });
    const rows = agent.locator("[data-conversation-id]");
    await expect.poll(() => rows.count(), live).toBe(1);
    expect(await rows.first().getAttribute("data-conversation-id")).toBe(sent.conversationId);
    expect(await rows.first().textContent()).toContain(label);

    // Analytics: today's messages are counted.
    await agent.getByRole("button", { name: "Inbox sections" }).click();
    await agent.getByRole("menuitem", { name: "Analytics" }).click();
    await agent.getByRole("heading", { level: 1, name: "Inbox analytics" }).waitFor();
    await agent.getByText("Messages per day").waitFor(live);
    await screenshot(agent, "inbox-analytics");
    await agent.context().close();
  });

  it("looks right in dark, in Arabic and on a phone", { timeout: 180_000 }, async () => {
    const sent = await api.inboxSandbox.send.mutate({
      orgId,
      customer: { name: `Sam Screens ${run}` },
      text: `Do you ship to Lyon? ${run}`,
    });
    const path = `/w/acme/inbox/c/${sent.conversationId}`;
    // A full thread: a photo, a PDF and a location from the customer, a reply quoting the question
    // (the customer reacts to it), and an internal note.
    for (const mediaKind of ["image", "file", "location"] as const)
      await api.inboxSandbox.send.mutate({ orgId, customer: { id: sent.customer.id }, mediaKind });
    const answer = await api.inboxMessages.send.mutate({
      orgId,
      conversationId: sent.conversationId,
      text: "Yes: Lyon is 2 days from our warehouse.",
      replyToId: sent.messageId,
    });
    await expect
      .poll(async () => {
        const page = await api.inboxMessages.list.query({ orgId, conversationId: sent.conversationId });
        return page.items.find((m) => m.id === answer.id)?.status;
      }, live)
      .toBe("SENT");
    await api.inboxSandbox.react.mutate({
      orgId,
      customerId: sent.customer.id,
      messageId: answer.id,
      emoji: "👍",
    });
    await api.inboxNotes.add.mutate({
      orgId,
      conversationId: sent.conversationId,
      content: "Regular customer: offer free shipping if they order twice.",
    });

    // Dark, desktop: three panes.
    const darkContext = await browser.newContext({ viewport: desktop, colorScheme: "dark" });
    await useLook(darkContext, { name: "dark", theme: "dark", lang: "en" });
    const dark = await darkContext.newPage();
    await signInThrough(dark, AGENT);
    await openInbox(dark, path);
    const darkThread = dark.getByTestId("thread-messages");
    await darkThread.getByText(`Do you ship to Lyon? ${run}`).first().waitFor(live);
    await darkThread.getByRole("article", { name: "Internal note" }).waitFor(live);
    expect(await darkThread.locator("article img").count()).toBeGreaterThan(0);
    expect(await darkThread.getByText("👍").count()).toBe(1);
    await screenshot(dark, "inbox-dark");
    await darkContext.close();

    // Arabic (the account's language): right to left.
    await api.me.update.mutate({ locale: "ar" });
    try {
      const ar = await signedInPage(browser, OWNER, { viewport: desktop });
      await openInbox(ar, path);
      expect(await ar.locator("html").getAttribute("dir")).toBe("rtl");
      await ar.getByRole("heading", { level: 1, name: "صندوق الوارد" }).waitFor();
      await ar.getByTestId("thread-messages").getByText(`Do you ship to Lyon? ${run}`).first().waitFor(live);
      await screenshot(ar, "inbox-arabic");
      await ar.context().close();
    } finally {
      await api.me.update.mutate({ locale: "en" });
    }

    // Phone: list → thread → contact → back, as stacked screens; nothing scrolls sideways.
    const m = await signedInPage(browser, AGENT, { viewport: phone });
    await openInbox(m);
    await screenshot(m, "inbox-phone-list");
    const row = m.locator(`[data-conversation-id="${sent.conversationId}"]`);
    await row.click();
    await m.getByTestId("thread-messages").getByText(`Do you ship to Lyon? ${run}`).first().waitFor(live);
    expect(await row.isVisible()).toBe(false);
    await screenshot(m, "inbox-phone-thread");
    await m.getByRole("button", { name: "Show contact details" }).click();
    await m.getByTestId("contact-panel").waitFor();
    await screenshot(m, "inbox-phone-contact");
    await m.getByRole("button", { name: "Back to conversation" }).click();
    await m.getByRole("button", { name: "Back to conversations" }).click();
    await row.waitFor();
    const overflow = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await m.context().close();
  });
});

/** Signs in through the form (a context with its own look). */
async function signInThrough(page: Page, email: string) {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/w\//, { timeout: 20_000 });
}
