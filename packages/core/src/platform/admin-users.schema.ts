import { UserStatus } from "@quartet/db/enums";
import { z } from "zod";
import { cursorSchema, limitSchema, searchSchema } from "./pagination.schema.ts";

export const userListInput = z.object({
  q: searchSchema,
  status: z.enum(UserStatus).optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type UserListInput = z.input<typeof userListInput>;

export const userIdInput = z.object({ userId: z.uuid({ message: "Unknown user." }) });

export const userActionInput = z.object({
  userId: z.uuid({ message: "Unknown user." }),
  reason: z
    .string()
    .trim()
    .max(500, { message: "Keep the reason under 500 characters." })
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type UserActionInput = z.input<typeof userActionInput>;

export const addNoteInput = z.object({
  userId: z.uuid({ message: "Unknown user." }),
  note: z
    .string()
    .trim()
    .min(1, { message: "Write a note first." })
    .max(2000, { message: "Keep notes under 2,000 characters." }),
});
export type AddNoteInput = z.input<typeof addNoteInput>;

/** The four status changes an admin can make, what they require and what they produce. */
export type UserStatusAction = "lock" | "unlock" | "disable" | "enable";
