import type { AdminRouter } from "@quartet/api/admin-router";
import type { TRPCClientErrorLike } from "@trpc/client";

type AdminError = TRPCClientErrorLike<AdminRouter>;

/** A server error for one form field: its field error when the server named one, else the message. */
export function fieldError(error: AdminError | null | undefined, field: string): string | undefined {
  if (!error) return undefined;
  const fields = (error.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors;
  return fields?.[field] ?? undefined;
}

/** The error's sentence when no field took it. */
export function formError(error: AdminError | null | undefined, fields: string[]): string | undefined {
  if (!error) return undefined;
  const named = (error.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors;
  if (named && fields.some((f) => named[f])) return undefined;
  return error.message;
}

export function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
