import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// The website chat end to end: an admin adds a chat on Inbox → Channels and copies its code; a
// shop's own page (another origin, a plain static page) pastes it; a visitor opens the chat and
// writes; the agent sees it arrive in the open inbox without a reload and answers; the visitor's
// widget shows the answer and the agent's tick turns READ. Then the Channels page in each look.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const desktop = { width: 1440, height: 900 };
const OWNER = "owner@acme.test";
const AGENT = "agent@acme.test";
const live = { timeout: 15_000 };

let browser: Browser;
let api: ReturnType<typeof createAppClient>;
let orgId = "";
let shop: Server;
let shopUrl = "";
let snippet = "";

beforeAll(async () => {
  browser = await launchBrowser();
  const jar = cookieJar();
  api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email: OWNER, password: DEMO_PASSWORD });
  orgId = (await api.orgs.list.query()).find((o) => o.slug === "acme")?.id as string;
  // The shop's website: a static page on its own origin with the pasted code.
  shop = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trail Shop</title></head>` +
        `<body><main><h1>Trail Shop</h1><p>Backpacks and tents.</p></main>${snippet}</body></html>`,
    );
  });
  await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => shop?.close(r));
});

describe("website chat", () => {
  it("added on Channels, pasted on a site; a visitor's message reaches the live inbox and the reply reaches the visitor", {
    timeout: 180_000,
  }, async () => {
    // The admin adds the chat and copies its code.
    const admin = await signedInPage(browser, OWNER, { viewport: desktop });
    await admin.goto(`${webUrl}/w/acme/inbox/settings/channels`);
    await admin.getByRole("heading", { level: 1, name: "Channels" }).waitFor({ timeout: 20_000 });
    await admin.locator('[data-connect="WEBCHAT"]').getByRole("button", { name: "Add" }).click();
    const name = `Trail chat ${run}`;
    await admin.getByLabel("Name shown to visitors").fill(name);
    await admin.getByLabel("Greeting").fill("Hi! Ask us about sizes.");
    await admin.getByRole("button", { name: "Add the chat" }).click();
    const code = admin.locator("[data-widget-snippet]");
    await code.waitFor(live);
    snippet = (await code.textContent()) ?? "";
    expect(snippet).toMatch(
      /^<script src="http:\/\/localhost:\d+\/chat\/widget\.js" data-quartet-chat="wc_[\w-]+" async><\/script>$/,
    );
    await screenshot(admin, "inbox-channels-widget-code");
    await admin.keyboard.press("Escape");
    await admin.locator("tr", { hasText: name }).getByText("Active").waitFor();
    await admin.context().close();

    // The agent has the inbox open.
    const agent = await signedInPage(browser, AGENT, { viewport: desktop });
    await agent.goto(`${webUrl}/w/acme/inbox`);
    await agent.getByRole("heading", { level: 1, name: "Inbox" }).waitFor({ timeout: 20_000 });
    await agent.evaluate(() => {
      (window as unknown as { __widgetE2e: boolean }).__widgetE2e = true;
    });

    // A visitor on the shop's site opens the chat and writes.
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(shopUrl);
    const launcher = visitor.getByRole("button", { name: "Open chat" });
    await launcher.waitFor(live);
    await launcher.click();
    const panel = visitor.getByRole("dialog", { name });
    await panel.waitFor();
    await panel.getByText("Hi! Ask us about sizes.").waitFor();
    const question = `Is the 40 L pack waterproof? ${run}`;
    const box = panel.getByRole("textbox", { name: "Message" });
    await box.fill(question);
    await box.press("Enter");
    await panel.locator(".msg.visitor", { hasText: question }).waitFor(live);
    expect(await box.inputValue()).toBe("");
    await screenshot(visitor, "chat-widget-visitor");

    // The inbox shows it without a reload.
    const row = agent.locator("[data-conversation-id]", { hasText: question });
    await row.waitFor(live);
    expect(await agent.evaluate(() => (window as unknown as { __widgetE2e?: boolean }).__widgetE2e)).toBe(
      true,
    );
    const conversationId = (await row.getAttribute("data-conversation-id")) as string;
    await row.click();
    const thread = agent.getByTestId("thread-messages");
    await thread.getByText(question).waitFor();

    // The agent answers; the visitor's open widget shows it (long poll) and reads it.
    const answer = `Yes, fully taped seams ${run}.`;
    const reply = agent.getByRole("textbox", { name: "Your reply" });
    await reply.click();
    await reply.pressSequentially(answer, { delay: 5 });
    await reply.press("Enter");
    await panel.locator(".msg.agent", { hasText: answer }).waitFor({ timeout: 30_000 });
    const bubble = thread.locator('article[data-direction="OUTBOUND"]', { hasText: answer });
    await expect
      .poll(() => bubble.locator("[data-status]").getAttribute("data-status"), { timeout: 30_000 })
      .toBe("READ");
    await screenshot(visitor, "chat-widget-answered");

    // The visitor leaves an email: the conversation's contact gets it.
    await panel.getByLabel(/Your email/).fill(`walker.${run}@example.com`);
    await panel.getByRole("button", { name: "Save" }).click();
    await panel.getByText(`We'll reply to walker.${run}@example.com too.`).waitFor(live);
    await expect
      .poll(
        async () =>
          (await api.inboxConversations.get.query({ orgId, conversationId })).contact?.email ?? null,
        live,
      )
      .toBe(`walker.${run}@example.com`);

    // Reloaded later, the visitor's thread is still there (the token in localStorage).
    await visitor.reload();
    await visitor.getByRole("button", { name: "Open chat" }).click();
    await visitor.getByRole("dialog", { name }).getByText(answer).waitFor(live);
    await visitorContext.close();
    await agent.context().close();
  });

  for (const look of LOOKS) {
    it(`Channels is axe-clean: ${look.name}`, async () => {
      if (look.lang !== "en") await api.me.update.mutate({ locale: look.lang });
      const page = await signedInPage(browser, OWNER, { viewport: desktop });
      try {
        await useLook(page.context(), look);
        await page.goto(`${webUrl}/w/acme/inbox/settings/channels`);
        await page.locator('[data-connect="WEBCHAT"]').waitFor({ timeout: 20_000 });
        if (look.lang === "ar") expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
        expect(await seriousA11yFindings(page)).toEqual([]);
        await screenshot(page, `inbox-channels-${look.name}`);
      } finally {
        await page.context().close();
        if (look.lang !== "en") await api.me.update.mutate({ locale: "en" });
      }
    });
  }

  it("Channels works on a phone", async () => {
    const page = await signedInPage(browser, OWNER, { viewport: { width: 390, height: 844 } });
    await page.goto(`${webUrl}/w/acme/inbox/settings/channels`);
    await page.locator('[data-connect="WEBCHAT"]').waitFor({ timeout: 20_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, "inbox-channels-phone");
    await page.context().close();
  });
});
