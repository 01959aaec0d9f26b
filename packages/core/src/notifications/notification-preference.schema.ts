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
] as const;

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
  })
  .refine((v) => v.inApp !== undefined || v.email !== undefined, {
    message: "Choose in-app, email or both.",
    path: ["inApp"],
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
}
