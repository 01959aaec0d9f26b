import type { Tx } from "@quartet/db/client";
import type { DayPassSource } from "@quartet/db/enums";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import * as repo from "./day-pass.repository.ts";
import { DAY_PASS } from "./plans.ts";

// Day Pass grants (purchase, admin grant, promo): 24 h of PREMIUM in Tools. A pass bought while
// another is active starts where it ends, so nobody loses hours by buying early.

export interface GrantDayPassInput {
  userId: string;
  source: DayPassSource;
  paymentId?: string | null;
  grantedById?: string | null;
  reason?: string | null;
  hours?: number;
}

/** Grants a pass inside the caller's transaction (a payment's completion writes both together). */
export async function grantDayPassInTx(tx: Tx, input: GrantDayPassInput, now: Date) {
  const user = await repo.lockUserForDayPass(tx, input.userId);
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  if (input.paymentId) {
    const existing = await repo.findDayPassByPayment(tx, input.paymentId);
    if (existing) return existing; // the same payment completing twice grants one pass
  }
  const startsAt =
    user.dayPassExpiresAt && user.dayPassExpiresAt.getTime() > now.getTime() ? user.dayPassExpiresAt : now;
  const { hours = DAY_PASS.hours, ...fields } = input;
  const endsAt = new Date(startsAt.getTime() + hours * 3_600_000);
  const pass = await repo.insertDayPass(tx, { ...fields, startsAt, endsAt, now });
  await repo.refreshDayPassExpiry(tx, input.userId);
  return pass;
}

export function grantDayPass(deps: Pick<Deps, "db" | "clock">, input: GrantDayPassInput) {
  return deps.db.$transaction((tx) => grantDayPassInTx(tx, input, deps.clock.now()));
}

/** Withdraws a pass (refund): it stops counting and the expiry projection is recomputed. */
export async function revokeDayPassInTx(tx: Tx, passId: string, now: Date) {
  const [pass] = await repo.markRevoked(tx, passId, now);
  if (!pass) return null;
  await repo.refreshDayPassExpiry(tx, pass.userId);
  return pass;
}
