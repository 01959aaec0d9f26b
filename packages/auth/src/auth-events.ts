import type { DbOrTx } from "@quartet/db/client";
import type { AuthEventOutcome, AuthEventType } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { parseUserAgent } from "./device.ts";

export interface AuthEventInput {
  type: AuthEventType;
  outcome: AuthEventOutcome;
  /** Null for attempts against unknown accounts. */
  userId?: string | null;
  ip: string;
  userAgent: string;
  /** Machine-readable, e.g. BAD_PASSWORD, UNKNOWN_EMAIL, LOCKED_OUT, RATE_LIMITED. */
  failureReason?: string | null;
  metadata?: Prisma.InputJsonValue;
  at: Date;
}

/** One AuthEvent row per sign-in, sign-out, reset, 2FA change…: the account's security history. */
export async function recordAuthEvent(db: DbOrTx, event: AuthEventInput): Promise<void> {
  await db.authEvent.create({
    data: {
      userId: event.userId ?? null,
      eventType: event.type,
      outcome: event.outcome,
      ipAddress: event.ip.slice(0, 64),
      userAgent: event.userAgent.slice(0, 500),
      deviceInfo: { ...parseUserAgent(event.userAgent) },
      failureReason: event.failureReason?.slice(0, 100) ?? null,
      ...(event.metadata === undefined ? {} : { metadata: event.metadata }),
      timestamp: event.at,
    },
  });
}
