import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./harness/browser.ts";
import { linkIn, waitForMail } from "./harness/mail.ts";

const { webUrl, adminUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const founder = {
  name: "Farah Founder",
  email: `farah-${run}@example.test`,
  password: "a long and unusual passphrase 42",
};
const teammate = {
  name: "Theo Teammate",
  email: `theo-${run}@example.test`,
  password: "another long passphrase for theo",
};
const workspaceName = `Northwind ${run}`;

let browser: Browser;
let founderPage: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signUpAndVerify(page: Page, person: typeof founder, shotPrefix: string) {
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await screenshot(page, `${shotPrefix}-sign-up`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  await screenshot(page, `${shotPrefix}-check-email`);

  const mail = await waitForMail(databaseUrl, person.email, /verif|confirm/i);
  const link = linkIn(mail, `${webUrl}/verify-email?token=`);
  await page.goto(link);
  await page.getByRole("heading", { name: "Your email is verified" }).waitFor();
  await screenshot(page, `${shotPrefix}-verified`);
}

describe("a new customer brings a teammate into their workspace", () => {
  it("signs up, verifies by email, creates a workspace and invites a teammate who accepts", async () => {
    const founderContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    founderPage = await founderContext.newPage();
    await founderPage.goto(`${webUrl}/sign-up`);
    await signUpAndVerify(founderPage, founder, "01-founder");

    // Verified and signed in: the personal workspace opens.
    await founderPage.waitForURL(/\/w\/[a-z0-9-]+/, { timeout: 20_000 });
    await screenshot(founderPage, "02-personal-workspace");

    // Create a team workspace from the switcher.
    await founderPage.getByRole("button", { name: /Switch workspace/i }).click();
    await founderPage.getByRole("menuitem", { name: /Create workspace/i }).click();
    await founderPage.getByLabel("Workspace name").fill(workspaceName);
    await screenshot(founderPage, "03-create-workspace");
    await founderPage.getByRole("button", { name: "Create workspace" }).click();
    await founderPage.waitForURL(new RegExp(`/w/northwind-${run}`), { timeout: 20_000 });
    await founderPage.getByRole("heading", { name: workspaceName, exact: true }).first().waitFor();
    await screenshot(founderPage, "04-workspace-home");

    // Invite the teammate as an agent.
    await founderPage.getByRole("link", { name: "Members" }).first().click();
    await founderPage
      .getByRole("button", { name: /Invite/ })
      .first()
      .click();
    await founderPage.getByLabel("Email").fill(teammate.email);
    await founderPage.getByLabel("Role").selectOption("AGENT");
    await screenshot(founderPage, "05-invite-dialog");
    await founderPage.getByRole("button", { name: /Send invitation/i }).click();
    await founderPage.getByText(teammate.email).first().waitFor();
    await screenshot(founderPage, "06-members-with-invitation");

    // The teammate opens the invitation mail in their own browser.
    const invitation = await waitForMail(databaseUrl, teammate.email, /invit|join/i);
    const inviteLink = linkIn(invitation, `${webUrl}/invite?token=`);
    const teammateContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const teammatePage = await teammateContext.newPage();
    await teammatePage.goto(inviteLink);
    await teammatePage.getByRole("heading", { name: `Join ${workspaceName}` }).waitFor();
    await screenshot(teammatePage, "07-invite-signed-out-phone");
    await teammatePage.getByRole("link", { name: "Create an account" }).click();
    await signUpAndVerify(teammatePage, teammate, "08-teammate");

    // Back on the invitation, now signed in: accept and land in the shared workspace.
    await teammatePage.goto(inviteLink);
    await teammatePage.getByRole("button", { name: "Accept and join" }).click();
    await teammatePage.waitForURL(new RegExp(`/w/northwind-${run}`), { timeout: 20_000 });
    await teammatePage.getByRole("heading", { name: workspaceName, exact: true }).first().waitFor();
    await screenshot(teammatePage, "09-teammate-in-workspace-phone");

    // The founder sees the teammate as a member now.
    await founderPage.reload();
    const teammateRow = founderPage.getByRole("row").filter({ hasText: teammate.email });
    await teammateRow.getByText("Agent").waitFor();
    await screenshot(founderPage, "10-members-after-accept");
    await teammateContext.close();
  });

  it("a platform admin locks the founder, whose open page is signed out", async () => {
    await founderPage.goto(`${webUrl}/`);
    await founderPage.waitForURL(/\/w\//);

    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const admin = await adminContext.newPage();
    await admin.goto(adminUrl);
    await admin.getByLabel("Email").fill("admin@quartet.local");
    await admin.getByLabel("Password", { exact: true }).fill("quartet-demo-2026");
    await screenshot(admin, "11-admin-sign-in");
    await admin.getByRole("button", { name: "Sign in" }).click();
    await admin.getByRole("heading", { name: "Users" }).first().waitFor();

    await admin
      .getByRole("searchbox")
      .or(admin.getByLabel(/Search/i))
      .first()
      .fill(founder.email);
    // The search is debounced: wait until the table shows only the founder (header row + 1).
    await expect.poll(() => admin.getByRole("row").count(), { timeout: 15_000 }).toBe(2);
    await admin.getByText(founder.email).first().waitFor();
    await screenshot(admin, "12-admin-users-search");
    await admin.getByText(founder.email).first().click();
    await admin.getByRole("heading", { name: founder.name }).first().waitFor();
    await screenshot(admin, "13-admin-user-detail");
    await admin.getByRole("button", { name: "Lock", exact: true }).click();
    await screenshot(admin, "14-admin-lock-confirm");
    await admin.getByRole("button", { name: "Lock account" }).click();
    await admin.getByText("This account is locked").first().waitFor();
    await screenshot(admin, "15-admin-user-locked");

    // The founder's open tab notices within its session poll and returns to sign-in.
    await founderPage.waitForURL(/\/sign-in/, { timeout: 30_000 });
    await founderPage.getByText("You've been signed out").first().waitFor();
    await screenshot(founderPage, "16-founder-signed-out");

    // And cannot sign back in while locked.
    await founderPage.getByLabel("Email").fill(founder.email);
    await founderPage.getByLabel("Password", { exact: true }).fill(founder.password);
    await founderPage.getByRole("button", { name: "Sign in" }).click();
    await founderPage.getByRole("alert").first().waitFor();
    expect(founderPage.url()).toMatch(/\/sign-in/);

    // The outbox shows the mail the worker captured.
    await admin
      .getByRole("link", { name: /outbox/i })
      .first()
      .click();
    await admin
      .getByText(/invited you to/)
      .first()
      .click();
    await admin
      .frameLocator("iframe")
      .getByText(/Accept|Join/i)
      .first()
      .waitFor();
    await screenshot(admin, "17-admin-outbox-invitation");
    await adminContext.close();
  });
});
