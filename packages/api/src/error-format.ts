import type { TRPCError } from "@trpc/server";
import { z } from "zod";

// The sentence a client sees in a tRPC error's `message`: never a raw zod dump or a stack, always
// something a person can act on. Field-level details travel separately in `data.fieldErrors`.

export const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

/** One sentence for a validation failure: the first problem, and how many more there are. */
export function validationMessage(error: z.ZodError): string {
  const fields = new Set(error.issues.map((issue) => issue.path.join(".")));
  const first = error.issues[0]?.message ?? "Check the highlighted fields.";
  const more = fields.size - 1;
  if (more <= 0) return first;
  return `${first} (and ${more} more field${more === 1 ? "" : "s"} to fix)`;
}

export function humanMessage(error: TRPCError): string {
  if (error.code === "INTERNAL_SERVER_ERROR") return INTERNAL_MESSAGE;
  if (error.cause instanceof z.ZodError) return validationMessage(error.cause);
  if (error.code === "PARSE_ERROR" || error.cause instanceof SyntaxError) {
    return "The request couldn't be read: its input isn't valid JSON.";
  }
  return error.message;
}
