import type { CreditType } from "@quartet/db/enums";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import * as repo from "./credits.repository.ts";
import { workspacePlan } from "./entitlements.service.ts";
import { PlanLimitError } from "./plan-limit.error.ts";
import { planThatLifts } from "./plans.ts";

// AI credits per workspace (Postiz): a monthly allowance per plan, spent atomically, never below zero.

type CreditDeps = Pick<Deps, "db" | "clock">;

const positive = (n: number, what: string) => {
  if (!Number.isInteger(n) || n <= 0)
    throw new AppError("BAD_REQUEST", `${what} must be a whole number above zero.`);
};

/** The key of this month's allowance entry ("grant:2026-12"). */
export const monthlyGrantReference = (now: Date) => `grant:${now.toISOString().slice(0, 7)}`;

/**
 * Tops the balance up to the plan's monthly allowance, once per month (idempotent by reference;
 * the monthly job and a first spend of the month may both call it). Credits above the allowance
 * (bought or granted by an admin) are kept. Returns the balance.
 */
export async function grantMonthlyCredits(deps: CreditDeps, orgId: string, type: CreditType = "AI_IMAGES") {
  const now = deps.clock.now();
  const { entitlements } = await workspacePlan(deps.db, orgId, now);
  const allowance = entitlements["publish.aiCreditsPerMonth"];
  const grant = async (tx: Parameters<Parameters<CreditDeps["db"]["$transaction"]>[0]>[0]) => {
    const balance = await repo.lockBalance(tx, orgId, type, now);
    const delta = Math.max(0, allowance - balance);
    const entryId = await repo.insertEntry(tx, {
      orgId,
      type,
      kind: "GRANT",
      delta,
      reference: monthlyGrantReference(now),
      reason: "Monthly allowance",
      now,
    });
    if (!entryId) return balance; // already granted this month
    const after = delta > 0 ? await repo.addToBalance(tx, orgId, type, delta, now) : balance;
    await repo.setBalanceAfter(tx, entryId, after);
    return after;
  };
  // First spends of the month may all arrive at once: they queue on the balance row.
  return deps.db.$transaction(grant, { maxWait: 10_000, timeout: 15_000 });
}

/** Adds credits (purchase, admin grant, refund of a failed generation). Idempotent by `reference`. */
export async function grantCredits(
  deps: CreditDeps,
  input: {
    orgId: string;
    type?: CreditType;
    amount: number;
    kind?: "GRANT" | "REFUND" | "ADJUST";
    reference?: string;
    reason?: string;
    userId?: string;
  },
): Promise<number> {
  positive(input.amount, "Credits");
  const type = input.type ?? "AI_IMAGES";
  try {
    return await repo.grantAtomically(deps.db, {
      ...input,
      type,
      kind: input.kind ?? "GRANT",
      now: deps.clock.now(),
    });
  } catch (error) {
    if (input.reference && repo.isUniqueViolation(error)) return repo.readBalance(deps.db, input.orgId, type);
    throw error;
  }
}

/**
 * Spends `amount` credits in one conditional statement: concurrent spends never take the balance
 * below zero; the one that doesn't fit is a PlanLimitError (PLAN_LIMIT) naming the plan with more
 * credits. A repeated `reference` (a retried request, even concurrent) spends once. Returns the
 * balance after.
 */
export async function spendCredits(
  deps: CreditDeps,
  input: {
    orgId: string;
    type?: CreditType;
    amount: number;
    reference?: string;
    reason?: string;
    userId?: string;
  },
): Promise<number> {
  positive(input.amount, "Credits");
  const type = input.type ?? "AI_IMAGES";
  const now = deps.clock.now();
  // The month's allowance arrives with the month's first spend (no job has to visit every workspace);
  // concurrent first spends grant it once (unique ledger reference).
  if (!(await repo.findEntryByReference(deps.db, input.orgId, type, monthlyGrantReference(now)))) {
    await grantMonthlyCredits(deps, input.orgId, type);
  }
  if (input.reference && (await repo.findEntryByReference(deps.db, input.orgId, type, input.reference))) {
    return repo.readBalance(deps.db, input.orgId, type); // this spend already happened
  }
  let after: number | null;
  try {
    after = await repo.spendAtomically(deps.db, { ...input, type, now });
  } catch (error) {
    if (input.reference && repo.isUniqueViolation(error)) return repo.readBalance(deps.db, input.orgId, type);
    throw error;
  }
  if (after !== null) return after;
  const left = await repo.readBalance(deps.db, input.orgId, type);
  const { plan } = await workspacePlan(deps.db, input.orgId, now);
  throw new PlanLimitError(`Not enough credits: ${input.amount} needed, ${left} left.`, {
    key: "publish.aiCreditsPerMonth",
    limit: left,
    current: left,
    requested: input.amount,
    plan,
    upgradeTo: planThatLifts(plan, "publish.aiCreditsPerMonth"),
  });
}

export const creditBalance = (deps: Pick<Deps, "db">, orgId: string, type: CreditType = "AI_IMAGES") =>
  repo.readBalance(deps.db, orgId, type);

export const creditHistory = (deps: Pick<Deps, "db">, orgId: string) => repo.listEntries(deps.db, orgId);
