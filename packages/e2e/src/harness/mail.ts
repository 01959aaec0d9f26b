import pg from "pg";

/** Waits for the worker to deliver (capture) a mail to `to` whose subject matches, and returns it. */
export async function waitForMail(databaseUrl: string, to: string, subject: RegExp, timeoutMs = 30_000) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ subject: string; html: string; text: string }>(
        "SELECT subject, html, text FROM captured_mails WHERE to_address = $1 ORDER BY created_at DESC",
        [to.toLowerCase()],
      );
      const mail = rows.find((r) => subject.test(r.subject));
      if (mail) return mail;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
  } finally {
    await client.end();
  }
}

/** The first link in a mail's text part that starts with `prefix`. */
export function linkIn(mail: { text: string }, prefix: string): string {
  const match = mail.text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\S+`));
  if (!match) throw new Error(`no link starting with ${prefix} in mail:\n${mail.text}`);
  return match[0];
}
