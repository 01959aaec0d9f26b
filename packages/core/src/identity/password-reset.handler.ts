import type { Tx } from "@quartet/db/client";
import type { identityPasswordResetJob } from "@quartet/jobs/definitions";
import type { z } from "zod";
import type { Deps } from "../deps.ts";
import { mailTokenLink } from "./auth.service.ts";
import { findRequestEvent, findUserByEmail } from "./identity.repository.ts";
import { recordAuthEventFrom } from "./identity.shared.ts";

export type PasswordResetJobPayload = z.infer<typeof identityPasswordResetJob.schema>;

/**
 * `identity.password-reset`: the decision the request path doesn't make (so that its timing says
 * nothing). An address with a usable account gets a fresh 1-hour link (older ones stop working);
 * an unknown or disabled one gets nothing. Either way one PASSWORD_RESET_REQUEST event records the
 * request with its IP and user agent. A retry after a committed attempt does nothing (keyed by the
 * request id), so a crash never mails two links.
 */
export async function handlePasswordResetRequest(
  deps: Deps,
  payload: PasswordResetJobPayload,
): Promise<{ mailed: boolean; duplicate?: true }> {
  const req = { ip: payload.ip, userAgent: payload.userAgent };
  const at = new Date(payload.requestedAt);
  return deps.db.$transaction(async (tx: Tx) => {
    if (await findRequestEvent(tx, "PASSWORD_RESET_REQUEST", payload.requestId, at))
      return { mailed: false, duplicate: true as const };
    const user = await findUserByEmail(tx, payload.email);
    if (!user || user.status === "DISABLED") {
      await recordAuthEventFrom(tx, req, {
        type: "PASSWORD_RESET_REQUEST",
        outcome: "FAILURE",
        userId: user?.id ?? null,
        failureReason: user ? "ACCOUNT_DISABLED" : "UNKNOWN_EMAIL",
        metadata: { requestId: payload.requestId, ...(user ? {} : { email: payload.email }) },
        at,
      });
      return { mailed: false };
    }
    await mailTokenLink(deps, tx, user, "PASSWORD_RESET", deps.clock.now());
    await recordAuthEventFrom(tx, req, {
      type: "PASSWORD_RESET_REQUEST",
      outcome: "SUCCESS",
      userId: user.id,
      metadata: { requestId: payload.requestId },
      at,
    });
    return { mailed: true };
  });
}
