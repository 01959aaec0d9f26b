import type { DbOrTx } from "@quartet/db/client";
import type { Deps, UserActor } from "../deps.ts";
import * as repo from "./notification.repository.ts";
import {
  type CreateNotificationInput,
  type ListNotificationsInput,
  listNotificationsInput,
  type MarkReadInput,
  type NotificationItem,
  type NotificationPage,
} from "./notification.schema.ts";

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Adds an in-app notification for one user (optionally tied to a workspace). Pass the caller's
 * transaction so the notification exists only if the write that caused it commits.
 */
export function createNotification(db: DbOrTx, input: CreateNotificationInput): Promise<NotificationItem> {
  return repo.insertNotification(db, {
    userId: input.userId,
    organizationId: input.organizationId ?? null,
    type: clip(input.type, 50),
    title: clip(input.title, 200),
    message: input.message,
    link: input.link ? input.link.slice(0, 500) : null,
  });
}

export async function listNotifications(
  deps: Deps,
  actor: UserActor,
  rawInput: ListNotificationsInput,
): Promise<NotificationPage> {
  const input = listNotificationsInput.parse(rawInput);
  const ids = await repo.findPageIds(deps.db, actor.userId, {
    cursor: input.cursor,
    unreadOnly: input.unreadOnly,
    take: input.limit + 1,
  });
  const pageIds = ids.slice(0, input.limit);
  const rows = pageIds.length ? await repo.findByIds(deps.db, pageIds) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = pageIds.map((id) => byId.get(id)).filter((r): r is NotificationItem => r !== undefined);
  return { items, nextCursor: ids.length > input.limit ? (pageIds.at(-1) ?? null) : null };
}

export async function unreadCount(deps: Deps, actor: UserActor): Promise<{ count: number }> {
  return { count: await repo.countUnread(deps.db, actor.userId) };
}

/** Marks the caller's own notifications read; ids of other users' notifications are ignored. */
export async function markRead(
  deps: Deps,
  actor: UserActor,
  input: MarkReadInput,
): Promise<{ count: number }> {
  const { count } = await repo.markRead(deps.db, actor.userId, input.ids, deps.clock.now());
  return { count };
}

export async function markAllRead(deps: Deps, actor: UserActor): Promise<{ count: number }> {
  const { count } = await deps.db.$transaction((tx) => repo.markAllRead(tx, actor.userId, deps.clock.now()));
  return { count };
}
