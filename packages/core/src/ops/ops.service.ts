import { randomBytes } from "node:crypto";
import { hashPassword } from "@quartet/auth/password";
import { invalidateUserSessions } from "@quartet/auth/session";
import type { Db } from "@quartet/db/client";
import { AppError } from "../errors.ts";
import { clearSignInLockout } from "../identity/sign-in-lockout.repository.ts";

// Operator actions run from a shell (`pnpm ops …`), not from the UI: each prints a one-time password.

const generatePassword = () => randomBytes(12).toString("base64url");

/** Creates an ACTIVE platform admin, or promotes an existing account. */
export async function createPlatformAdmin(db: Db, input: { email: string; name: string }) {
  const email = input.email.trim().toLowerCase();
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    await db.user.update({ where: { id: existing.id }, data: { platformRole: "SUPERADMIN" } });
    return { email, promoted: true as const, password: null };
  }
  await db.user.create({
    data: {
      email,
      name: input.name,
      passwordHash,
      status: "ACTIVE",
      emailVerifiedAt: new Date(),
      platformRole: "SUPERADMIN",
    },
  });
  return { email, promoted: false as const, password };
}

/** Sets a new random password, clears any lockout and ends every session of the account. */
export async function resetPasswordByOperator(db: Db, rawEmail: string) {
  const email = rawEmail.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `No account with the email ${email}.`);
  const password = generatePassword();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
    await clearSignInLockout(tx, email);
    await invalidateUserSessions(tx, user.id);
  });
  return { email, password };
}
