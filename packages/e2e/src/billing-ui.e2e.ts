import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot } from "./harness/browser.ts";

// Billing UI: the public pricing page and Settings → Billing in light, dark and Arabic (the demo
// workspace is on a PRO comp plan), axe-clean, with screenshots.

const { webUrl } = inject("e2e");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("billing UI", () => {
  for (const look of LOOKS) {
    it(`pricing and Settings → Billing (${look.name})`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await useLook(context, look);
      const page = await context.newPage();
      await page.goto(`${webUrl}/pricing`);
      await page.getByTestId("plan-BUSINESS").waitFor();
      expect(await seriousA11yFindings(page)).toEqual([]);
      await screenshot(page, `billing-pricing-${look.name}`);

      await page.goto(`${webUrl}/sign-in`);
      await page.locator("input[type=email]").fill("owner@acme.test");
      await page.locator("input[type=password]").fill(DEMO_PASSWORD);
      await page.locator("button[type=submit]").click();
      await page.waitForURL(/\/w\//, { timeout: 20_000 });
      await page.goto(`${webUrl}/w/acme/settings/billing`);
      await page.getByTestId("current-plan").waitFor();
      await page.getByTestId("usage-desk.automationRules").waitFor();
      expect(await seriousA11yFindings(page)).toEqual([]);
      await screenshot(page, `billing-settings-${look.name}`);
      await context.close();
    });
  }
});
