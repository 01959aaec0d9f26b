import { z } from "zod";

/**
 * Every notification kind a user can tune, in the order the preferences screen lists them.
 * `labelKey` / `descriptionKey` are i18n keys of the web app (deskSettings area).
 */
export const NOTIFICATION_PREFERENCE_TYPES = [
  { type: "desk.assigned", group: "desk", key: "assigned" },
  { type: "desk.mentioned", group: "desk", key: "mentioned" },
  { type: "desk.customer_replied", group: "desk", key: "customerReplied" },
  { type: "desk.sla_warning", group: "desk", key: "slaWarning" },
  { type: "desk.sla_breached", group: "desk", key: "slaBreached" },
  { type: "desk.following", group: "desk", key: "following" },
  { type: "desk.new_ticket", group: "desk", key: "newTicket" },
] as const;

/**
 * Which new tickets an agent hears about (desk.new_ticket): none (the default), all of them, those
 * nobody is assigned to, or those of a team they belong to.
 */
export const NEW_TICKET_SCOPES = ["off", "all", "unassigned", "my_teams"] as const;
export type NewTicketScope = (typeof NEW_TICKET_SCOPES)[number];
export const newTicketScopeSchema = z.enum(NEW_TICKET_SCOPES, { message: "Choose which new tickets." });
/** The notification types that take a scope, with the scope a user has before choosing one. */
export const SCOPED_NOTIFICATION_TYPES: Partial<Record<string, NewTicketScope>> = {
  "desk.new_ticket": "off",
};

export type NotificationPreferenceType = (typeof NOTIFICATION_PREFERENCE_TYPES)[number]["type"];

const typeValues = NOTIFICATION_PREFERENCE_TYPES.map((t) => t.type) as [
  NotificationPreferenceType,
  ...NotificationPreferenceType[],
];
export const notificationPreferenceTypeSchema = z.enum(typeValues, {
  message: "Unknown notification type.",
});

/** Without a saved row a user hears about everything, in the app and by email. */
export const DEFAULT_NOTIFICATION_PREFERENCE = { inApp: true, email: true } as const;

export const setNotificationPreferenceInput = z
  .object({
    type: notificationPreferenceTypeSchema,
    inApp: z.boolean().optional(),
    email: z.boolean().optional(),
    /** desk.new_ticket only. */
    scope: newTicketScopeSchema.optional(),
  })
  .refine((v) => v.inApp !== undefined || v.email !== undefined || v.scope !== undefined, {
    message: "Choose in-app, email or both.",
    path: ["inApp"],
  })
  .refine((v) => v.scope === undefined || SCOPED_NOTIFICATION_TYPES[v.type] !== undefined, {
    message: "This notification type has no scope.",
    path: ["scope"],
  });
export type SetNotificationPreferenceInput = z.input<typeof setNotificationPreferenceInput>;

export interface NotificationChannels {
  inApp: boolean;
  email: boolean;
}

export interface NotificationPreferenceItem extends NotificationChannels {
  type: NotificationPreferenceType;
  group: string;
  labelKey: string;
  descriptionKey: string;
  /** For scoped types (desk.new_ticket): which events; null for the others. */
  scope: NewTicketScope | null;
}
