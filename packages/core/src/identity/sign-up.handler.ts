import type { Tx } from "@quartet/db/client";
import type { identitySignUpJob, identityVerificationResendJob } from "@quartet/jobs/definitions";
import type { z } from "zod";
import type { Deps } from "../deps.ts";
import { createPersonalWorkspace } from "../orgs/org.service.ts";
import { mailTokenLink } from "./auth.service.ts";
import { createPendingUser, emailExists, findRequestEvent, findUserByEmail } from "./identity.repository.ts";
import { isUniqueViolation, recordAuthEventFrom } from "./identity.shared.ts";

export type SignUpJobPayload = z.infer<typeof identitySignUpJob.schema>;
export type VerificationResendJobPayload = z.infer<typeof identityVerificationResendJob.schema>;

export type SignUpOutcome = "CREATED" | "EMAIL_TAKEN" | "DUPLICATE";

/**
 * `identity.sign-up`: the decision the request path doesn't make (so that its timing says nothing).
 * A free address gets a PENDING account with its personal workspace and a 24 h verification link;
 * a taken one gets a REGISTRATION/EMAIL_TAKEN event (and a still-pending owner a fresh link). One
 * transaction either way, keyed by the request id: a retry after a committed attempt does nothing.
 */
export async function handleSignUp(
  deps: Deps,
  payload: SignUpJobPayload,
): Promise<{ outcome: SignUpOutcome }> {
  try {
    return { outcome: await deps.db.$transaction((tx) => decideSignUp(deps, tx, payload)) };
  } catch (error) {
    // The same address was registered by another job a moment ago: now it is simply taken.
    if (!isUniqueViolation(error)) throw error;
    return { outcome: await deps.db.$transaction((tx) => decideSignUp(deps, tx, payload)) };
  }
}

async function decideSignUp(deps: Deps, tx: Tx, payload: SignUpJobPayload): Promise<SignUpOutcome> {
  const req = { ip: payload.ip, userAgent: payload.userAgent };
  const at = new Date(payload.requestedAt);
  const metadata = { requestId: payload.requestId };
  if (await findRequestEvent(tx, "REGISTRATION", payload.requestId, at)) return "DUPLICATE";

  const existing = await emailExists(tx, payload.email);
  if (existing) {
    if (existing.status === "PENDING" && existing.deletedAt === null)
      await mailTokenLink(deps, tx, existing, "VERIFICATION", at);
    await recordAuthEventFrom(tx, req, {
      type: "REGISTRATION",
      outcome: "FAILURE",
      userId: existing.id,
      failureReason: "EMAIL_TAKEN",
      metadata,
      at,
    });
    return "EMAIL_TAKEN";
  }

  const user = await createPendingUser(tx, {
    email: payload.email,
    name: payload.name,
    passwordHash: payload.passwordHash,
    locale: payload.locale,
    timezone: payload.timezone,
    now: at,
  });
  await createPersonalWorkspace(tx, user);
  await mailTokenLink(deps, tx, user, "VERIFICATION", at);
  await recordAuthEventFrom(tx, req, {
    type: "REGISTRATION",
    outcome: "SUCCESS",
    userId: user.id,
    metadata,
    at,
  });
  return "CREATED";
}

/**
 * `identity.verification-resend`: a still-pending account is mailed a fresh verification link
 * (older ones stop working); any other address gets nothing and nothing is written. At least once:
 * a crash between the commit and the job's completion mails a second link, which retires the first
 * (no event type records these requests, so there is no key to skip a committed attempt by).
 */
export async function handleVerificationResend(
  deps: Deps,
  payload: VerificationResendJobPayload,
): Promise<{ mailed: boolean }> {
  return deps.db.$transaction(async (tx) => {
    const user = await findUserByEmail(tx, payload.email);
    if (user?.status !== "PENDING") return { mailed: false };
    await mailTokenLink(deps, tx, user, "VERIFICATION", deps.clock.now());
    return { mailed: true };
  });
}
