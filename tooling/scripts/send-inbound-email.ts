import { readFile } from "node:fs/promises";
import { devInboundEmailSecret, signInboundEmail } from "@quartet/core/desk/mail/email-inbound.signature";
import { resolveEncryptionKey } from "@quartet/core/identity/encryption-key";

// `pnpm mail:inbound <file.eml> [--url http://localhost:3000]`: posts a raw mail to a running web
// server's inbound endpoint, signed the way an inbound relay signs it. The secret is
// INBOUND_EMAIL_SECRET, or (like the dev server) one derived from QUARTET_ENCRYPTION_KEY or the key
// the local install generated on its first start (.data/secrets.json). Address the mail to
// `<workspace-slug>@<INBOUND_EMAIL_DOMAIN>` (demo: acme@inbound.quartet.local); try
// tooling/scripts/fixtures/inbound-sample.eml.

const args = process.argv.slice(2);
const urlFlag = args.indexOf("--url");
const baseUrl =
  (urlFlag >= 0 ? args[urlFlag + 1] : undefined) ?? process.env.WEB_URL ?? "http://localhost:3000";
const file = args.find((a, i) => !a.startsWith("--") && (urlFlag < 0 || i !== urlFlag + 1));
if (!file) {
  console.error("Usage: pnpm mail:inbound <file.eml> [--url http://localhost:3000]");
  process.exit(2);
}

const raw = await readFile(file).catch((error: unknown) => {
  console.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
function inboundSecret(): string {
  if (process.env.INBOUND_EMAIL_SECRET) return process.env.INBOUND_EMAIL_SECRET;
  const key = resolveEncryptionKey({
    explicit: process.env.QUARTET_ENCRYPTION_KEY,
    production: false,
    secretsFile: process.env.QUARTET_SECRETS_FILE,
    create: false,
  });
  if (!key.ok) {
    console.error(`Set INBOUND_EMAIL_SECRET, or: ${key.problem}`);
    process.exit(2);
  }
  return devInboundEmailSecret(key.key);
}
const secret = inboundSecret();
const timestamp = Math.floor(Date.now() / 1000);
const target = new URL("/hooks/desk/inbound-email", baseUrl);

const response = await fetch(target, {
  method: "POST",
  headers: {
    "content-type": "message/rfc822",
    "x-quartet-timestamp": String(timestamp),
    "x-quartet-signature": signInboundEmail(secret, timestamp, raw),
  },
  body: raw,
}).catch((error: unknown) => {
  console.error(`Cannot reach ${target}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const text = await response.text();
console.log(`${response.status} ${text}`);
process.exit(response.ok ? 0 : 1);
