import type { Db } from "@quartet/db/client";
import type { EmailType } from "@quartet/db/enums";
import {
  identityPasswordResetJob,
  identitySignUpJob,
  identityVerificationResendJob,
} from "@quartet/jobs/definitions";
import type { JobDefinition } from "@quartet/jobs/job-definition";
import type { createBoss } from "@quartet/jobs/queue";
import type { Deps } from "../deps.ts";
import type { AuthRequest } from "./identity.shared.ts";
import { handlePasswordResetRequest } from "./password-reset.handler.ts";
import { handleSignUp, handleVerificationResend } from "./sign-up.handler.ts";

type PgBoss = ReturnType<typeof createBoss>;

// Shared by the identity integration tests (and the API's auth tests).

export const TEST_UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let ipCounter = 0;

/** A request from a fresh documentation-range IP, so per-IP rate limits don't leak between tests. */
export function testRequest(overrides: Partial<AuthRequest> = {}): AuthRequest {
  ipCounter += 1;
  return {
    ip: `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`,
    userAgent: TEST_UA,
    kind: "WEB",
    currentSessionId: null,
    ...overrides,
  };
}

/** The newest queued mail of a type to an address, with the token from its link (if any). */
export async function lastMail(db: Db, to: string, type: EmailType) {
  const log = await db.emailLog.findFirst({
    where: { recipientEmail: to.toLowerCase(), emailType: type },
    orderBy: { createdAt: "desc" },
  });
  if (!log) return null;
  const link = (log.metadata as { link?: string } | null)?.link;
  const token = link ? new URL(link).searchParams.get("token") : null;
  return { log, link, token };
}

export async function countJobs(db: Db, name: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${name}`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * A client over `db` that writes down every operation it runs (model + operation, and the SQL text
 * of raw queries without their values), to compare what two code paths do to the database.
 */
export function recordingDb(db: Db) {
  let log: string[] = [];
  const extended = db.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        log.push(model ? `${model}.${operation}` : `${operation} ${rawSql(args)}`);
        return query(args);
      },
    },
  });
  return {
    db: extended as unknown as Db,
    /** The operations since the last take, and start a new list. */
    take(): string[] {
      const taken = log;
      log = [];
      return taken;
    },
  };
}

function rawSql(args: unknown): string {
  const first = Array.isArray(args) ? args[0] : args;
  const text =
    typeof first === "string"
      ? first
      : Array.isArray((first as { strings?: unknown })?.strings)
        ? (first as { strings: string[] }).strings.join("?")
        : typeof (first as { sql?: unknown })?.sql === "string"
          ? (first as { sql: string }).sql
          : JSON.stringify(first);
  return text.replace(/\s+/g, " ").trim().slice(0, 120);
}

/** The identity jobs the request paths enqueue, with the handler the worker runs for each. */
const identityJobs: { def: JobDefinition; handle: (deps: Deps, payload: never) => Promise<unknown> }[] = [
  { def: identityPasswordResetJob, handle: handlePasswordResetRequest },
  { def: identitySignUpJob, handle: handleSignUp },
  { def: identityVerificationResendJob, handle: handleVerificationResend },
];

/**
 * Plays the worker for the identity jobs (`identity.password-reset`, `identity.sign-up`,
 * `identity.verification-resend`): runs every queued request now, returns how many ran.
 */
export async function runIdentityJobs(deps: Deps, boss: Pick<PgBoss, "fetch" | "complete">): Promise<number> {
  let ran = 0;
  for (const { def, handle } of identityJobs) {
    for (;;) {
      const jobs = await boss.fetch<unknown>(def.name, { batchSize: 50 });
      if (jobs.length === 0) break;
      for (const job of jobs) {
        await handle(deps, def.schema.parse(job.data) as never);
        ran += 1;
      }
      await boss.complete(
        def.name,
        jobs.map((j) => j.id),
      );
    }
  }
  return ran;
}
