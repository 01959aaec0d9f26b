import type { Db } from "@quartet/db/client";
import type { EmailType } from "@quartet/db/enums";
import type { AuthRequest } from "./identity.shared.ts";

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
