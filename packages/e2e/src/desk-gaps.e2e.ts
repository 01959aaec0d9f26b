import { signInboundEmail } from "@quartet/core/desk/mail/email-inbound.signature";
import pg from "pg";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signIn } from "./harness/browser.ts";
import { waitForMail } from "./harness/mail.ts";

// The user-visible gaps of the Desk, end to end on the real servers: files of a ticket's first
// mail in the agent view, an agent answering from their own mail client, customers attaching
// files in the help center, a merged request's link to the survivor, and help-center search
// snippets without markdown.

const { webUrl, databaseUrl, inboundEmailSecret } = inject("e2e");
const run = Date.now().toString(36);
const inbox = "acme@inbound.quartet.local";
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface MailFile {
  name: string;
  type: string;
  body: Buffer;
}

/** A raw RFC 5322 message (multipart/mixed when it has files), as a mail client sends it. */
function rawMail(mail: {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  text: string;
  files?: MailFile[];
}): Buffer {
  const headers = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Message-ID: ${mail.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    ...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`, `References: ${mail.inReplyTo}`] : []),
  ];
  const textPart = [
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    mail.text,
  ];
  if (!mail.files?.length) return Buffer.from([...headers, ...textPart].join("\r\n"));
  const boundary = `----gap${run}${Math.random().toString(36).slice(2)}`;
  const parts = [textPart.join("\r\n")];
  for (const f of mail.files) {
    const base64 = f.body.toString("base64").replace(/.{76}/g, "$&\r\n");
    parts.push(
      [
        `Content-Type: ${f.type}; name="${f.name}"`,
        `Content-Disposition: attachment; filename="${f.name}"`,
        "Content-Transfer-Encoding: base64",
        "",
        base64,
      ].join("\r\n"),
    );
  }
  const body = `${parts.map((p) => `--${boundary}\r\n${p}`).join("\r\n")}\r\n--${boundary}--\r\n`;
  return Buffer.from(
    [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", body].join("\r\n"),
  );
}

/** Posts a mail to the web server's inbound hook, signed as the relay signs it. */
async function deliver(raw: Buffer): Promise<{ outcome: string; ticketId?: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`${webUrl}/hooks/desk/inbound-email`, {
    method: "POST",
    headers: {
      "content-type": "message/rfc822",
      "x-quartet-timestamp": String(timestamp),
      "x-quartet-signature": signInboundEmail(inboundEmailSecret, timestamp, raw),
    },
    body: new Uint8Array(raw),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as { outcome: string; ticketId?: string };
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A signed-in page in light, dark or Arabic, at desktop or phone width. Arabic is the account's
 * own language (it wins over the device's once signed in): the caller puts English back.
 */
async function agentPage(
  email: string,
  look: { lang?: "ar"; theme?: "dark"; viewport?: BrowserContextOptions["viewport"] } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: look.viewport ?? desktop, deviceScaleFactor: 1 });
  if (look.theme) await context.addInitScript(() => localStorage.setItem("quartet.theme", "dark"));
  const page = await context.newPage();
  if (look.lang) await query("UPDATE users SET locale = $1 WHERE email = $2", [look.lang, email]);
  await signIn(page, email);
  return page;
}

describe("Desk gaps: mail in, files and agents' mailed replies", () => {
  it("shows the files of a ticket's first mail to the agent, and records an agent's mailed reply as theirs", async () => {
    const customer = `mia-${run}@example.test`;
    const subject = `Router keeps rebooting ${run}`;
    const openId = `<open-${run}@example.test>`;
    const receipt = Buffer.from(`%PDF-1.4\nreceipt ${run}\n`);
    const created = await deliver(
      rawMail({
        from: `Mia Mail <${customer}>`,
        to: inbox,
        subject,
        messageId: openId,
        text: "My router reboots every ten minutes. Receipt and log attached.",
        files: [
          { name: "receipt.pdf", type: "application/pdf", body: receipt },
          { name: "router-log.txt", type: "text/plain", body: Buffer.from("reboot\nreboot\n") },
        ],
      }),
    );
    expect(created.outcome).toBe("created");
    const ticketUrl = `${webUrl}/w/acme/desk/${created.ticketId}`;

    const page = await agentPage("agent@acme.test");
    await page.goto(ticketUrl);
    await page.getByRole("heading", { name: subject }).waitFor();
    const first = page.getByRole("article").filter({ hasText: "My router reboots every ten minutes." });
    const files = first.getByRole("list", { name: "Attached files" });
    await files.getByRole("link", { name: /receipt\.pdf/ }).waitFor();
    await files.getByRole("link", { name: /router-log\.txt/ }).waitFor();
    // The link downloads the file itself (with the agent's session).
    const href = await files.getByRole("link", { name: /receipt\.pdf/ }).getAttribute("href");
    const download = await page.request.get(`${webUrl}${href}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(receipt)).toBe(true);

    // The agent answers from their own mail client, quoting the customer.
    const replied = await deliver(
      rawMail({
        from: "Aziz Agent <agent@acme.test>",
        to: inbox,
        subject: `Re: ${subject}`,
        messageId: `<agent-${run}@mail.acme.test>`,
        inReplyTo: openId,
        text: `Please update the firmware to 2.4 and restart it.\n\nOn Monday, Mia wrote:\n> My router reboots every ten minutes.`,
      }),
    );
    expect(replied).toEqual({ outcome: "replied", ticketId: created.ticketId });
    await page.reload();
    const answer = page.getByRole("article").filter({ hasText: "Please update the firmware to 2.4" });
    await answer.getByText("Aziz Agent").waitFor();
    expect(await answer.getByText("Customer", { exact: true }).count()).toBe(0);
    expect(await answer.textContent()).not.toContain("Mia wrote");
    await page.getByText("First response", { exact: true }).waitFor();
    // The customer receives it from the desk, threaded on their request.
    const mailed = await waitForMail(databaseUrl, customer, /^Re: \[#\d+\]/);
    expect(mailed.text).toContain("Please update the firmware to 2.4");
    await screenshot(page, "gaps-01-ticket-first-mail-files");

    for (const [name, look] of [
      ["gaps-02-ticket-files-dark", { theme: "dark" }],
      ["gaps-03-ticket-files-ar", { lang: "ar" }],
      ["gaps-04-ticket-files-phone", { viewport: phone }],
    ] as const) {
      const other = await agentPage("agent@acme.test", look);
      await other.goto(ticketUrl);
      await other.getByRole("link", { name: /receipt\.pdf/ }).waitFor();
      if ("lang" in look) await expect.poll(() => other.locator("html").getAttribute("dir")).toBe("rtl");
      await screenshot(other, name);
      await other.context().close();
      if ("lang" in look) await query("UPDATE users SET locale = 'en' WHERE email = 'agent@acme.test'");
    }
    await page.context().close();
  });
});

describe("Desk gaps: customers' files and merged requests in the help center", () => {
  it("a customer attaches files to the contact form and a reply (limits shown), the agent sees them, a merge links to the survivor", async () => {
    const email = `cam-${run}@example.test`;
    const subject = `Damaged parcel ${run}`;
    const context = await browser.newContext({ viewport: phone, deviceScaleFactor: 2 });
    const page = await context.newPage();

    // 1. The contact form with a photo.
    await page.goto(`${webUrl}/help/acme/contact`);
    await page.getByLabel("Your name").fill("Cam Customer");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("How can we help?").fill("The parcel arrived crushed; photo attached.");
    await page.getByTestId("composer-file-input").setInputFiles({
      name: "parcel.png",
      mimeType: "image/png",
      buffer: Buffer.from("fake png bytes"),
    });
    const pending = page.getByRole("list", { name: "Files to send" });
    await pending.getByText("parcel.png").waitFor();
    await pending.getByText(/\d+ B/).waitFor();
    await screenshot(page, "gaps-05-contact-files-phone");
    await page.getByRole("button", { name: "Send message" }).click();
    await page.getByRole("heading", { name: "Message sent" }).waitFor();
    const number = Number((await page.getByTestId("ticket-number").textContent())?.replace("#", ""));

    // 2. The emailed link: the photo is on the first message; a reply with files.
    const ack = await waitForMail(databaseUrl, email, new RegExp(`^\\[#${number}\\]`));
    const link = ack.text.match(new RegExp(`${webUrl}/help/acme/tickets/\\S+`))?.[0] ?? "";
    await page.goto(link);
    await page.getByRole("heading", { name: subject }).waitFor();
    await page.getByRole("link", { name: /parcel\.png/ }).waitFor();

    const input = page.getByTestId("composer-file-input");
    await input.setInputFiles([
      { name: "label.txt", mimeType: "text/plain", buffer: Buffer.from("tracking 123") },
      { name: "run.sh", mimeType: "text/plain", buffer: Buffer.from("rm -rf /") },
      { name: "huge.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(10 * 1024 * 1024 + 1) },
    ]);
    const files = page.getByRole("list", { name: "Files to send" });
    await files.getByText("Larger than 10 MB").waitFor();
    await files.getByText("run.sh: programs and scripts can't be attached.").waitFor();
    await expect.poll(() => files.getByText("label.txt").count()).toBe(1);
    await page.getByLabel("Reply", { exact: true }).fill("Here is the shipping label.");
    await screenshot(page, "gaps-06-portal-reply-files-phone");
    for (const name of ["run.sh", "huge.bin"])
      await page.getByRole("button", { name: `Remove ${name}` }).click();
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Reply sent. We'll get back to you soon.").waitFor();
    const sent = page.getByRole("listitem").filter({ hasText: "Here is the shipping label." });
    const labelLink = sent.getByRole("link", { name: /label\.txt/ });
    await labelLink.waitFor();
    const dl = await page.request.get(`${webUrl}${await labelLink.getAttribute("href")}`);
    expect(await dl.text()).toBe("tracking 123");
    expect(await page.getByRole("list", { name: "Files to send" }).count()).toBe(0);

    // 3. The agent sees both files where they were sent.
    const [ticket] = await query<{ id: string }>(
      "SELECT t.id FROM tickets t JOIN organizations o ON o.id = t.organization_id WHERE o.slug = 'acme' AND t.number = $1",
      [number],
    );
    const agent = await agentPage("agent@acme.test");
    await agent.goto(`${webUrl}/w/acme/desk/${ticket?.id}`);
    await agent
      .getByRole("article")
      .filter({ hasText: "The parcel arrived crushed" })
      .getByRole("link", { name: /parcel\.png/ })
      .waitFor();
    await agent
      .getByRole("article")
      .filter({ hasText: "Here is the shipping label." })
      .getByRole("link", { name: /label\.txt/ })
      .waitFor();

    // 4. Merged into another request of the same customer: the page links to it.
    await page.goto(`${webUrl}/help/acme/contact`);
    await page.getByLabel("Your name").fill("Cam Customer");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Subject").fill(`Refund for the parcel ${run}`);
    await page.getByLabel("How can we help?").fill("I would like a refund for the damaged parcel.");
    await page.getByRole("button", { name: "Send message" }).click();
    const survivorNumber = Number((await page.getByTestId("ticket-number").textContent())?.replace("#", ""));
    await agent.goto(`${webUrl}/w/acme/desk/${ticket?.id}`);
    await agent.getByRole("button", { name: "Merge", exact: true }).click();
    await agent.getByLabel("Ticket to keep").fill(`#${survivorNumber}`);
    await agent
      .getByRole("button", { name: new RegExp(`#${survivorNumber}.*Refund for the parcel`) })
      .click();
    await agent.getByRole("button", { name: `Merge into #${survivorNumber}` }).click();
    // The merge opens the ticket kept; the merged one says where it went.
    await agent.waitForURL((url) => !url.pathname.endsWith(`/${ticket?.id}`));
    await agent.goto(`${webUrl}/w/acme/desk/${ticket?.id}`);
    await agent.getByText(`This ticket was merged into #${survivorNumber}.`).waitFor();

    await page.goto(link);
    await page.getByText(`This request was merged into #${survivorNumber}`).waitFor();
    await screenshot(page, "gaps-07-portal-merged-phone");
    await page.getByRole("link", { name: `Open request #${survivorNumber}` }).click();
    await page.getByRole("heading", { name: `Refund for the parcel ${run}` }).waitFor();
    await page.getByText("Here is the shipping label.").waitFor();
    await page.getByLabel("Reply", { exact: true }).waitFor();

    for (const [name, look] of [
      ["gaps-08-portal-merged-dark", { theme: "dark" }],
      ["gaps-09-portal-merged-ar", { lang: "ar" }],
    ] as const) {
      const other = await browser.newContext({ viewport: desktop });
      await other.addInitScript(
        ([lang, theme]) => {
          if (lang) localStorage.setItem("quartet.lang", lang);
          if (theme) localStorage.setItem("quartet.theme", theme);
        },
        ["lang" in look ? look.lang : "", "theme" in look ? look.theme : ""],
      );
      const p = await other.newPage();
      await p.goto(link);
      await p
        .getByRole("link", { name: /label\.txt/ })
        .or(p.getByRole("link", { name: /parcel\.png/ }))
        .first()
        .waitFor();
      await screenshot(p, name);
      await other.close();
    }
    await agent.context().close();
    await context.close();
  });

  it("help-center search snippets show the article's words, not its markdown", async () => {
    const word = `zephyr${run}`;
    const [org] = await query<{ id: string }>("SELECT id FROM organizations WHERE slug = 'acme'");
    const [category] = await query<{ id: string }>(
      `INSERT INTO kb_categories (id, organization_id, name, slug, updated_at)
       VALUES (gen_random_uuid(), $1, 'Snippets', $2, now()) RETURNING id`,
      [org?.id, `snippets-${run}`],
    );
    await query(
      `INSERT INTO kb_articles (id, organization_id, category_id, title, slug, content, content_html, status,
                                published_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'Pair the remote', $3, $4, '<p>x</p>', 'PUBLISHED', now(), now())`,
      [
        org?.id,
        category?.id,
        `pair-the-remote-${run}`,
        `## Pairing\n\nHold **OK** and open [the ${word} settings](https://example.test/settings) for *five* seconds.`,
      ],
    );
    const context = await browser.newContext({ viewport: desktop });
    const page = await context.newPage();
    await page.goto(`${webUrl}/help/acme/search?q=${word}`);
    const hit = page.getByRole("link", { name: /Pair the remote/ });
    await hit.waitFor();
    const card = page.getByRole("listitem").filter({ has: hit });
    await card.locator("mark", { hasText: word }).waitFor();
    const text = (await card.textContent()) ?? "";
    expect(text).toContain(`Hold OK and open the ${word} settings for five seconds`);
    for (const raw of ["**", "##", "](", "https://example.test"]) expect(text).not.toContain(raw);
    await screenshot(page, "gaps-10-search-snippet");
    await context.close();
  });
});
