import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

// The app's encryption key (TOTP secrets, provider tokens; the inbound-mail secret and the customer
// ticket links derive from it) when QUARTET_ENCRYPTION_KEY is not set. There is no built-in key:
// the first start of a local install generates a random one and keeps it beside the local data, and
// every later start (web, admin, worker, `pnpm dev`, the scripts) reads that same file. Production
// refuses to start without an explicit key. Every process resolves the key through this one function.

/** `<repo>/.data/secrets.json`: next to the embedded database and the uploaded files. */
export const DEFAULT_SECRETS_FILE = fileURLToPath(new URL("../../../../.data/secrets.json", import.meta.url));

export const ENCRYPTION_KEY_MIN_LENGTH = 32;

const secretsFileSchema = z.object({
  encryptionKey: z.string().min(ENCRYPTION_KEY_MIN_LENGTH),
  createdAt: z.string().optional(),
});

export type EncryptionKeyResolution =
  | { ok: true; key: string; source: "env" }
  | { ok: true; key: string; source: "file"; file: string; created: boolean }
  | { ok: false; problem: string };

export interface ResolveEncryptionKeyOptions {
  /** QUARTET_ENCRYPTION_KEY as configured (blank counts as unset). */
  explicit: string | undefined;
  production: boolean;
  /** QUARTET_SECRETS_FILE, or the default under the repository's `.data`. */
  secretsFile?: string | undefined;
  /** false: only read an existing file (scripts that talk to a running server). Default true. */
  create?: boolean;
}

/**
 * The explicit key when set; in production nothing else; otherwise the key kept in the secrets file,
 * generated on first use (32 random bytes, file mode 0600). Safe when several processes start at once:
 * the file appears complete and only once (written aside, then hard-linked into place), and the
 * losers of the race read the winner's key.
 */
export function resolveEncryptionKey(options: ResolveEncryptionKeyOptions): EncryptionKeyResolution {
  const explicit = options.explicit?.trim();
  if (explicit) {
    if (explicit.length < ENCRYPTION_KEY_MIN_LENGTH)
      return { ok: false, problem: "QUARTET_ENCRYPTION_KEY: must be at least 32 characters" };
    return { ok: true, key: explicit, source: "env" };
  }
  if (options.production)
    return { ok: false, problem: "QUARTET_ENCRYPTION_KEY: required in production (32+ characters)" };

  const file = path.resolve(options.secretsFile?.trim() || DEFAULT_SECRETS_FILE);
  try {
    const existing = readSecretsFile(file);
    if (existing) return { ok: true, key: existing, source: "file", file, created: false };
    if (options.create === false)
      return {
        ok: false,
        problem: `QUARTET_ENCRYPTION_KEY: not set, and ${file} doesn't exist yet (start the app once to create it)`,
      };
    const { key, created } = createSecretsFile(file);
    return { ok: true, key, source: "file", file, created };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `QUARTET_ENCRYPTION_KEY: not set, and ${file} can't be used (${reason})` };
  }
}

/** One line for the logs: where the key comes from (never the key itself). */
export function describeEncryptionKey(resolved: Extract<EncryptionKeyResolution, { ok: true }>): string {
  if (resolved.source === "env") return "encryption key from QUARTET_ENCRYPTION_KEY";
  return resolved.created
    ? `generated a new encryption key in ${resolved.file} (mode 0600): keep it with the data, back it up with the database`
    : `encryption key from ${resolved.file}`;
}

/** The stored key, or null when there is no file yet. A file too open for a secret is tightened. */
function readSecretsFile(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = secretsFileSchema.safeParse(safeJson(text));
  if (!parsed.success)
    throw new Error(
      "it is not a JSON object with an encryptionKey of 32+ characters; restore it from a backup, or delete it to generate a new key (data encrypted with the old one becomes unreadable)",
    );
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return parsed.data.encryptionKey;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function createSecretsFile(file: string): { key: string; created: boolean } {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString("base64url");
  const body = `${JSON.stringify({ encryptionKey: key, createdAt: new Date().toISOString() }, null, 2)}\n`;
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file); // fails with EEXIST if another process got there first
    chmodSync(file, 0o600);
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const theirs = readSecretsFile(file);
    if (!theirs) throw error;
    return { key: theirs, created: false };
  } finally {
    unlinkSync(temp);
  }
}
