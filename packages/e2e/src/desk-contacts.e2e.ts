import { readFile } from "node:fs/promises";
import pg from "pg";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signedInPage } from "./harness/browser.ts";

// Contacts in the Desk: an agent finds a customer by search, opens them, edits them (per-field
// errors from the server), merges their duplicate after a confirmation naming both, and pins,
// edits and deletes a note on one of their tickets. Screens are captured light, dark, in Arabic
// and on a phone.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const mainEmail = `dana-${run}@example.test`;
const dupEmail = `dana.work-${run}@example.test`;
const desktop = { width: 1366, height: 900 };
const phone = { width: 390, height: 844 };

let browser: Browser;
/** Shared by the steps below (they run in order, in one file). */
let ticketA = "";
let contactPath = "";
let agentState: BrowserContextOptions["storageState"];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a ticket through the "New ticket" dialog for `email`; returns its address. */
async function newTicket(page: Page, email: string, name: string, subject: string): Promise<string> {
  await page.goto(`${webUrl}/w/acme/desk?new=1`);
  await page.getByLabel("Requester email").fill(email);
  await page.getByLabel("Requester name").fill(name);
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill("Opened by the contacts e2e test.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await page.waitForURL(/\/w\/acme\/desk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await page.getByRole("heading", { name: subject }).waitFor();
  return new URL(page.url()).pathname;
}

/** The contacts list searched for `q`, waiting for the rows to match. */
async function searchContacts(page: Page, q: string) {
  const box = page.getByRole("searchbox", { name: "Search name, email or phone" });
  await box.fill(q);
  await page.waitForURL(new RegExp(`[?&]q=${encodeURIComponent(q).replace(/[.+]/g, "\\$&")}`));
}

async function screens(
  name: string,
  path: string,
  ready: (page: Page) => Promise<void>,
  storageState: BrowserContextOptions["storageState"],
) {
  for (const [suffix, options] of [
    ["dark", { viewport: desktop, colorScheme: "dark" }],
    ["phone", { viewport: phone, deviceScaleFactor: 2 }],
  ] as const) {
    const context = await browser.newContext({ ...options, storageState });
    const page = await context.newPage();
    await page.goto(`${webUrl}${path}`);
    await ready(page);
    await screenshot(page, `${name}-${suffix}`);
    await context.close();
  }
}

describe("desk contacts", () => {
  it("search, open, edit with per-field errors, merge after a confirmation naming both", {
    timeout: 300_000,
  }, async () => {
    const page = await signedInPage(browser, "agent@acme.test", { viewport: desktop });
    agentState = await page.context().storageState();
    ticketA = await newTicket(page, mainEmail, "Dana Duplicate", `Lost parcel ${run}`);
    await newTicket(page, dupEmail, "Dana at work", `Invoice copy ${run}`);

    // The Desk nav leads to Contacts; search by name finds both.
    await page.goto(`${webUrl}/w/acme/desk`);
    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await page.getByRole("heading", { name: "Contacts", exact: true }).waitFor();
    // A contact added by hand lands on its own page.
    await page.getByRole("button", { name: "New contact" }).click();
    const create = page.getByRole("dialog", { name: "New contact" });
    await create.getByLabel("Name").fill(`Sam Other ${run}`);
    await create.getByLabel("Email").fill(`sam-${run}@example.test`);
    await create.getByRole("button", { name: "Add contact" }).click();
    await page.getByRole("heading", { name: `Sam Other ${run}`, level: 1 }).waitFor();
    await page.getByRole("link", { name: "All contacts" }).click();

    await searchContacts(page, `dana`);
    const rows = page.getByRole("row").filter({ hasText: run });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await screenshot(page, "contacts-01-list");

    // Open the work address; its ticket is listed with a link to it.
    await page.getByRole("link", { name: "Dana at work" }).click();
    await page.waitForURL(/\/desk\/contacts\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Dana at work", level: 1 }).waitFor();
    contactPath = new URL(page.url()).pathname;
    await page.getByRole("link", { name: `Invoice copy ${run}` }).waitFor();

    // Edit: the server's zod message lands under the phone field; another contact's email under email.
    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: "Edit contact" });
    await edit.getByLabel("Phone").fill("call me maybe");
    await edit.getByLabel("Company").fill("Globex");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await edit.getByText("Use digits, spaces and + ( ) - . only.").waitFor();
    await edit.getByLabel("Phone").fill("+33 6 12 34 56 78");
    await edit.getByLabel("Email").fill(mainEmail);
    await edit.getByRole("button", { name: "Save changes" }).click();
    await edit.getByText("This email already belongs to another contact.").waitFor();
    expect(await edit.getByLabel("Company").inputValue()).toBe("Globex"); // nothing typed is lost
    await edit.getByLabel("Email").fill(dupEmail);
    await edit.getByLabel("Name").fill(`Dana Work ${run}`);
    await edit.getByLabel("Notes").fill("Orders for the whole team.");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Contact saved.").waitFor();
    await edit.waitFor({ state: "hidden" });
    await page.getByRole("heading", { name: `Dana Work ${run}`, level: 1 }).waitFor();
    await page.getByText("Orders for the whole team.").waitFor();
    await screenshot(page, "contacts-02-detail");

    // The phone is found by its digits alone.
    await page.getByRole("link", { name: "All contacts" }).click();
    await searchContacts(page, "612345678");
    await page.getByRole("link", { name: `Dana Work ${run}` }).waitFor();
    await page.getByRole("link", { name: `Dana Work ${run}` }).click();
    await page.waitForURL(new RegExp(`${contactPath}$`));

    // Merge: pick the other Dana by search, confirm a dialog naming both.
    await page.getByRole("button", { name: "Merge" }).click();
    const merge = page.getByRole("dialog", { name: `Merge Dana Work ${run} with another contact` });
    await merge.getByLabel("Find the other contact").fill(`dana-${run}`);
    await merge.getByRole("button", { name: /Dana Duplicate/ }).click();
    const confirm = page.getByRole("alertdialog", { name: `Merge Dana Duplicate into Dana Work ${run}?` });
    await confirm
      .getByText(`All tickets, messages and addresses of Dana Duplicate move to Dana Work ${run}`)
      .waitFor();
    expect(await confirm.getByRole("radio", { name: new RegExp(`Keep Dana Work ${run}`) }).isChecked()).toBe(
      true,
    );
    await screenshot(page, "contacts-03-merge-dialog");
    await confirm.getByRole("button", { name: `Merge into Dana Work ${run}` }).click();
    await page.getByText(`Dana Duplicate merged into Dana Work ${run}.`).waitFor();
    await confirm.waitFor({ state: "hidden" });
    // Both tickets now, and the duplicate's address kept.
    await page.getByRole("link", { name: `Lost parcel ${run}` }).waitFor();
    await page.getByRole("link", { name: `Invoice copy ${run}` }).waitFor();
    await page.getByRole("region", { name: "Other addresses" }).getByText(mainEmail).waitFor();
    // The old address finds the survivor; the duplicate is gone.
    await page.getByRole("link", { name: "All contacts" }).click();
    await searchContacts(page, mainEmail);
    await expect
      .poll(() => page.getByRole("row").filter({ hasText: run }).count(), { timeout: 15_000 })
      .toBe(1);
    await page.getByRole("link", { name: `Dana Work ${run}` }).waitFor();

    // The ticket shows the merge in its activity and links its requester to the contact.
    await page.goto(`${webUrl}${ticketA}`);
    await page.getByText(`Aziz Agent merged requester Dana Duplicate into Dana Work ${run}`).waitFor();
    await page
      .getByRole("link", { name: `Dana Work ${run}` })
      .first()
      .waitFor();
    await page.context().close();

    await screens(
      "contacts-01-list",
      `/w/acme/desk/contacts?q=${run}`,
      (p) => p.getByRole("link", { name: `Dana Work ${run}` }).waitFor(),
      agentState,
    );
    await screens(
      "contacts-02-detail",
      contactPath,
      (p) => p.getByRole("heading", { name: `Dana Work ${run}`, level: 1 }).waitFor(),
      agentState,
    );
    // The merge confirmation (not confirmed: Sam stays).
    await screens(
      "contacts-03-merge-dialog",
      contactPath,
      async (p) => {
        await p.getByRole("button", { name: "Merge" }).click();
        await p.getByLabel("Find the other contact").fill(`sam-${run}`);
        await p.getByRole("button", { name: /Sam Other/ }).click();
        await p.getByRole("alertdialog", { name: `Merge Sam Other ${run} into Dana Work ${run}?` }).waitFor();
      },
      agentState,
    );
  });

  it("notes on the ticket's side panel: add, edit own, delete own after a confirmation", {
    timeout: 300_000,
  }, async () => {
    const context = await browser.newContext({ viewport: desktop, storageState: agentState });
    const page = await context.newPage();
    await page.goto(`${webUrl}${ticketA}`);

    // Notes on the side panel: add (Enter), edit own, delete own after a confirmation.
    const notes = page.getByRole("region", { name: "Notes" });
    await notes.getByRole("textbox", { name: "New note" }).fill("VIP: call before closing.");
    await notes.getByRole("textbox", { name: "New note" }).press("Enter");
    await page.getByText("Note added.").waitFor();
    const note = notes.getByRole("listitem").filter({ hasText: "VIP: call before closing." });
    await note.waitFor();
    expect(await notes.getByRole("textbox", { name: "New note" }).inputValue()).toBe("");
    await note.getByRole("button", { name: "Actions for this note" }).click();
    await page.getByRole("menuitem", { name: "Edit" }).click();
    await notes.getByRole("textbox", { name: "Edit note" }).fill("VIP: call before closing (mobile).");
    await notes.getByRole("button", { name: "Save" }).click();
    await page.getByText("Note saved.").waitFor();
    const edited = notes.getByRole("listitem").filter({ hasText: "VIP: call before closing (mobile)." });
    await edited.getByText("edited").waitFor();
    await screenshot(page, "contacts-04-notes-panel");

    // The other theme and the phone, while the note is there.
    await screens(
      "contacts-04-notes-panel",
      ticketA,
      (p) => p.getByText("VIP: call before closing (mobile).").waitFor(),
      agentState,
    );

    // Delete: the confirmation names the note.
    await edited.getByRole("button", { name: "Actions for this note" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    const del = page.getByRole("alertdialog", { name: "Delete this note?" });
    await del.getByText("“VIP: call before closing (mobile).” will be deleted for everyone.").waitFor();
    await del.getByRole("button", { name: "Delete note" }).click();
    await page.getByText("Note deleted.").waitFor();
    await notes.getByText("No notes yet.").waitFor();
    await context.close();
  });

  it("an owner exports a person's data as JSON, then erases them after typing their email", {
    timeout: 300_000,
  }, async () => {
    const email = `gita-${run}@example.test`;
    const name = `Gita Gdpr ${run}`;
    const page = await signedInPage(browser, "owner@acme.test", { viewport: desktop });
    const ticket = await newTicket(page, email, name, `Delete my data ${run}`);
    // The same person wrote in the Inbox: a sandbox thread (no Inbox demo data to borrow).
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const contact = (await client.query("SELECT id, organization_id FROM contacts WHERE email = $1", [email]))
      .rows[0] as { id: string; organization_id: string };
    const connection = (
      await client.query(
        `INSERT INTO platform_connections (id, organization_id, platform, platform_user_id, platform_display_name, access_token, updated_at)
         VALUES (gen_random_uuid(), $1, 'SANDBOX', $2, 'E2E sandbox', 'none', now()) RETURNING id`,
        [contact.organization_id, `e2e-gdpr-${run}`],
      )
    ).rows[0] as { id: string };
    try {
      const conversation = (
        await client.query(
          `INSERT INTO conversations (id, organization_id, platform_connection_id, platform, external_id, contact_id,
             contact_external_id, last_message_preview, last_message_at, updated_at)
           VALUES (gen_random_uuid(), $1, $2, 'SANDBOX', 'cust-1', $3, 'cust-1', 'Please erase me', now(), now()) RETURNING id`,
          [contact.organization_id, connection.id, contact.id],
        )
      ).rows[0] as { id: string };
      await client.query(
        `INSERT INTO messages (id, organization_id, conversation_id, platform_connection_id, external_id, direction, content, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 'm-1', 'INBOUND', 'Please erase me', now())`,
        [contact.organization_id, conversation.id, connection.id],
      );

      await page.goto(`${webUrl}/w/acme/desk/contacts/${contact.id}`);
      await page.getByRole("heading", { name, level: 1 }).waitFor();
      // Their conversation beside their tickets, opening in the Inbox.
      const conversations = page.getByRole("region", { name: /^Conversations/ });
      const thread = conversations.getByRole("link", { name: /Sandbox.*Please erase me/ });
      await thread.waitFor();
      expect(await thread.getAttribute("href")).toBe(`/w/acme/inbox/c/${conversation.id}`);
      const privacy = page.getByRole("region", { name: "Privacy" });
      await privacy.scrollIntoViewIfNeeded();
      await screenshot(page, "contacts-05-privacy");

      // Export: one JSON file with the ticket and the conversation.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        privacy.getByRole("button", { name: "Export data" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^contact-gita-.*\.json$/);
      const doc = JSON.parse(await readFile((await download.path()) as string, "utf8"));
      expect(doc.contact.email).toBe(email);
      expect(doc.desk.tickets.map((t: { subject: string }) => t.subject)).toEqual([`Delete my data ${run}`]);
      expect(doc.inbox.conversations[0].messages[0].content).toBe("Please erase me");

      // Erase: the button waits for the email typed back.
      await privacy.getByRole("button", { name: "Erase contact" }).click();
      const dialog = page.getByRole("alertdialog", { name: `Erase ${name} for good?` });
      const confirm = dialog.getByRole("button", { name: "Erase everything" });
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByRole("textbox").fill(email);
      await screenshot(page, "contacts-06-erase-dialog");
      await confirm.click();
      await page.getByText(`${name} was erased.`).waitFor();
      await page.waitForURL(/\/w\/acme\/desk\/contacts$/);
      const left = await client.query(
        `SELECT (SELECT count(*) FROM contacts WHERE id = $1)::int AS contacts,
                (SELECT count(*) FROM conversations WHERE id = $2)::int AS conversations,
                (SELECT count(*) FROM tickets WHERE contact_id = $1)::int AS tickets`,
        [contact.id, conversation.id],
      );
      expect(left.rows[0]).toEqual({ contacts: 0, conversations: 0, tickets: 0 });
      await page.goto(`${webUrl}${ticket}`);
      await page.getByText("Ticket not found").waitFor();
    } finally {
      await client.query("DELETE FROM platform_connections WHERE id = $1", [connection.id]);
      await client.end();
      await page.context().close();
    }
  });

  it("reads right to left in Arabic", { timeout: 300_000 }, async () => {
    // Arabic, right to left: the agent's own locale (put back afterwards; others share the demo data).
    const setLocale = async (locale: string) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query("UPDATE users SET locale = $1 WHERE email = 'agent@acme.test'", [locale]);
      await client.end();
    };
    await setLocale("ar");
    try {
      const context = await browser.newContext({ viewport: desktop, storageState: agentState });
      const arabic = await context.newPage();
      await arabic.goto(`${webUrl}/w/acme/desk/contacts?q=${run}`);
      await arabic.getByRole("heading", { name: "جهات الاتصال", exact: true }).waitFor();
      expect(await arabic.locator("html").getAttribute("dir")).toBe("rtl");
      await arabic.getByRole("link", { name: `Dana Work ${run}` }).waitFor();
      await screenshot(arabic, "contacts-01-list-ar");
      await arabic.goto(`${webUrl}${contactPath}`);
      await arabic.getByRole("heading", { name: `Dana Work ${run}`, level: 1 }).waitFor();
      await screenshot(arabic, "contacts-02-detail-ar");
      await arabic.getByRole("button", { name: "دمج" }).click();
      // The other Dana is merged away: Sam is the other contact here.
      const mergeAr = arabic.getByRole("dialog");
      await mergeAr.getByRole("searchbox").fill(`sam-${run}`);
      await mergeAr.getByRole("list").getByRole("button").first().waitFor();
      await screenshot(arabic, "contacts-03-merge-dialog-ar");
      await arabic.keyboard.press("Escape");
      await arabic.goto(`${webUrl}${ticketA}`);
      const notesAr = arabic.getByRole("region", { name: "ملاحظات" });
      await notesAr.getByRole("textbox").fill("ملاحظة للفريق: اتصل قبل الإغلاق.");
      await notesAr.getByRole("button", { name: "إضافة ملاحظة" }).click();
      await notesAr.getByText("ملاحظة للفريق: اتصل قبل الإغلاق.").waitFor();
      await screenshot(arabic, "contacts-04-notes-panel-ar");
      await context.close();
    } finally {
      await setLocale("en");
    }
  });
});
