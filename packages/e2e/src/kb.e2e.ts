import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signIn } from "./harness/browser.ts";

// The knowledge base from the agent workspace to the public help center: the owner adds a
// category, writes an article in the markdown editor (live preview), saves it with Ctrl+S, moves
// it through review to published, and a visitor without an account finds it by a word of its
// body in the help-center search and reads the sanitized HTML.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const word = `quasar${run}`;
const title = `Recalibrate the flux dial ${run}`;
const categoryName = `Guides ${run}`;
const desktop = { width: 1280, height: 800 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("knowledge base: write, publish, find in the help center", () => {
  it("the owner writes and publishes an article; the public search finds it and shows its HTML", async () => {
    const context = await browser.newContext({ viewport: desktop, colorScheme: "dark" });
    const page = await context.newPage();
    await signIn(page, "owner@acme.test");

    await page.goto(`${webUrl}/w/acme/desk/kb`);
    await page.getByRole("heading", { name: "Knowledge base", exact: true }).waitFor();

    // A category, from the tree's admin controls.
    await page.getByRole("button", { name: "Add category" }).click();
    await page.getByLabel("Name").fill(categoryName);
    await page.getByRole("button", { name: "Create category" }).click();
    await page.getByText(`Category “${categoryName}” created.`).waitFor();
    const categories = page.getByRole("navigation", { name: "Categories" });
    await categories.getByRole("button", { name: new RegExp(`^${categoryName}`) }).click();

    // The editor, opened from the selected category.
    await page.getByRole("link", { name: "New article" }).first().click();
    await page.waitForURL(/\/desk\/kb\/articles\/new/);
    await page.getByLabel("Title", { exact: true }).fill(title);
    expect(await page.getByLabel("Category", { exact: true }).inputValue()).not.toBe("");
    await expect
      .poll(async () => page.getByLabel("Category", { exact: true }).locator("option:checked").textContent())
      .toBe(categoryName);
    const content = page.getByRole("textbox", { name: "Content", exact: true });
    await content.fill(
      [
        "## Steps",
        "",
        `Turn the dial to zero, then say ${word}.`,
        "",
        "| Mode | Time |",
        "| ---- | ---- |",
        "| Fast | 1 min |",
        "",
        '<script>window.__kbXss = 1</script><img src="x" onerror="window.__kbXss = 2">',
        "",
        "[Docs](javascript:alert(1))",
      ].join("\n"),
    );
    // Toolbar: select "dial" and make it bold with Ctrl+B.
    await content.evaluate((el: HTMLTextAreaElement) => {
      const at = el.value.indexOf("dial");
      el.focus();
      el.setSelectionRange(at, at + "dial".length);
    });
    await page.keyboard.press("Control+b");
    expect(await content.inputValue()).toContain("Turn the **dial** to zero");

    // The live preview is the server's sanitized rendering.
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.locator("strong", { hasText: "dial" }).waitFor();
    await preview.locator("table td", { hasText: "1 min" }).waitFor();
    expect(await preview.locator("script, img, a[href^='javascript']").count()).toBe(0);

    // Ctrl+S saves the draft and moves to its own address.
    await page.keyboard.press("Control+s");
    await page.waitForURL(/\/desk\/kb\/articles\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await page.getByText("All changes saved").waitFor();
    await screenshot(page, "kb-02-editor-dark");

    // Unsaved-changes guard: leaving with an edit asks first.
    await page.getByLabel("Title", { exact: true }).fill(`${title} (edited)`);
    await page.getByText("Unsaved changes").waitFor();
    await page.getByRole("link", { name: "Knowledge base" }).first().click();
    const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
    await leave.waitFor();
    await leave.getByRole("button", { name: "Cancel" }).click();
    await leave.waitFor({ state: "hidden" });
    expect(page.url()).toMatch(/\/desk\/kb\/articles\/[0-9a-f-]{36}$/);
    await page.getByLabel("Title", { exact: true }).fill(title);

    // Workflow: submit for review, then publish (an owner may do both).
    await page.getByRole("button", { name: "Submit for review" }).click();
    await page.getByText("Submitted for review.").waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Published to the help center.").waitFor();
    const helpLink = page.getByRole("link", { name: "View in help center" });
    await helpLink.waitFor();
    const href = await helpLink.getAttribute("href");
    expect(href).toMatch(/^\/help\/acme\/articles\/recalibrate-the-flux-dial-/);

    // The list shows it published, in its category.
    await page.getByRole("link", { name: "Knowledge base" }).first().click();
    await page.getByRole("heading", { name: "Knowledge base", exact: true }).waitFor();
    const row = page.getByRole("row").filter({ hasText: title });
    await row.getByText("Published", { exact: true }).waitFor();
    await row.getByRole("cell", { name: categoryName, exact: true }).waitFor();
    await screenshot(page, "kb-01-list-dark");

    // Phone: the editor shows Write / Preview tabs.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      colorScheme: "dark",
      storageState: await context.storageState(),
    });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${webUrl}${new URL(page.url()).pathname}`);
    await phonePage.getByRole("link", { name: title }).click();
    await phonePage.getByRole("tab", { name: "Preview" }).click();
    await phonePage.getByRole("region", { name: "Preview" }).locator("strong", { hasText: "dial" }).waitFor();
    await screenshot(phonePage, "kb-03-editor-phone-dark");
    await phone.close();
    await context.close();

    // A visitor without an account: search by a word of the body, open the article.
    const visitor = await browser.newContext({ viewport: desktop });
    const pub = await visitor.newPage();
    await pub.goto(`${webUrl}/help/acme/search?q=${word}`);
    const hit = pub.getByRole("link", { name: new RegExp(title) });
    await hit.waitFor({ timeout: 20_000 });
    await hit.click();
    await pub.getByRole("heading", { name: title, level: 1 }).waitFor();
    const body = pub.locator(".help-prose");
    await body.locator("h2", { hasText: "Steps" }).waitFor();
    await body.locator("strong", { hasText: "dial" }).waitFor();
    await body.locator("table td", { hasText: "1 min" }).waitFor();
    expect(await body.locator("script, img, a[href^='javascript']").count()).toBe(0);
    expect(await pub.evaluate(() => (window as { __kbXss?: number }).__kbXss)).toBeUndefined();
    await screenshot(pub, "kb-04-help-center-article");
    await visitor.close();
  });

  it("the owner sets the address and excerpt, publishes a draft in one step and deletes an article; agents can't", async () => {
    const context = await browser.newContext({ viewport: desktop });
    const page = await context.newPage();
    await signIn(page, "owner@acme.test");
    const slug = `warranty-${run}`;
    const newArticle = async (articleTitle: string, articleSlug: string) => {
      await page.goto(`${webUrl}/w/acme/desk/kb/articles/new`);
      await page.getByLabel("Title", { exact: true }).fill(articleTitle);
      await page.getByLabel("Address", { exact: true }).fill(articleSlug);
      await page
        .getByRole("textbox", { name: "Content", exact: true })
        .fill("## Claims\n\nSend the **receipt** with the serial number.");
    };

    // A slug is checked on the field, in plain words; the excerpt is optional.
    await newArticle(`Warranty claims ${run}`, "Warranty Claims!");
    await page.getByRole("button", { name: /^Save/ }).click();
    await page.getByText("Use lower-case letters, digits and single dashes (no spaces).").waitFor();
    await page.getByLabel("Address", { exact: true }).fill(slug);
    await page.getByLabel("Excerpt", { exact: true }).fill("Claim a repair or a replacement in three steps.");
    await page.getByText(`/help/acme/articles/${slug}`).waitFor();
    await page.getByRole("button", { name: /^Save/ }).click();
    await page.waitForURL(/\/desk\/kb\/articles\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const articleUrl = page.url();
    await page.getByText("All changes saved").waitFor();
    // An owner publishes the draft directly: no review step.
    expect(await page.getByRole("button", { name: "Submit for review" }).count()).toBe(1);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText("Published to the help center.").waitFor();
    expect(await page.getByRole("link", { name: "View in help center" }).getAttribute("href")).toBe(
      `/help/acme/articles/${slug}`,
    );
    await screenshot(page, "kb-05-editor-slug-excerpt");

    // A second article can't take the same address: the server says so under the field.
    const doomed = `Old warranty terms ${run}`;
    await newArticle(doomed, slug);
    await page.getByRole("button", { name: /^Save/ }).click();
    await page.getByText("This slug is already used by another article.").waitFor();
    expect(page.url()).toMatch(/\/articles\/new/);
    await page.getByLabel("Address", { exact: true }).fill(`old-${slug}`);
    await page.getByRole("button", { name: /^Save/ }).click();
    await page.waitForURL(/\/desk\/kb\/articles\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await page.getByText("All changes saved").waitFor();

    // Deleting asks first, naming the article; then it's gone from the list.
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: `Delete “${doomed}”?` });
    await dialog
      .getByText(`“${doomed}” will be deleted for good, with its views and votes.`, { exact: false })
      .waitFor();
    await screenshot(page, "kb-06-delete-confirm");
    await dialog.getByRole("button", { name: "Delete article" }).click();
    await page.getByText(`Article “${doomed}” deleted.`).waitFor();
    await page.waitForURL(/\/desk\/kb$/);
    await page.getByLabel("Search articles").fill(run);
    await page.getByRole("link", { name: `Warranty claims ${run}` }).waitFor();
    expect(await page.getByRole("link", { name: doomed }).count()).toBe(0);

    // The help center serves the chosen address.
    const visitor = await browser.newContext({ viewport: desktop });
    const pub = await visitor.newPage();
    await pub.goto(`${webUrl}/help/acme/articles/${slug}`);
    await pub.getByRole("heading", { name: `Warranty claims ${run}`, level: 1 }).waitFor();
    await visitor.close();

    // Dark, Arabic (the owner's own language) and phone.
    const owner = await context.storageState();
    for (const [name, options] of [
      ["kb-07-editor-fields-dark", { viewport: desktop, colorScheme: "dark" as const }],
      ["kb-08-editor-fields-phone", { viewport: { width: 390, height: 844 } }],
    ] as const) {
      const look = await browser.newContext({ ...options, storageState: owner });
      const p = await look.newPage();
      await p.goto(articleUrl);
      await p.getByLabel("Excerpt", { exact: true }).waitFor();
      await screenshot(p, name);
      await look.close();
    }
    const setLocale = async (locale: string) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query("UPDATE users SET locale = $1 WHERE email = 'owner@acme.test'", [locale]);
      await client.end();
    };
    await setLocale("ar");
    try {
      const arabic = await browser.newContext({ viewport: desktop, storageState: owner });
      const p = await arabic.newPage();
      await p.goto(articleUrl);
      await p.getByLabel("المقتطف", { exact: true }).waitFor();
      expect(await p.locator("html").getAttribute("dir")).toBe("rtl");
      await screenshot(p, "kb-09-editor-fields-ar");
      await arabic.close();
    } finally {
      await setLocale("en");
    }
    await context.close();

    // An agent submits drafts for review and deletes nothing.
    const agentContext = await browser.newContext({ viewport: desktop });
    const agent = await agentContext.newPage();
    await signIn(agent, "agent@acme.test");
    await agent.goto(`${webUrl}/w/acme/desk/kb/articles/new`);
    await agent.getByLabel("Title", { exact: true }).fill(`Agent draft ${run}`);
    await agent.keyboard.press("Control+s");
    await agent.waitForURL(/\/desk\/kb\/articles\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await agent.getByRole("button", { name: "Submit for review" }).waitFor();
    expect(await agent.getByRole("button", { name: "Publish", exact: true }).count()).toBe(0);
    expect(await agent.getByRole("button", { name: "Delete", exact: true }).count()).toBe(0);
    await agentContext.close();
  });
});
