import pg from "pg";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signIn } from "./harness/browser.ts";
import { waitForMail } from "./harness/mail.ts";

// The customer journey through the public help center: read and rate an article, contact the
// team (with suggestions while typing), follow the emailed link and reply, then rate the help
// once the agent resolves it. The agent side runs in the real Desk UI as agent@acme.test.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const customer = { name: "Robin Reader", email: `robin-${run}@example.test` };
const subject = `Cannot export invoices ${run}`;
const articleSlug = `export-invoices-${run}`;
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

let browser: Browser;

/** A published article in acme's knowledge base (the KB editor is covered by its own e2e). */
async function seedArticle() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const org = await client.query<{ id: string }>("SELECT id FROM organizations WHERE slug = 'acme'");
    const orgId = org.rows[0]?.id;
    if (!orgId) throw new Error("demo workspace acme missing");
    const category = await client.query<{ id: string }>(
      `INSERT INTO kb_categories (id, organization_id, name, slug, description, updated_at)
       VALUES (gen_random_uuid(), $1, 'Billing', $2, 'Invoices, payments and plans', now())
       RETURNING id`,
      [orgId, `billing-${run}`],
    );
    await client.query(
      `INSERT INTO kb_articles (id, organization_id, category_id, title, slug, content, content_html, excerpt,
                                status, published_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'Export your invoices as CSV', $3, $4, $5,
               'Download every invoice of a period in one file.', 'PUBLISHED', now(), now())`,
      [
        orgId,
        category.rows[0]?.id,
        articleSlug,
        "Open Billing, choose Invoices, then Export. Pick a period and the CSV downloads.",
        "<h2>Export</h2><p>Open <strong>Billing</strong>, choose <em>Invoices</em>, then <strong>Export</strong>.</p>" +
          "<ol><li>Pick a period.</li><li>Click <code>Download CSV</code>.</li></ol>" +
          "<blockquote>Large exports are emailed to you instead.</blockquote>",
      ],
    );
  } finally {
    await client.end();
  }
}

/** The customer-facing link of a given kind in a mail's text part. */
function customerLink(mail: { text: string }, kind: "ticket" | "feedback"): string {
  const links = mail.text.match(new RegExp(`${webUrl}/help/acme/tickets/\\S+`, "g")) ?? [];
  const link = links.find((l) =>
    kind === "feedback" ? l.includes("/feedback?") : !l.includes("/feedback?"),
  );
  if (!link) throw new Error(`no ${kind} link in mail:\n${mail.text}`);
  return link;
}

beforeAll(async () => {
  browser = await launchBrowser();
  await seedArticle();
});
afterAll(async () => {
  await browser?.close();
});

describe("the public help center", () => {
  it("a visitor browses, searches, reads and rates an article; bad links say so", async () => {
    const context = await browser.newContext({ viewport: desktop });
    const page = await context.newPage();
    await page.goto(`${webUrl}/help/acme`);
    await page.getByRole("heading", { name: "Browse by topic" }).waitFor();
    await page.getByRole("link", { name: /Billing/ }).waitFor();
    await screenshot(page, "help-01-home");

    await page.getByLabel("Search the help center").fill("invoices");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/help\/acme\/search\?q=invoices/);
    const hit = page.getByRole("link", { name: /Export your invoices as CSV/ });
    await hit.locator("mark").first().waitFor();
    await screenshot(page, "help-02-search");

    await hit.click();
    await page.getByRole("heading", { name: "Export your invoices as CSV", level: 1 }).waitFor();
    await page
      .getByRole("navigation", { name: "Breadcrumbs" })
      .getByRole("link", { name: "Billing" })
      .waitFor();
    await page.getByRole("button", { name: "Yes" }).click();
    await page.getByText("Thanks for your feedback! Glad it helped.").waitFor();
    await screenshot(page, "help-03-article");

    // The vote is remembered for this visitor.
    await page.reload();
    await page.getByText("Thanks for your feedback! Glad it helped.").waitFor();

    // Nothing in the search: an empty state pointing to the contact form.
    await page.goto(`${webUrl}/help/acme/search?q=zzqqxx`);
    await page.getByText("No articles match your search").waitFor();
    await page.getByRole("main").getByRole("link", { name: "Contact us" }).waitFor();

    // On a wide screen the contact form's suggestions sit beside it.
    await page.getByRole("main").getByRole("link", { name: "Contact us" }).click();
    await page.getByLabel("Subject").fill("How to export invoices");
    await page
      .getByRole("complementary")
      .getByRole("link", { name: "Export your invoices as CSV" })
      .waitFor();
    await screenshot(page, "help-03b-contact-desktop");

    // A forged ticket link and an unknown help center are "not found", not errors.
    await page.goto(`${webUrl}/help/acme/tickets/00000000-0000-4000-8000-000000000000?token=forged`);
    await page.getByRole("heading", { name: "This link doesn't work" }).waitFor();
    await page.goto(`${webUrl}/help/no-such-workspace`);
    await page.getByRole("heading", { name: "This help center doesn't exist" }).waitFor();
    await context.close();
  });

  it("is right-to-left in Arabic and readable in the dark on a phone", async () => {
    const context = await browser.newContext({ viewport: phone, deviceScaleFactor: 2 });
    await context.addInitScript(() => {
      localStorage.setItem("quartet.lang", "ar");
      localStorage.setItem("quartet.theme", "dark");
    });
    const page = await context.newPage();
    await page.goto(`${webUrl}/help/acme`);
    await page.getByRole("heading", { name: "تصفّح حسب الموضوع" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await screenshot(page, "help-04-home-ar-dark-phone");
    await page.goto(`${webUrl}/help/acme/articles/${articleSlug}`);
    await page.getByRole("heading", { name: "Export your invoices as CSV", level: 1 }).waitFor();
    await screenshot(page, "help-05-article-ar-dark-phone");
    await context.close();
  });
});

describe("the customer journey: contact form → agent reply → customer reply → resolved → CSAT", () => {
  let customerContext: BrowserContext;
  let agentContext: BrowserContext;

  beforeAll(async () => {
    customerContext = await browser.newContext({ viewport: phone, deviceScaleFactor: 2 });
    agentContext = await browser.newContext({ viewport: desktop });
  });
  afterAll(async () => {
    await customerContext?.close();
    await agentContext?.close();
  });

  it("goes round the whole loop in the real apps, with the mails in between", async () => {
    // 1. The customer writes in; empty fields are named, suggestions appear while typing.
    const customerPage = await customerContext.newPage();
    await customerPage.goto(`${webUrl}/help/acme/contact`);
    await customerPage.getByRole("heading", { name: "Contact us", level: 1 }).waitFor();
    await customerPage.getByRole("button", { name: "Send message" }).click();
    await customerPage.getByText("Tell us your name.").waitFor();
    await customerPage.getByText("Enter your email address.").waitFor();
    await customerPage.getByLabel("Your name").fill(customer.name);
    await customerPage.getByLabel("Email address").fill(customer.email);
    await customerPage.getByLabel("Subject").fill(subject);
    await customerPage
      .getByLabel("How can we help?")
      .pressSequentially("The export of my invoi", { delay: 10 });
    await customerPage.getByText("These articles might answer your question").waitFor();
    await customerPage.getByRole("link", { name: "Export your invoices as CSV" }).waitFor();
    await customerPage
      .getByLabel("How can we help?")
      .fill("The export of my invoices spins forever and never downloads.");
    await screenshot(customerPage, "help-06-contact-phone");
    await customerPage.getByRole("button", { name: "Send message" }).click();
    await customerPage.getByRole("heading", { name: "Message sent" }).waitFor();
    const number = Number((await customerPage.getByTestId("ticket-number").textContent())?.replace("#", ""));
    expect(number).toBeGreaterThan(0);
    await screenshot(customerPage, "help-07-contact-sent-phone");

    // The acknowledgement mail carries the secure link.
    const ack = await waitForMail(databaseUrl, customer.email, new RegExp(`^\\[#${number}\\]`));
    const ticketLink = customerLink(ack, "ticket");

    // 2. The agent finds it in the Desk and replies.
    const agentPage = await agentContext.newPage();
    await signIn(agentPage, "agent@acme.test");
    await agentPage.goto(`${webUrl}/w/acme/desk`);
    await agentPage.getByRole("link", { name: subject }).click();
    await agentPage.getByRole("heading", { name: subject }).waitFor();
    const agentReply = "Hi Robin, we fixed the export. Could you try again?";
    await agentPage.getByLabel(/^Reply to/).fill(agentReply);
    await agentPage.getByRole("button", { name: "Send reply" }).click();
    await agentPage.getByRole("article").filter({ hasText: agentReply }).waitFor();

    // 3. The reply arrives by mail; the customer follows the link and answers.
    const replyMail = await waitForMail(databaseUrl, customer.email, new RegExp(`^Re: \\[#${number}\\]`));
    expect(replyMail.text).toContain(agentReply);
    await customerPage.goto(customerLink(replyMail, "ticket"));
    await customerPage.getByRole("heading", { name: subject }).waitFor();
    await customerPage.getByText(agentReply).waitFor();
    expect(customerLink(replyMail, "ticket")).toBe(ticketLink);
    const customerReply = "It works now, thank you!";
    await customerPage.getByLabel("Reply", { exact: true }).fill(customerReply);
    await customerPage.getByRole("button", { name: "Send reply" }).click();
    await customerPage.getByText(customerReply).waitFor();
    await screenshot(customerPage, "help-08-ticket-phone");

    // 4. The agent sees the answer and resolves.
    await agentPage.reload();
    await agentPage.getByRole("article").filter({ hasText: customerReply }).waitFor();
    await agentPage.getByLabel("Status", { exact: true }).selectOption("RESOLVED");
    await agentPage.getByText("Status set to Resolved.").waitFor();

    // The customer's page now says a reply would reopen it.
    await customerPage.reload();
    await customerPage.getByText("This request is resolved").waitFor();
    await customerPage.getByRole("button", { name: "Reply and reopen" }).waitFor();

    // 5. The CSAT mail's link opens the survey; a rating is taken once.
    const csat = await waitForMail(
      databaseUrl,
      customer.email,
      new RegExp(`^\\[#${number}\\] How did we do`),
    );
    await customerPage.goto(customerLink(csat, "feedback"));
    await customerPage.getByRole("heading", { name: "How would you rate the help you received?" }).waitFor();
    await customerPage.getByRole("button", { name: "Send feedback" }).click();
    await customerPage.getByText("Choose a rating from 1 to 5.").waitFor();
    await customerPage.getByRole("radio", { name: /Great/ }).click();
    await customerPage.getByLabel(/Anything you'd like to add/).fill("Fast and friendly.");
    await screenshot(customerPage, "help-09-survey-phone");
    await customerPage.getByRole("button", { name: "Send feedback" }).click();
    await customerPage.getByRole("heading", { name: "Thank you!" }).waitFor();
    await customerPage.reload();
    await customerPage.getByRole("heading", { name: "You've already answered" }).waitFor();

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ rating: number; comment: string }>(
        `SELECT c.rating, c.comment FROM csat_responses c JOIN tickets t ON t.id = c.ticket_id
         JOIN organizations o ON o.id = t.organization_id WHERE o.slug = 'acme' AND t.number = $1`,
        [number],
      );
      expect(rows).toEqual([{ rating: 5, comment: "Fast and friendly." }]);
    } finally {
      await client.end();
    }
  });
});
