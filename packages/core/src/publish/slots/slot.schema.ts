import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of posting sets (named time slots in a time zone) and "next free slot".

export const slotTime = z.object({
  /** ISO weekday, 1 = Monday … 7 = Sunday; absent: every day. */
  day: z.number().int().min(1).max(7).optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time is HH:mm."),
});
export type SlotTime = z.infer<typeof slotTime>;

export const createSetInput = z.object({
  orgId: z.uuid(),
  name: text().trim().min(1, "Give the set a name.").max(100, "At most 100 characters."),
  times: z.array(slotTime).min(1, "Add at least one time.").max(100),
  /** IANA name; absent: the workspace's. */
  timezone: z.string().max(64).optional(),
});
export type CreateSetInput = z.input<typeof createSetInput>;

export const setIdInput = z.object({ orgId: z.uuid(), setId: z.uuid() });
export type SetIdInput = z.infer<typeof setIdInput>;

export const nextSlotInput = z.object({
  orgId: z.uuid(),
  channelIds: z.array(z.uuid()).min(1, "Pick at least one channel.").max(20),
  /** Use this posting set's times; absent: the channels' preferred times. */
  setId: z.uuid().optional(),
});
export type NextSlotInput = z.input<typeof nextSlotInput>;

export interface SetItem {
  id: string;
  name: string;
  times: SlotTime[];
  timezone: string;
  createdAt: Date;
}

export interface NextSlot {
  at: Date;
  date: string;
  time: string;
  timeZone: string;
}
