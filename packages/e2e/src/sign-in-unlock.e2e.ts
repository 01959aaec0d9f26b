import { createDb } from "@quartet/db/client";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./harness/browser.ts";
import { waitForMail } from "./harness/mail.ts";

// An account locked by failed sign-ins from many places: its owner, with the right password, is
// told a code was mailed, types it (a wrong one first), and is signed in; the lock is lifted.

const { webUrl, databaseUrl } = inject("e2e");
const run = Date.now().toString(36);
const owner = {
  email: `olga-${run}@example.test`,
  password: "a long and unusual passphrase 77",
  name: "Olga",
};

let browser: Browser;
let userId: string;

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const user = await makeUser(db, { email: owner.email, password: owner.password, name: owner.name });
    await makeOrg(db, user, { name: "Olga's shop", slug: `olga-${run}` });
    userId = user.id;
  } finally {
    await db.$disconnect();
  }
  // The state ten failed sign-ins from three addresses leave behind (the services' integration
  // tests cover how it arises; from one browser the per-IP throttle would stop it first).
  await sql(
    `INSERT INTO sign_in_lockouts (email, failed_count, failed_ips, window_start, locked_until, lock_count, updated_at)
     VALUES ($1, 10, ARRAY['198.51.100.1', '198.51.100.2', '198.51.100.3'], now(), now() + interval '15 minutes', 1, now())`,
    [owner.email],
  );
});
/** The 6-digit code on its own line in an unlock mail. */
function codeIn(mail: { text: string }): string {
  const code = mail.text.match(/^(\d{6})$/m)?.[1];
  if (!code) throw new Error(`no code in mail:\n${mail.text}`);
  return code;
}

/** Waits until `count` unlock mails reached the owner, and returns the newest one's code. */
async function newestCode(count: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const rows = await sql<{ text: string }>(
      "SELECT text FROM captured_mails WHERE to_address = $1 AND subject ILIKE '%unlock code%' ORDER BY created_at DESC",
      [owner.email],
    );
    if (rows.length >= count) return codeIn(rows[0]!);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`fewer than ${count} unlock mails to ${owner.email}`);
}

afterAll(async () => {
  await browser?.close();
});

describe("a locked account", () => {
  it("lets its owner in with the right password and the code mailed to them", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${webUrl}/sign-in`);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByLabel("Password", { exact: true }).press("Enter");

    // The code step: told where the code went, the field focused for typing.
    await page.getByRole("heading", { name: "Unlock your account" }).waitFor();
    await expect.poll(() => page.getByText(owner.email).count()).toBeGreaterThan(0);
    const codeField = page.getByLabel("Unlock code");
    await codeField.waitFor();
    // The same field, whatever the language of its label.
    const codeInput = page.locator('input[name="unlockCode"]');
    await expect.poll(() => codeField.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, "sign-in-unlock-01-code-step");

    // Enter with nothing typed: a plain-words error under the field, nothing sent.
    await codeField.press("Enter");
    await page.getByText("Enter the 6-digit code from the email.").waitFor();

    const first = codeIn(await waitForMail(databaseUrl, owner.email, /unlock code/i));

    // A wrong code: said under the field, the account stays locked.
    await codeField.fill(first === "000000" ? "111111" : "000000");
    await codeField.press("Enter");
    await page.getByText("That code didn't work. Check the newest email from us and try again.").waitFor();
    expect(await codeField.getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "sign-in-unlock-02-wrong-code");

    // Same step on a phone in the dark, then in Arabic (right to left), then back to English.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "sign-in-unlock-03-phone-dark");
    await page.getByRole("button", { name: /Language/ }).click();
    await page.getByRole("menuitemradio", { name: "العربية" }).click();
    await page.getByRole("heading", { name: "افتح حسابك" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    // The same wrong code again: the error now reads in Arabic.
    await codeInput.press("Enter");
    await page.getByText("هذا الرمز غير صحيح. تحقّق من أحدث رسالة منّا وحاول مجددًا.").waitFor();
    await screenshot(page, "sign-in-unlock-04-phone-dark-arabic");
    await page.getByRole("button", { name: /اللغة|Language/ }).click();
    await page.getByRole("menuitemradio", { name: "English" }).click();
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A new code replaces the first one.
    await page.getByRole("button", { name: "Send a new code" }).click();
    await page.getByText(`We sent a new code to ${owner.email}. It replaces the previous one.`).waitFor();
    const code = await newestCode(2);

    // The right code (typed with a space, as read from the mail) signs in.
    await page.getByLabel("Unlock code").fill(`${code!.slice(0, 3)} ${code!.slice(3)}`);
    await page.getByLabel("Unlock code").press("Enter");
    await page.waitForURL(new RegExp(`/w/olga-${run}`), { timeout: 20_000 });
    await screenshot(page, "sign-in-unlock-05-signed-in");

    expect(await sql("SELECT 1 FROM sign_in_lockouts WHERE email = $1", [owner.email])).toHaveLength(0);
    const events = await sql<{ event_type: string }>(
      "SELECT event_type::text FROM auth_events WHERE user_id = $1 ORDER BY timestamp, event_type",
      [userId],
    );
    expect(events.map((e) => e.event_type)).toEqual(
      expect.arrayContaining(["UNLOCK_CODE_SENT", "UNLOCK_CODE_FAILED", "ACCOUNT_UNLOCKED", "LOGIN"]),
    );
    const [stored] = await sql<{ code_hash: string; used_at: Date | null }>(
      "SELECT code_hash, used_at FROM unlock_codes WHERE user_id = $1",
      [userId],
    );
    expect(stored?.code_hash).not.toContain(code);
    expect(stored?.used_at).not.toBeNull();
    await context.close();
  });
});
