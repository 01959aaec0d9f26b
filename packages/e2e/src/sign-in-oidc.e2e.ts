import { createDb } from "@quartet/db/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./harness/browser.ts";

// "Continue with Test SSO" against the local OpenID Connect provider the global setup starts (its
// login form takes any email): a new person lands in a new workspace; after signing out, the same
// provider signs them in again to the same account; Account → Security shows it connected.

const { webUrl, databaseUrl } = inject("e2e");
const email = `sso-${Date.now().toString(36)}@example.test`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("sign in with OpenID Connect", () => {
  it("signs up through the provider, signs out, and signs in again with it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${webUrl}/sign-in`);
    const sso = page.getByRole("link", { name: "Continue with Test SSO" });
    await sso.waitFor({ timeout: 20_000 });
    await screenshot(page, "oidc-sign-in-page");

    await sso.click();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Sign in to the provider" }).click();
    await page.waitForURL(/\/w\//, { timeout: 30_000 });
    await screenshot(page, "oidc-new-workspace");

    const db = createDb(databaseUrl, { max: 1 });
    try {
      const user = await db.user.findUniqueOrThrow({
        where: { email },
        include: { oauthAccounts: true, ownedOrganizations: true },
      });
      expect(user.status).toBe("ACTIVE");
      expect(user.oauthAccounts.map((a) => a.provider)).toEqual(["GENERIC"]);
      expect(user.ownedOrganizations.filter((o) => o.isPersonal)).toHaveLength(1);

      // Sign out, then in again with the same provider: the same account.
      await page.getByRole("button", { name: "Your account" }).click();
      await page.getByRole("menuitem", { name: "Sign out" }).click();
      await page.waitForURL(/\/sign-in/, { timeout: 20_000 });
      await page.getByRole("link", { name: "Continue with Test SSO" }).click();
      // The provider may remember its own session and skip its form.
      const form = page.getByRole("button", { name: "Sign in to the provider" });
      await Promise.race([page.waitForURL(/\/w\//, { timeout: 30_000 }), form.waitFor({ timeout: 30_000 })]);
      if (await form.isVisible()) {
        await page.getByLabel("Email").fill(email);
        await form.click();
        await page.waitForURL(/\/w\//, { timeout: 30_000 });
      }
      expect(await db.user.count({ where: { email } })).toBe(1);
      const logins = await db.authEvent.count({
        where: { userId: user.id, eventType: "SOCIAL_LOGIN", outcome: "SUCCESS" },
      });
      expect(logins).toBe(2);

      // Account → Security: the provider is connected, no password, and it can't be removed.
      await page.goto(`${webUrl}/account/security`);
      await page.getByText("Sign-in methods").first().waitFor();
      // The list arrives after the page's heading: wait for it rather than reading it at once.
      await page.getByText("Test SSO").first().waitFor();
      const disconnect = page.getByRole("button", { name: "Disconnect" });
      await disconnect.waitFor();
      expect(await disconnect.isDisabled()).toBe(true);
      await screenshot(page, "oidc-security-page");
    } finally {
      await db.$disconnect();
      await context.close();
    }
  });
});
