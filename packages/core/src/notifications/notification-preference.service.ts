import type { DbOrTx } from "@quartet/db/client";
import type { Deps, UserActor } from "../deps.ts";
import * as repo from "./notification-preference.repository.ts";
import {
  DEFAULT_NOTIFICATION_PREFERENCE,
  type NewTicketScope,
  NOTIFICATION_PREFERENCE_TYPES,
  type NotificationChannels,
  type NotificationPreferenceItem,
  newTicketScopeSchema,
  SCOPED_NOTIFICATION_TYPES,
  type SetNotificationPreferenceInput,
  setNotificationPreferenceInput,
} from "./notification-preference.schema.ts";

const describe = (t: (typeof NOTIFICATION_PREFERENCE_TYPES)[number]) => ({
  type: t.type,
  group: t.group,
  labelKey: `deskSettings.notify.types.${t.key}.label`,
  descriptionKey: `deskSettings.notify.types.${t.key}.description`,
});

/** The scope of a scoped type (its default when never chosen, or stored as something unknown); null otherwise. */
function scopeOf(type: string, stored: string | null | undefined): NewTicketScope | null {
  const fallback = SCOPED_NOTIFICATION_TYPES[type];
  if (fallback === undefined) return null;
  const parsed = newTicketScopeSchema.safeParse(stored);
  return parsed.success ? parsed.data : fallback;
}

/** How `userId` wants to hear about `type` (the defaults when they never chose). */
export async function channelsFor(db: DbOrTx, userId: string, type: string): Promise<NotificationChannels> {
  const row = await repo.findPreference(db, userId, type);
  return row ? { inApp: row.inApp, email: row.email } : { ...DEFAULT_NOTIFICATION_PREFERENCE };
}

/** Every tunable notification type with the caller's current choice. */
export async function listNotificationPreferences(
  deps: Deps,
  actor: UserActor,
): Promise<NotificationPreferenceItem[]> {
  const saved = new Map((await repo.findPreferences(deps.db, actor.userId)).map((r) => [r.type, r]));
  return NOTIFICATION_PREFERENCE_TYPES.map((t) => {
    const row = saved.get(t.type);
    return {
      ...describe(t),
      inApp: row?.inApp ?? DEFAULT_NOTIFICATION_PREFERENCE.inApp,
      email: row?.email ?? DEFAULT_NOTIFICATION_PREFERENCE.email,
      scope: scopeOf(t.type, row?.scope),
    };
  });
}

/**
 * Turns one channel (or both) of one type on or off for the caller; the other channel stays. For a
 * scoped type (desk.new_ticket) it also sets which events (`scope`).
 */
export async function setNotificationPreference(
  deps: Deps,
  actor: UserActor,
  rawInput: SetNotificationPreferenceInput,
): Promise<NotificationPreferenceItem> {
  const input = setNotificationPreferenceInput.parse(rawInput);
  const update = {
    ...(input.inApp !== undefined ? { inApp: input.inApp } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.scope !== undefined ? { scope: input.scope } : {}),
  };
  const row = await repo.upsertPreference(
    deps.db,
    actor.userId,
    input.type,
    { ...DEFAULT_NOTIFICATION_PREFERENCE, scope: SCOPED_NOTIFICATION_TYPES[input.type] ?? null, ...update },
    update,
  );
  const meta = NOTIFICATION_PREFERENCE_TYPES.find((t) => t.type === input.type);
  if (!meta) throw new Error(`unreachable: ${input.type} passed the schema`);
  return { ...describe(meta), inApp: row.inApp, email: row.email, scope: scopeOf(input.type, row.scope) };
}
