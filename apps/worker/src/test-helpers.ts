import type { AppConfig, Logger } from "@quartet/core/deps";
import { createBoss } from "@quartet/jobs/queue";

export const testConfig: AppConfig = {
  webUrl: "http://localhost:3000",
  adminUrl: "http://localhost:3001",
  encryptionKey: "test-encryption-key-0123456789abcdef",
  mailFrom: "Quartet <no-reply@quartet.local>",
  inboundEmailDomain: "inbound.quartet.local",
  production: false,
  allowPrivateWebhookTargets: false,
};

/** A logger that keeps lines so tests can assert on them (set QUARTET_TEST_LOG=1 to see them). */
export function memoryLogger(): Logger & { lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const echo = process.env.QUARTET_TEST_LOG === "1";
  const at = (level: string) => (obj: object | string, msg?: string) => {
    const line = typeof obj === "string" ? { level, msg: obj, obj: {} } : { level, msg: msg ?? "", obj };
    lines.push(line);
    if (echo)
      console.log(
        level,
        line.msg,
        Object.keys(line.obj).join(","),
        (line.obj as { err?: { message?: string } }).err?.message ?? "",
      );
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}

/**
 * Plays the web app: a started pg-boss that only enqueues, in its own transactions. Queues are
 * left to the worker under test to create.
 */
export async function startSender(databaseUrl: string) {
  const sender = createBoss(databaseUrl, { max: 2 });
  sender.on("error", () => {});
  await sender.start();
  return sender;
}
