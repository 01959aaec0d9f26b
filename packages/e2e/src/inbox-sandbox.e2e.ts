import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot, signIn } from "./harness/browser.ts";

// The sandbox page as a member uses it: pick a seeded customer, write as them (text and a sample
// photo, which the worker fetches into storage), start a new customer; axe-clean in light, dark
// and Arabic, and usable on a phone. Screenshots of each look.

const { webUrl } = inject("e2e");
const MEMBER = "member@acme.test";
const run = Date.now().toString(36);
let browser: Browser;
/** The member's session, signed in once through the form and reused by each context. */
let storageState: BrowserContextOptions["storageState"];
let api: ReturnType<typeof createAppClient>;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, MEMBER);
  storageState = await context.storageState();
  await context.close();
  const jar = cookieJar();
  api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email: MEMBER, password: DEMO_PASSWORD });
});
afterAll(async () => {
  await browser?.close();
});

describe("inbox sandbox page", () => {
  it("writes as a seeded customer, sends a sample photo, and starts a new customer", {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
    const page = await context.newPage();
    await page.goto(`${webUrl}/w/acme/inbox/sandbox`);
    await page.getByRole("heading", { level: 1, name: "Sandbox" }).waitFor({ timeout: 20_000 });

    await page.getByRole("button", { name: /^Chloé Martin/ }).click();
    await page.waitForURL(/customer=demo-chloe/);
    const thread = page.getByRole("region", { name: "Conversation of Chloé Martin with the business" });
    await thread.getByText("Ma commande #1042").waitFor({ timeout: 20_000 });
    await thread.getByText("je regarde tout de suite").waitFor();

    const text = `Any news? ${run}`;
    const box = page.getByLabel("Message as Chloé Martin");
    await box.fill(text);
    await box.press("Enter");
    await thread.getByText(text).waitFor();
    await expect.poll(() => box.inputValue()).toBe("");

    await page.getByRole("button", { name: "Send a sample" }).click();
    await page.getByRole("menuitem", { name: "Sample photo" }).click();
    // The worker copies the sample into storage; the photo then shows in the thread.
    await thread.getByRole("img", { name: "sandbox-photo.png" }).waitFor({ timeout: 30_000 });
    await screenshot(page, "inbox-sandbox-thread");

    await page.getByLabel("Customer name").fill(`Nina ${run}`);
    await page.getByRole("button", { name: "Start" }).click();
    await page.getByText("Write the first message").waitFor();
    const first = page.getByLabel(`Message as Nina ${run}`);
    await first.fill("Hello, is the shop open on Sunday?");
    await first.press("Enter");
    await page.waitForURL(/customer=c-/);
    await page.getByRole("button", { name: new RegExp(`^Nina ${run}`) }).waitFor();
    await context.close();
  });

  for (const look of LOOKS) {
    it(`is axe-clean: ${look.name}`, async () => {
      // Once signed in, the account's language wins over the device's.
      if (look.lang !== "en") await api.me.update.mutate({ locale: look.lang });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
      try {
        await useLook(context, look);
        const page = await context.newPage();
        await page.goto(`${webUrl}/w/acme/inbox/sandbox?customer=demo-yasmine`);
        await page
          .getByRole("heading", { level: 1, name: look.lang === "ar" ? "بيئة التجربة" : "Sandbox" })
          .waitFor({
            timeout: 20_000,
          });
        await page.getByText("مرحبا").first().waitFor();
        if (look.lang === "ar") expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
        expect(await seriousA11yFindings(page)).toEqual([]);
        await screenshot(page, `inbox-sandbox-${look.name}`);
      } finally {
        await context.close();
        if (look.lang !== "en") await api.me.update.mutate({ locale: "en" });
      }
    });
  }

  it("works on a phone", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      storageState,
    });
    const page = await context.newPage();
    await page.goto(`${webUrl}/w/acme/inbox/sandbox?customer=demo-noah`);
    await page.getByText("Trail 40 L").waitFor({ timeout: 20_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await seriousA11yFindings(page)).toEqual([]);
    await screenshot(page, "inbox-sandbox-phone");
    await context.close();
  });
});
