import { createDb, type Db } from "@quartet/db/client";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// SLA in the browser: the policy editor (first policy not forced to default, targets scaled by
// priority, escalation rules with field errors) and the SLA chips on tickets — which target they
// count, ok / warning / breached / paused — with an escalation run by the real worker.
// Everything happens in a workspace of its own, so other files' SLA policies don't interfere.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const slug = `sla-${run}`;
const phone = { width: 390, height: 844 };
const subjects = {
  ok: `Cannot export invoices ${run}`,
  warning: `Password reset loops ${run}`,
  breached: `Checkout is down ${run}`,
  paused: `Waiting for a screenshot ${run}`,
  resolution: `Refund for order ${run}`,
};

let browser: Browser;
let db: Db;
const ticketIds: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchBrowser();
  db = createDb(databaseUrl, { max: 2 });
  const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
  const agent = await db.user.findUniqueOrThrow({ where: { email: "agent@acme.test" } });
  await db.organization.create({
    data: {
      name: `SLA lab ${run}`,
      slug,
      ownerId: owner.id,
      // Several policies: more than FREE allows (billing), so the lab is on PRO.
      plan: "PRO",
      billingSubscription: { create: { plan: "PRO", status: "ACTIVE", provider: "MANUAL" } },
      memberships: {
        create: [
          { userId: owner.id, role: "OWNER" },
          { userId: agent.id, role: "AGENT" },
        ],
      },
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

/** Moves a ticket's clock back by `minutes`, as if it had been opened that long ago. */
async function age(ticketId: string, minutes: number) {
  await db.$executeRaw`
    UPDATE tickets SET created_at = created_at - make_interval(mins => ${minutes}),
      sla_due_at = sla_due_at - make_interval(mins => ${minutes}),
      sla_warn_at = sla_warn_at - make_interval(mins => ${minutes})
    WHERE id = ${ticketId}::uuid`;
}

async function newTicket(page: Page, subject: string) {
  await page.goto(`${webUrl}/w/${slug}/desk`);
  await page.getByRole("button", { name: "New ticket" }).first().click();
  await page.getByLabel("Requester email").fill(`sla-${run}@example.test`);
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("Opened by the SLA end-to-end test.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await page.getByRole("heading", { name: subject }).waitFor();
  return page.url().split("/").at(-1) as string;
}

/** The SLA chip of a ticket in the list (the visible one: the list shows it in a column or under the subject). */
function listChip(page: Page, subject: string): Locator {
  return page.getByRole("row").filter({ hasText: subject }).locator("[data-sla-state]:visible");
}

describe("SLA policies in the browser", () => {
  it("a first policy saved with “Default policy” unticked is not the default", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/${slug}/desk/settings/sla`);
    await page.getByText("No SLA policies yet").waitFor();
    await page.getByRole("button", { name: "New policy" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New SLA policy" });
    // Offered as the default (it's the first), and the owner says no.
    const defaultBox = dialog.getByRole("checkbox", { name: "Default policy" });
    expect(await defaultBox.getAttribute("aria-checked")).toBe("true");
    await defaultBox.click();
    expect(await defaultBox.getAttribute("aria-checked")).toBe("false");
    await dialog.getByLabel("Name").fill("Not the default");
    await dialog.getByRole("button", { name: "Create policy" }).click();
    await page.getByText("Policy Not the default saved").waitFor();
    const row = page.getByRole("row").filter({ hasText: "Not the default" });
    await row.waitFor();
    expect(await row.getByText("Default", { exact: true }).count()).toBe(0);
    const stored = await db.sLAPolicy.findFirstOrThrow({
      where: { name: "Not the default", organization: { slug } },
    });
    expect(stored.isDefault).toBe(false);
    await page.context().close();
  });

  it("an owner scales one target by priority and adds escalation rules; errors land on their fields", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/${slug}/desk/settings/sla`);
    await page.getByRole("button", { name: "New policy" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New SLA policy" });
    expect(await dialog.getByRole("checkbox", { name: "Default policy" }).getAttribute("aria-checked")).toBe(
      "false",
    );
    await dialog.getByLabel("Name").fill("Support hours");
    await dialog.getByRole("checkbox", { name: "Count business hours only" }).click(); // 24/7

    // One target (1 h to respond, 8 h to resolve), scaled per priority.
    await dialog.getByRole("radio", { name: /One target, scaled by priority/ }).check();
    await dialog.getByLabel("Base first response, hours").fill("1");
    await dialog.getByLabel("Base first response, minutes").fill("0");
    await dialog.getByLabel("Base resolution, hours").fill("8");
    await dialog.getByLabel("Base resolution, minutes").fill("0");
    await dialog.getByLabel("Multiplier for Urgent").fill("0.25");
    await dialog
      .getByRole("row", { name: /Urgent/ })
      .getByText("15 min to respond · 2 h to resolve")
      .waitFor();
    await dialog.getByLabel("Multiplier for Low").fill("lots");

    // Escalation: at the breach, notify a person (not chosen yet) and tag; at the warning, tag.
    await dialog.getByRole("button", { name: "Add an escalation rule" }).click();
    const rule1 = dialog.getByRole("group", { name: "Rule 1", exact: true });
    await rule1.getByLabel("When").selectOption("breach");
    await rule1.getByRole("combobox", { name: "Action 1 of rule 1" }).selectOption("notify_user");
    await rule1.getByRole("button", { name: "Add an action" }).click();
    await rule1.getByRole("group", { name: "Action 2 of rule 1" }).getByLabel("Tag").fill("escalated");
    await dialog.getByRole("button", { name: "Add an escalation rule" }).click();
    const rule2 = dialog.getByRole("group", { name: "Rule 2", exact: true });
    await rule2.getByLabel("When").selectOption("warning");
    await rule2.getByRole("combobox", { name: "Action 1 of rule 2" }).selectOption("add_tag");
    await rule2.getByRole("group", { name: "Action 1 of rule 2" }).getByLabel("Tag").fill("sla-risk");

    await dialog.getByRole("button", { name: "Create policy" }).click();
    await dialog.getByText("Use a multiplier between 0.05 and 20.").waitFor();
    expect(await dialog.getByLabel("Multiplier for Low").getAttribute("aria-invalid")).toBe("true");
    const person = rule1.getByRole("group", { name: "Action 1 of rule 1" }).getByLabel("Person");
    await rule1.getByText("Choose a person.").waitFor();
    expect(await person.getAttribute("aria-invalid")).toBe("true");

    await dialog.getByLabel("Multiplier for Low").fill("2");
    await person.selectOption({ label: "Aziz Agent" });
    await dialog.getByRole("checkbox", { name: "Default policy" }).click();
    await screenshot(page, "desk-sla-01-editor");
    await dialog.getByRole("button", { name: "Create policy" }).click();
    await page.getByText("Policy Support hours saved").waitFor();

    const row = page.getByRole("row").filter({ hasText: "Support hours" });
    await row.getByText("Default", { exact: true }).waitFor();
    await row.getByText("2 escalation rules").waitFor();
    await row.getByText("15 min to respond · 2 h to resolve").waitFor();
    await screenshot(page, "desk-sla-02-policies");

    // Saved as entered.
    await row.getByRole("button", { name: "Support hours", exact: true }).click();
    const edit = page.getByRole("dialog", { name: "Edit Support hours" });
    expect(await edit.getByRole("radio", { name: /One target, scaled by priority/ }).isChecked()).toBe(true);
    expect(await edit.getByLabel("Multiplier for Urgent").inputValue()).toBe("0.25");
    const savedRule = edit.getByRole("group", { name: "Rule 1", exact: true });
    expect(await savedRule.getByLabel("When").inputValue()).toBe("breach");
    expect(
      await savedRule.getByRole("group", { name: "Action 1 of rule 1" }).getByLabel("Person").inputValue(),
    ).toBe((await db.user.findUniqueOrThrow({ where: { email: "agent@acme.test" } })).id);
    await page.keyboard.press("Escape");
    await page.context().close();

    // The editor in dark mode and on a phone.
    const dark = await signedInPage(browser, "owner@acme.test", { colorScheme: "dark" });
    await dark.goto(`${webUrl}/w/${slug}/desk/settings/sla`);
    await dark.getByRole("button", { name: "Support hours", exact: true }).click();
    const darkRule = dark
      .getByRole("dialog", { name: "Edit Support hours" })
      .getByRole("group", { name: "Rule 2", exact: true });
    await darkRule.waitFor();
    await screenshot(dark, "desk-sla-03-editor-dark");
    await darkRule.scrollIntoViewIfNeeded();
    await screenshot(dark, "desk-sla-03b-escalation-dark");
    await dark.context().close();
    const small = await signedInPage(browser, "owner@acme.test", { viewport: phone });
    await small.goto(`${webUrl}/w/${slug}/desk/settings/sla`);
    await small.getByRole("button", { name: "Support hours", exact: true }).click();
    const smallRule = small
      .getByRole("dialog", { name: "Edit Support hours" })
      .getByRole("group", { name: "Rule 1", exact: true });
    await smallRule.waitFor();
    await screenshot(small, "desk-sla-04-editor-phone");
    await smallRule.scrollIntoViewIfNeeded();
    await screenshot(small, "desk-sla-04b-escalation-phone");
    await small.context().close();
  });
});

describe("SLA chips on tickets", () => {
  it("say which target they count and whether it is on time, at risk, overdue or paused", async () => {
    const page = await signedInPage(browser, "agent@acme.test");
    // Medium on "Support hours": first response in 1 h, resolution in 8 h, around the clock.
    for (const [key, subject] of Object.entries(subjects)) ticketIds[key] = await newTicket(page, subject);
    await age(ticketIds.warning as string, 50); // 10 min left of 60: past the 80 % warning time
    await age(ticketIds.breached as string, 70); // 10 min late

    // Pending: the clock stops.
    await page.goto(`${webUrl}/w/${slug}/desk/${ticketIds.paused}`);
    await page.getByLabel("Status", { exact: true }).selectOption("PENDING");
    await page.getByText("Status set to Pending.").waitFor();
    const pausedBadge = page.locator("header [data-sla-state]");
    await expect.poll(() => pausedBadge.getAttribute("data-sla-state")).toBe("paused");
    expect(await pausedBadge.textContent()).toBe("First response paused while the ticket is pending");

    // Answered: the chip moves on to the resolution target.
    await page.goto(`${webUrl}/w/${slug}/desk/${ticketIds.resolution}`);
    await page.getByLabel(/^Reply to/).fill("We're on it: the refund is on its way.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Reply sent.").waitFor();
    const resolutionBadge = page.locator("header [data-sla-state]");
    await expect.poll(() => resolutionBadge.getAttribute("data-sla-target")).toBe("resolution");
    expect(await resolutionBadge.textContent()).toMatch(/^Resolution due in (7h 5\dm|8h 0m)$/);
    expect(await resolutionBadge.getAttribute("data-sla-state")).toBe("ok");

    await page.goto(`${webUrl}/w/${slug}/desk/${ticketIds.warning}`);
    const warningBadge = page.locator("header [data-sla-state]");
    await warningBadge.waitFor();
    expect(await warningBadge.getAttribute("data-sla-state")).toBe("warning");
    expect(await warningBadge.textContent()).toMatch(/^First response due soon: (9|10) min left$/);
    await screenshot(page, "desk-sla-05-detail-warning");

    // The list: one chip per ticket, its target and state in words (not only in colour).
    await page.goto(`${webUrl}/w/${slug}/desk`);
    const expected: Record<string, { state: string; text: RegExp }> = {
      ok: { state: "ok", text: /^Response · (59 min|1h 0m)$/ },
      warning: { state: "warning", text: /^Response · (9|10) min left$/ },
      breached: { state: "breached", text: /^Response · (9|10|11) min overdue$/ },
      paused: { state: "paused", text: /^Response · paused$/ },
      resolution: { state: "ok", text: /^Resolution · (7h 5\dm|8h 0m)$/ },
    };
    for (const [key, want] of Object.entries(expected)) {
      const chip = listChip(page, subjects[key as keyof typeof subjects]);
      await chip.waitFor();
      expect(await chip.getAttribute("data-sla-state"), key).toBe(want.state);
      expect((await chip.locator("span[aria-hidden]").textContent()) ?? "", key).toMatch(want.text);
      // Screen readers and the tooltip get the whole sentence.
      expect(await chip.getAttribute("title"), key).toMatch(/^(First response|Resolution) /);
    }
    await screenshot(page, "desk-sla-06-list");
    await page.context().close();

    for (const [name, options] of [
      ["dark", { colorScheme: "dark" as const }],
      ["phone", { viewport: phone }],
    ] as const) {
      const other = await signedInPage(browser, "agent@acme.test", options);
      await other.goto(`${webUrl}/w/${slug}/desk`);
      await listChip(other, subjects.breached).waitFor();
      await screenshot(other, `desk-sla-07-list-${name}`);
      await other.goto(`${webUrl}/w/${slug}/desk/${ticketIds.breached}`);
      await other.locator("header [data-sla-state]").waitFor();
      await screenshot(other, `desk-sla-08-detail-${name}`);
      await other.context().close();
    }

    // Arabic, right to left (the agent's own language; put back afterwards: others share the account).
    await db.user.update({ where: { email: "agent@acme.test" }, data: { locale: "ar" } });
    try {
      const arabic = await signedInPage(browser, "agent@acme.test", { viewport: phone });
      await arabic.goto(`${webUrl}/w/${slug}/desk`);
      const paused = listChip(arabic, subjects.paused);
      await paused.waitFor();
      expect(await arabic.locator("html").getAttribute("dir")).toBe("rtl");
      expect(await paused.getAttribute("title")).toBe("الرد الأول متوقف مؤقتًا ما دامت التذكرة قيد الانتظار");
      await screenshot(arabic, "desk-sla-10-list-ar");
      await arabic.context().close();
    } finally {
      await db.user.update({ where: { email: "agent@acme.test" }, data: { locale: "en" } });
    }
  }, 240_000);

  it("the worker records the breach and runs the policy's escalation once, shown in the activity", async () => {
    const page = await signedInPage(browser, "agent@acme.test");
    // desk.sla-check runs every minute: the breached ticket escalates (tag + a notice to the agent),
    // the ticket at risk gets the warning rule's tag.
    const breached = ticketIds.breached as string;
    await expect
      .poll(async () => (await db.ticket.findUniqueOrThrow({ where: { id: breached } })).tags, {
        timeout: 150_000,
        interval: 5_000,
      })
      .toEqual(["escalated"]);
    await expect
      .poll(
        async () => (await db.ticket.findUniqueOrThrow({ where: { id: ticketIds.warning as string } })).tags,
        {
          timeout: 30_000,
          interval: 2_000,
        },
      )
      .toEqual(["sla-risk"]);
    await page.goto(`${webUrl}/w/${slug}/desk/${breached}`);
    await page.getByText("SLA breached: the first response deadline passed").waitFor();
    await page.getByText("Escalation at the breach ran 2 actions").waitFor();
    expect(await page.locator("header [data-sla-state]").getAttribute("data-sla-state")).toBe("breached");
    const notice = await db.notification.findFirst({
      where: { user: { email: "agent@acme.test" }, title: { startsWith: "Escalation: SLA breached" } },
    });
    expect(notice?.link).toBe(`/w/${slug}/desk/${breached}`);
    expect(await db.slaEscalation.count({ where: { ticketId: breached } })).toBe(1);
    await screenshot(page, "desk-sla-09-escalated");
    await page.context().close();
  }, 200_000);
});
