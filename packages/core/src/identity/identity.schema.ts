import { z } from "zod";

// Inputs of the identity procedures. Zod only (no Node imports) so the SPAs can share them.
// The common-password list is checked by the services (it lives in @quartet/auth/password).

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const LOCALES = ["en", "fr", "ar"] as const;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(255, "Use at most 255 characters.")
  .pipe(z.email("Enter a valid email address."));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/** A password typed to prove who you are: no policy (it may predate the current one). */
const currentPasswordSchema = z
  .string()
  .min(1, "Enter your password.")
  .max(PASSWORD_MAX_LENGTH, "Incorrect password.");

export const nameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Use at most 100 characters.");
export const localeSchema = z.enum(LOCALES, "Choose English, French or Arabic.");

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timezoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, "Choose a valid time zone, e.g. Europe/Paris.");

export const avatarUrlSchema = z
  .url({ protocol: /^https$/, message: "Use an https:// link to an image." })
  .max(500, "Use at most 500 characters.");

const tokenSchema = z.string().trim().min(16, "This link is invalid.").max(200, "This link is invalid.");

export const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  locale: localeSchema.optional(),
  timezone: timezoneSchema.optional(),
});
export type SignUpInput = z.infer<typeof signUpInput>;

/** The 6-digit code mailed to unlock an account locked by failed sign-ins (spaces are ignored). */
export const unlockCodeSchema = z
  .string()
  .max(20, "Enter the 6-digit code from the email.")
  .transform((v) => v.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the email."));

export const signInInput = z.object({
  email: emailSchema,
  password: currentPasswordSchema,
  /** Sent with the password again once the account turned out locked and a code was mailed. */
  unlockCode: unlockCodeSchema.optional(),
});
export type SignInInput = z.infer<typeof signInInput>;

export const tokenInput = z.object({ token: tokenSchema });
export type TokenInput = z.infer<typeof tokenInput>;

export const emailInput = z.object({ email: emailSchema });
export type EmailInput = z.infer<typeof emailInput>;

export const resetPasswordInput = z.object({ token: tokenSchema, password: passwordSchema });
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;

/** A 6-digit TOTP code or a recovery code like "k3x9q-7m2pd". */
export const twoFactorCodeInput = z.object({
  code: z.string().trim().min(6, "Enter the 6-digit code.").max(32, "Enter the 6-digit code."),
});
export type TwoFactorCodeInput = z.infer<typeof twoFactorCodeInput>;

export const updateProfileInput = z.object({
  name: nameSchema.optional(),
  locale: localeSchema.optional(),
  timezone: timezoneSchema.optional(),
  /** null removes the avatar. */
  avatarUrl: avatarUrlSchema.nullable().optional(),
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export const changePasswordInput = z.object({
  currentPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const passwordConfirmInput = z.object({ password: currentPasswordSchema });
export type PasswordConfirmInput = z.infer<typeof passwordConfirmInput>;

export const revokeSessionInput = z.object({
  sessionId: z.string().regex(/^[0-9a-f]{64}$/, "Unknown session."),
});
export type RevokeSessionInput = z.infer<typeof revokeSessionInput>;
