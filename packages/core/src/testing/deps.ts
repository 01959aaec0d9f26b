import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@quartet/db/client";
import type { FileStorage } from "@quartet/integrations/storage/file-storage";
import { createLocalStorage } from "@quartet/integrations/storage/local-storage";
import { allJobs } from "@quartet/jobs/definitions";
import { createBoss, ensureQueues, type JobSender } from "@quartet/jobs/queue";
import { createAppEvents } from "../app-events.ts";
import type { AppConfig, Clock, Deps, Logger } from "../deps.ts";

// Test helpers for building Deps against a real database and a real pg-boss.

/** A clock tests move by hand: `clock.advance(15 * 60_000)` to step past a lockout. */
export interface TestClock extends Clock {
  set(date: Date | string | number): void;
  advance(ms: number): void;
}

export function createTestClock(start: Date | string | number = Date.now()): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = new Date(date).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export const testConfig: AppConfig = {
  webUrl: "http://localhost:3000",
  adminUrl: "http://localhost:3001",
  encryptionKey: "test-key-0123456789abcdef0123456789abcdef",
  mailFrom: "Quartet <no-reply@quartet.test>",
  inboundEmailDomain: "inbound.quartet.test",
  production: false,
  allowPrivateWebhookTargets: false,
};

export type TestDeps = Deps & { clock: TestClock };

export function makeTestDeps(
  db: Db,
  boss: JobSender,
  overrides: { clock?: TestClock; log?: Logger; config?: Partial<AppConfig>; storage?: FileStorage } = {},
): TestDeps {
  return {
    db,
    boss,
    clock: overrides.clock ?? createTestClock(),
    log: overrides.log ?? silentLogger,
    config: { ...testConfig, ...overrides.config },
    // A fresh directory per test env: files never leak between test files.
    storage: overrides.storage ?? createLocalStorage(mkdtempSync(path.join(tmpdir(), "quartet-files-"))),
    events: createAppEvents(),
  };
}

/** A started pg-boss on the test database with every job's queue created (as the worker does). */
export async function startTestBoss(url: string) {
  const boss = createBoss(url, { max: 2 });
  boss.on("error", () => {});
  await boss.start();
  await ensureQueues(boss, allJobs);
  return boss;
}
