import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Desk automation: an owner builds a rule in the rule builder, an agent's new ticket triggers it in
// the worker, and the execution log shows the run. The rule only matches this run's subject and is
// deleted at the end, so the other desk e2e files sharing the demo workspace are unaffected.

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const token = `auto${run}`;
const ruleName = `Escalate ${token}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("desk automation", () => {
  it("an owner builds a rule, a new ticket triggers it, the log shows the run", async () => {
    const page = await signedInPage(browser, "owner@acme.test");
    await page.goto(`${webUrl}/w/acme/desk/settings/automation`);
    await page.getByRole("heading", { name: "Automation", exact: true }).waitFor();
    await page.getByRole("button", { name: "New rule" }).first().waitFor(); // loaded (list or empty state)
    await screenshot(page, "desk-automation-01-list");

    await page.getByRole("button", { name: "New rule" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New automation rule" });
    await dialog.getByLabel("Name").fill(ruleName);
    await dialog.getByLabel("Trigger").selectOption("ticket.created");

    // The operator select offers only what fits the field, and the value input follows the field.
    await dialog.getByRole("button", { name: "Add condition" }).click();
    const operator = dialog.getByLabel("Operator");
    const offered = () =>
      operator.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await dialog.getByLabel("Field", { exact: true }).selectOption("status");
    expect(await offered()).toEqual(["equals", "not_equals", "in", "not_in"]);
    expect(await dialog.getByLabel("Value").evaluate((el) => el.tagName)).toBe("SELECT");
    await operator.selectOption("not_equals");
    await dialog.getByLabel("Field", { exact: true }).selectOption("hoursSinceCreated");
    expect(await offered()).toEqual(["greater_than", "less_than", "equals", "not_equals"]);
    expect(await operator.inputValue()).toBe("not_equals"); // still fits: kept
    expect(await dialog.getByLabel("Value").getAttribute("type")).toBe("number");
    await dialog.getByLabel("Field", { exact: true }).selectOption("tags");
    expect(await operator.inputValue()).toBe("contains"); // didn't fit: reset to the field's first
    expect(await offered()).not.toContain("equals");

    // A condition with a catastrophic regex is refused under its value field.
    await dialog.getByLabel("Field", { exact: true }).selectOption("subject");
    await dialog.getByLabel("Operator").selectOption("matches");
    await dialog.getByLabel("Value").fill("(a+)+$");
    await dialog.getByLabel("Action", { exact: true }).selectOption("set_priority");
    await dialog.getByLabel("Priority").selectOption("URGENT");
    await dialog.getByRole("button", { name: "Add action" }).click();
    await dialog.getByLabel("Action", { exact: true }).nth(1).selectOption("add_tag");
    await dialog.getByLabel("Tag").fill(token);
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await dialog.getByText(/Nested repetition like \(a\+\)\+/).waitFor();
    await dialog.getByText("Check the highlighted fields.").waitFor();
    await screenshot(page, "desk-automation-02-editor-error");

    // Fixed: a plain "contains" on this run's token. The rest of the form was kept.
    await dialog.getByLabel("Operator").selectOption("contains");
    await dialog.getByLabel("Value").fill(token);
    expect(await dialog.getByLabel("Tag").inputValue()).toBe(token);
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await page.getByText(`Rule “${ruleName}” created`).waitFor();
    const ruleRow = page.getByRole("listitem").filter({ hasText: ruleName });
    await ruleRow.getByRole("switch", { name: `Turn ${ruleName} on` }).waitFor();
    expect(await ruleRow.getByRole("switch").getAttribute("aria-checked")).toBe("true");

    // An agent opens a matching ticket; the worker runs the rule.
    const agent = await signedInPage(browser, "agent@acme.test");
    await agent.goto(`${webUrl}/w/acme/desk`);
    await agent.getByRole("button", { name: "New ticket" }).first().click();
    await agent.getByLabel("Requester email").fill(`${token}@example.test`);
    await agent.getByLabel("Subject").fill(`Invoice question ${token}`);
    await agent.getByLabel("Description").fill("Where is my invoice?");
    await agent.getByLabel("Priority", { exact: true }).selectOption("LOW");
    await agent.getByRole("button", { name: "Create ticket" }).click();
    await agent.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const ticketUrl = agent.url();
    await expect
      .poll(
        async () => {
          await agent.goto(ticketUrl);
          await agent.getByRole("heading", { name: `Invoice question ${token}` }).waitFor();
          return agent.getByText(/changed priority from Low to Urgent/).count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    await screenshot(agent, "desk-automation-03-ticket-after-rule");
    await agent.context().close();

    // The list shows one run; the log links the ticket.
    await page.reload();
    await ruleRow.getByText("1", { exact: true }).waitFor();
    await ruleRow.getByRole("button", { name: `Actions for ${ruleName}` }).click();
    await page.getByRole("menuitem", { name: "Execution log" }).click();
    const log = page.getByRole("dialog", { name: `Runs of “${ruleName}”` });
    await log.getByText("Ran", { exact: true }).waitFor();
    await log.getByRole("link", { name: new RegExp(`Invoice question ${token}`) }).waitFor();
    await log.getByText("Set priority").waitFor();
    await screenshot(page, "desk-automation-04-log");
    await page.keyboard.press("Escape");

    // Turning it off is immediate.
    await ruleRow.getByRole("switch").click();
    await page.getByText(`“${ruleName}” is off`).waitFor();
    expect(await ruleRow.getByRole("switch").getAttribute("aria-checked")).toBe("false");

    // Phone size and dark theme, then clean up.
    const phone = await signedInPage(browser, "owner@acme.test", {
      viewport: { width: 390, height: 844 },
      colorScheme: "dark",
    });
    await phone.goto(`${webUrl}/w/acme/desk/settings/automation`);
    await phone.getByRole("listitem").filter({ hasText: ruleName }).waitFor();
    await screenshot(phone, "desk-automation-05-phone-dark");
    await phone
      .getByRole("listitem")
      .filter({ hasText: ruleName })
      .getByRole("button", { name: ruleName, exact: true })
      .click();
    await phone.getByRole("dialog", { name: `Edit “${ruleName}”` }).waitFor();
    await screenshot(phone, "desk-automation-06-editor-phone-dark");
    await phone.context().close();

    await ruleRow.getByRole("button", { name: `Actions for ${ruleName}` }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Delete rule" }).click();
    await page.getByText("Rule deleted").waitFor();
    await ruleRow.waitFor({ state: "detached" });
    await page.context().close();
  });
});
