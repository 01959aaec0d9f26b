import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot } from "./harness/browser.ts";

// Every admin console page: its own document title, one h1, and no serious or critical axe
// finding, in light, dark and Arabic.

const { adminUrl } = inject("e2e");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signInAdmin(page: Page) {
  await page.goto(`${adminUrl}/sign-in`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.locator("input[type=email]").fill("admin@quartet.local");
  await page.locator("input[type=password]").fill(DEMO_PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/users/);
}

/** Opens a console path and waits until its main heading is there. */
async function open(page: Page, path: string) {
  await page.goto(`${adminUrl}${path}`);
  await page
    .getByRole("heading", { level: 1 })
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(async (error) => {
      await screenshot(page, `admin-no-h1${path.replaceAll("/", "-")}`);
      throw new Error(`${path}: no h1 (${error})`);
    });
  await page.waitForLoadState("networkidle");
}

describe("the admin console's pages", () => {
  for (const look of LOOKS) {
    it(`have their own title, an h1 and no serious axe finding (${look.name})`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await useLook(context, look);
      const page = await context.newPage();

      await page.goto(`${adminUrl}/sign-in`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      const titles = new Map<string, string>([["/sign-in", await page.title()]]);
      expect(await seriousA11yFindings(page), "/sign-in").toEqual([]);
      await signInAdmin(page);

      // Detail pages: the first user and organization in their lists.
      await open(page, "/users");
      const userHref = await page.locator('a[href^="/users/"]').first().getAttribute("href");
      await open(page, "/orgs");
      const orgHref = await page.locator('a[href^="/orgs/"]').first().getAttribute("href");
      const paths = [
        "/users",
        userHref!,
        "/orgs",
        orgHref!,
        "/audit",
        "/outbox",
        "/security",
        "/inbox-webhooks",
        "/no-such-page",
      ];
      for (const path of paths) {
        await open(page, path);
        titles.set(path, await page.title());
        expect(await page.getByRole("heading", { level: 1 }).count(), path).toBe(1);
        expect(await seriousA11yFindings(page), path).toEqual([]);
        if (path === "/security" || path === "/inbox-webhooks")
          await screenshot(page, `admin${path.replace("/", "-")}-${look.name}`);
      }
      await screenshot(page, `admin-a11y-${look.name}`);
      // Each page names itself in the tab: no two alike.
      expect(new Set(titles.values()).size, [...titles.values()].join(" | ")).toBe(titles.size);
      await context.close();
    });
  }
});
