import { z } from "zod";

export const listNotificationsInput = z.object({
  /** Id of the last notification of the previous page (opaque to clients). */
  cursor: z.uuid({ message: "Invalid cursor." }).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  unreadOnly: z.boolean().default(false),
});
export type ListNotificationsInput = z.input<typeof listNotificationsInput>;

export const markReadInput = z.object({ ids: z.array(z.uuid()).min(1).max(100) });
export type MarkReadInput = z.infer<typeof markReadInput>;

export interface CreateNotificationInput {
  userId: string;
  organizationId?: string | null;
  /** Dotted or upper-case kind the UI can branch on, e.g. "INVITATION", "MEMBER_JOINED". */
  type: string;
  title: string;
  message: string;
  /** In-app path (e.g. "/invite?token=…") or absolute URL. */
  link?: string | null;
}

export interface NotificationItem {
  id: string;
  type: string;
  title: string;
  message: string;
  link: string | null;
  read: boolean;
  createdAt: Date;
  organizationId: string | null;
}

export interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
}
