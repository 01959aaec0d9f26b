import type { Db } from "@quartet/db/client";
import { createTestDatabase } from "@quartet/db/testing/test-db";
import { afterAll } from "vitest";
import type { UserActor } from "../deps.ts";
import { AppError } from "../errors.ts";
import { makeTestDeps, startTestBoss, type TestDeps } from "./deps.ts";

// Setup and helpers shared by the integration tests (core's and the API's).

export interface TestEnv {
  db: Db;
  url: string;
  boss: Awaited<ReturnType<typeof startTestBoss>>;
  deps: TestDeps;
}

/**
 * A fresh database, a started pg-boss and Deps over both, for one test file; stopped and dropped
 * after the file's last test. Await it at the top of the file:
 * `const { db, deps } = await useTestEnv();`
 */
export async function useTestEnv(overrides?: Parameters<typeof makeTestDeps>[2]): Promise<TestEnv> {
  const database = await createTestDatabase();
  const boss = await startTestBoss(database.url).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  afterAll(async () => {
    await boss.stop({ graceful: false });
    await database.drop();
  });
  return { db: database.db, url: database.url, boss, deps: makeTestDeps(database.db, boss, overrides) };
}

/** The signed-in caller a service sees for `user` (any session, a local request). */
export const actor = (user: { id: string }): UserActor => ({
  userId: user.id,
  sessionId: "s",
  ip: "127.0.0.1",
  userAgent: "vitest",
});

/** The AppError `promise` rejects with; fails the test if it resolves or rejects with something else. */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}
