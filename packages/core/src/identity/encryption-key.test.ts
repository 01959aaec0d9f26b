import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SECRETS_FILE, describeEncryptionKey, resolveEncryptionKey } from "./encryption-key.ts";

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "quartet-secrets-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const local = (secretsFile: string) =>
  resolveEncryptionKey({ explicit: undefined, production: false, secretsFile });

describe("resolveEncryptionKey", () => {
  it("generates a random key on first start, keeps it in a 0600 file, and reuses it afterwards", () => {
    const file = path.join(tempDir(), "nested", "secrets.json");
    const first = local(file);
    expect(first).toMatchObject({ ok: true, source: "file", file, created: true });
    if (!first.ok) throw new Error("unreachable");
    expect(first.key.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).encryptionKey).toBe(first.key);
    // No temporary files left behind.
    expect(readdirSync(path.dirname(file))).toEqual(["secrets.json"]);

    const again = local(file);
    expect(again).toEqual({ ok: true, key: first.key, source: "file", file, created: false });
    expect(describeEncryptionKey(first)).toContain(file);
    expect(describeEncryptionKey(first)).not.toContain(first.key);
  });

  it("gives every install its own key: nothing is shared through the source", () => {
    const a = local(path.join(tempDir(), "secrets.json"));
    const b = local(path.join(tempDir(), "secrets.json"));
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.key).not.toBe(b.key);
  });

  it("uses an explicit key as is and never touches the file", () => {
    const file = path.join(tempDir(), "secrets.json");
    const key = "k".repeat(40);
    expect(resolveEncryptionKey({ explicit: key, production: true, secretsFile: file })).toEqual({
      ok: true,
      key,
      source: "env",
    });
    expect(() => statSync(file)).toThrow();
    expect(resolveEncryptionKey({ explicit: "short", production: false, secretsFile: file })).toMatchObject({
      ok: false,
    });
  });

  it("refuses production without an explicit key, even when a local file exists", () => {
    const file = path.join(tempDir(), "secrets.json");
    expect(local(file).ok).toBe(true);
    expect(resolveEncryptionKey({ explicit: undefined, production: true, secretsFile: file })).toEqual({
      ok: false,
      problem: "QUARTET_ENCRYPTION_KEY: required in production (32+ characters)",
    });
    expect(resolveEncryptionKey({ explicit: "  ", production: true, secretsFile: file }).ok).toBe(false);
  });

  it("reports a damaged file instead of silently replacing the key", () => {
    const file = path.join(tempDir(), "secrets.json");
    writeFileSync(file, "{ not json", { mode: 0o600 });
    const result = local(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/secrets\.json can't be used/);
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  });

  it("tightens a file readable by others", () => {
    const file = path.join(tempDir(), "secrets.json");
    writeFileSync(file, JSON.stringify({ encryptionKey: "x".repeat(43) }), { mode: 0o644 });
    expect(local(file)).toMatchObject({ ok: true, key: "x".repeat(43), created: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("only reads when asked not to create (scripts that sign requests for a running server)", () => {
    const file = path.join(tempDir(), "secrets.json");
    const result = resolveEncryptionKey({
      explicit: undefined,
      production: false,
      secretsFile: file,
      create: false,
    });
    expect(result.ok).toBe(false);
    expect(() => statSync(file)).toThrow();
  });

  it("defaults to .data/secrets.json at the repository root", () => {
    expect(DEFAULT_SECRETS_FILE).toBe(path.resolve(import.meta.dirname, "../../../../.data/secrets.json"));
  });

  it("web, admin and worker starting at the same moment end up with one key", async () => {
    const file = path.join(tempDir(), "secrets.json");
    const script = `
      import { resolveEncryptionKey } from ${JSON.stringify(path.join(import.meta.dirname, "encryption-key.ts"))};
      const r = resolveEncryptionKey({ explicit: undefined, production: false, secretsFile: ${JSON.stringify(file)} });
      console.log(JSON.stringify(r));`;
    const run = () =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: import.meta.dirname,
      });
    const results = (await Promise.all([run(), run(), run()])).map((r) => JSON.parse(r.stdout));
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(JSON.parse(readFileSync(file, "utf8")).encryptionKey).toBe(results[0].key);
  }, 60_000);
});
