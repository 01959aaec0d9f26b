import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, type Look, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot } from "./harness/browser.ts";

// Platform admin → Revenue and usage: the Revenue page (KPIs and charts, axe-clean in light, dark
// and Arabic), then a workspace's Billing panel: comp a plan with a reason and a Day Pass grant,
// seen in the panel and in the audit log.

const { adminUrl, databaseUrl } = inject("e2e");
const DAY = 86_400_000;
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

async function adminPage(options: { look?: Look; phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1366, height: 900 },
  });
  if (options.look) await useLook(context, options.look);
  const page = await context.newPage();
  await page.goto(`${adminUrl}/sign-in`);
  await page.locator("input[type=email]").fill("admin@quartet.local");
  await page.locator("input[type=password]").fill(DEMO_PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/users/);
  return page;
}

/** A paying Pro workspace with this month's payments: a subscription and a Day Pass. */
async function seedRevenue(tag: string) {
  const owner = await makeUser(db, { name: "Rhea Revenue", email: `rhea-${tag}@revenue.test` });
  const org = await makeOrg(db, owner, { name: `Paying Co ${tag}` });
  const now = Date.now();
  const sub = await db.subscription.create({
    data: {
      organizationId: org.id,
      plan: "PRO",
      interval: "MONTHLY",
      status: "ACTIVE",
      provider: "OFFLINE",
      priceAmount: 29,
      currentPeriodStart: new Date(now - 2 * DAY),
      currentPeriodEnd: new Date(now + 28 * DAY),
    },
  });
  await db.payment.createMany({
    data: [
      {
        organizationId: org.id,
        subscriptionId: sub.id,
        userId: owner.id,
        type: "SUBSCRIPTION_INITIAL",
        status: "COMPLETED",
        provider: "OFFLINE",
        amount: 29,
        plan: "PRO",
        interval: "MONTHLY",
        paidAt: new Date(now - 2 * DAY),
      },
      {
        userId: owner.id,
        organizationId: org.id,
        type: "DAY_PASS_PURCHASE",
        status: "COMPLETED",
        provider: "OFFLINE",
        amount: 4.99,
        paidAt: new Date(now - DAY),
      },
    ],
  });
}

describe("admin revenue and billing", () => {
  it("Revenue shows the KPIs and charts, axe-clean in light, dark and Arabic", async () => {
    await seedRevenue(randomUUID().slice(0, 8));
    for (const look of LOOKS) {
      const page = await adminPage({ look });
      try {
        // From the navigation, like a person would.
        await page.locator('nav a[href="/revenue"]').click();
        await page.waitForURL(/\/revenue$/);
        for (const id of [
          "kpi-mrr",
          "kpi-arr",
          "kpi-active",
          "kpi-trialing",
          "kpi-past-due",
          "kpi-canceling",
          "kpi-churn",
          "kpi-day-passes",
        ]) {
          await page.getByTestId(id).waitFor();
        }
        if (look.lang === "en") {
          await page.getByRole("heading", { level: 1, name: "Revenue and usage" }).waitFor();
          // At least our seeded Pro workspace pays: MRR is not zero, a Day Pass sold this month.
          expect(await page.getByTestId("kpi-mrr").locator("p").first().textContent()).not.toBe("$0.00");
          expect(
            Number(await page.getByTestId("kpi-day-passes").locator("p").first().textContent()),
          ).toBeGreaterThan(0);
          await page.getByRole("region", { name: "Revenue by day" }).waitFor();
          await page.getByRole("region", { name: "Subscriptions by day" }).waitFor();
        }
        // Nothing focusable inside the charts hidden from assistive tech.
        const focusableInHidden = await page
          .locator(
            '[aria-hidden="true"] :is(a, button, input, select, textarea, [tabindex]:not([tabindex="-1"]))',
          )
          .count();
        expect(focusableInHidden).toBe(0);
        await page.locator("svg.recharts-surface").first().waitFor();
        expect(await seriousA11yFindings(page), `revenue ${look.name}`).toEqual([]);
        await screenshot(page, `admin-revenue-${look.name}`);

        // By month, with the numbers opened as a table.
        await page.getByRole("tab").nth(1).click();
        const details = page.locator("details").first();
        await details.locator("summary").click();
        await details.locator("table").waitFor();
        expect(await seriousA11yFindings(page), `revenue by month ${look.name}`).toEqual([]);
        if (look.name === "light") await screenshot(page, "admin-revenue-months-table");
      } finally {
        await page.context().close();
      }
    }
    const phone = await adminPage({ phone: true });
    try {
      await phone.goto(`${adminUrl}/revenue`);
      await phone.getByTestId("kpi-mrr").waitFor();
      await phone.locator("svg.recharts-surface").first().waitFor();
      expect(await seriousA11yFindings(phone)).toEqual([]);
      await screenshot(phone, "admin-revenue-phone");
    } finally {
      await phone.context().close();
    }
  });

  it("an admin comps a plan with a reason and grants a Day Pass: the panel and the audit log show them", async () => {
    const tag = randomUUID().slice(0, 8);
    const owner = await makeUser(db, { name: "Cora Comp", email: `cora-${tag}@comp.test` });
    const org = await makeOrg(db, owner, { name: `Comp Target ${tag}` });
    const page = await adminPage();
    try {
      await page.goto(`${adminUrl}/orgs/${org.id}`);
      const panel = page.getByRole("region", { name: "Billing" });
      await panel
        .getByTestId("billing-subscription")
        .getByText("No subscription: this workspace is on Free.")
        .waitFor();
      expect(await seriousA11yFindings(page)).toEqual([]);

      // The reason is required: the error shows under its field, nothing is sent.
      await panel.getByRole("button", { name: "Comp a plan" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Plan").selectOption("BUSINESS");
      const until = new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10);
      await dialog.getByLabel(/^Until/).fill(until);
      await dialog.getByRole("button", { name: "Review" }).click();
      await dialog.getByText("Say why (at least 3 characters): it goes into the audit log.").waitFor();
      expect(await dialog.getByLabel("Reason").getAttribute("aria-invalid")).toBe("true");
      expect(await db.adminAuditLog.count({ where: { entityId: org.id } })).toBe(0);
      expect(await seriousA11yFindings(page)).toEqual([]);

      await dialog.getByLabel("Reason").fill("Partner deal #42");
      await dialog.getByRole("button", { name: "Review" }).click();
      await dialog
        .getByTestId("grant-summary")
        .getByText(new RegExp(`Comp Target ${tag} moves to Business now`))
        .waitFor();
      expect(await seriousA11yFindings(page)).toEqual([]);
      await screenshot(page, "admin-comp-confirm");
      await dialog.getByRole("button", { name: "Comp Business" }).click();
      await dialog.waitFor({ state: "detached" });
      await page.getByText(`Comp Target ${tag} is on Business (comp).`).waitFor();

      // The panel refreshed: Business, comp, until the chosen day; the grant with its reason.
      const sub = panel.getByTestId("billing-subscription");
      await sub.getByText("Comp (no payment)").waitFor();
      await sub.getByText("Business").first().waitFor();
      await panel.getByTestId("billing-grants").getByText("Business comped").waitFor();
      await panel.getByTestId("billing-grants").getByText("Partner deal #42").waitFor();
      const row = await db.subscription.findUniqueOrThrow({ where: { organizationId: org.id } });
      expect(row).toMatchObject({ plan: "BUSINESS", provider: "MANUAL", status: "ACTIVE" });
      // The comp runs to the end of the chosen day (browser time), not a day more or less.
      expect(Math.abs(row.currentPeriodEnd!.getTime() - Date.parse(`${until}T23:59:59.999Z`))).toBeLessThan(
        DAY,
      );

      // A Day Pass for the owner.
      await panel.getByRole("button", { name: "Grant a Day Pass" }).click();
      const pass = page.getByRole("dialog");
      await pass.getByLabel("Hours").fill("48");
      await pass.getByLabel("Reason").fill("Support apology");
      await pass.getByRole("button", { name: "Review" }).click();
      await pass.getByText("Cora Comp gets 48 hours of Premium", { exact: false }).waitFor();
      await pass.getByRole("button", { name: "Grant the pass" }).click();
      await pass.waitFor({ state: "detached" });
      await page.getByText(/^Day Pass granted to Cora Comp until/).waitFor();
      await panel
        .getByTestId("billing-members")
        .getByText(/^Until /)
        .waitFor();
      await panel.getByTestId("billing-grants").getByText("Day Pass for Cora Comp").waitFor();
      await screenshot(page, "admin-org-billing-toast");
      // axe reads the stacked toast behind the newest one (faded on purpose) as low contrast: let them go.
      await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 15_000 });
      expect(await seriousA11yFindings(page)).toEqual([]);
      await screenshot(page, "admin-org-billing-light");

      // The audit log has the comp with its reason and the plan change.
      await page.goto(`${adminUrl}/audit?action=billing.comp.grant`);
      const entry = page.getByRole("row").filter({ hasText: `Comp Target ${tag}` });
      await entry.getByText("Partner deal #42").waitFor();
      await entry.getByText("Comped a plan").waitFor();
      expect(await seriousA11yFindings(page)).toEqual([]);
      await screenshot(page, "admin-audit-comp");
    } finally {
      await page.context().close();
    }

    for (const look of LOOKS.filter((l) => l.name !== "light")) {
      const other = await adminPage({ look });
      try {
        await other.goto(`${adminUrl}/orgs/${org.id}`);
        await other.getByTestId("billing-grants").waitFor();
        expect(await seriousA11yFindings(other), `org billing ${look.name}`).toEqual([]);
        await screenshot(other, `admin-org-billing-${look.name}`);
      } finally {
        await other.context().close();
      }
    }
  });
});
