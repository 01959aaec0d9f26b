import { PresenceResourceKind, PresenceState } from "@quartet/db/enums";
import { z } from "zod";

// Presence of people on a shared resource (a Desk ticket today, an Inbox conversation later).

/** A heartbeat older than this means the person left (closed the tab, lost the network). */
export const PRESENCE_WINDOW_MS = 20_000;
/** "Typing" that was not refreshed within this reads as "viewing" (a typist whose tab froze). */
export const TYPING_WINDOW_MS = 8_000;
/** Rows older than this are deleted by the sweep (maintenance.cleanup). */
export const PRESENCE_STALE_MS = 5 * 60_000;

export const presenceStateSchema = z.enum(PresenceState);
export const presenceResourceKindSchema = z.enum(PresenceResourceKind);

/** Another person seen on the resource within the window. */
export const presentPersonSchema = z.object({
  userId: z.uuid(),
  name: z.string().nullable(),
  email: z.string(),
  avatarUrl: z.string().nullable(),
  state: presenceStateSchema,
  lastSeenAt: z.date(),
});
export type PresentPerson = z.infer<typeof presentPersonSchema>;

/** Who a presence row is about: one person on one resource of one workspace. */
export interface PresenceKey {
  orgId: string;
  kind: PresenceResourceKind;
  resourceId: string;
  userId: string;
}
