import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, useTestEnv } from "../testing/integration.ts";
import {
  createNotification,
  listNotifications,
  markAllRead,
  markRead,
  unreadCount,
} from "./notification.service.ts";

const { db, deps } = await useTestEnv();

/** Creates `n` notifications; those made in one transaction share Postgres' now() to the microsecond. */
async function seed(userId: string, n: number, opts: { sameInstant?: boolean; prefix?: string } = {}) {
  const make = (dbOrTx: Parameters<typeof createNotification>[0], i: number) =>
    createNotification(dbOrTx, {
      userId,
      type: "TEST",
      title: `${opts.prefix ?? "n"}${i}`,
      message: `message ${i}`,
    });
  if (opts.sameInstant) {
    await db.$transaction(async (tx) => {
      for (let i = 0; i < n; i++) await make(tx, i);
    });
  } else {
    for (let i = 0; i < n; i++) await make(db, i);
  }
}

/** Walks every page and returns all items seen. */
async function walk(
  user: { id: string },
  limit: number,
  unreadOnly = false,
  between?: (ids: string[]) => Promise<void>,
) {
  const seen: { id: string; createdAt: Date }[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listNotifications(deps, actor(user), { cursor, limit, unreadOnly });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    if (between) await between(page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
    if (pages > 100) throw new Error("pagination does not end");
  } while (cursor);
  return { seen, pages };
}

describe("notifications", () => {
  it("createNotification stores a per-user (optionally per-workspace) notification", async () => {
    const user = await makeUser(db);
    const org = await makeOrg(db, user);
    const n = await createNotification(db, {
      userId: user.id,
      organizationId: org.id,
      type: "INVITATION",
      title: "Hello",
      message: "World",
      link: "/invite?token=abc",
    });
    expect(n).toMatchObject({
      type: "INVITATION",
      title: "Hello",
      message: "World",
      link: "/invite?token=abc",
      read: false,
      organizationId: org.id,
    });
    const page = await listNotifications(deps, actor(user), {});
    expect(page).toEqual({ items: [n], nextCursor: null });
  });

  it("pages by (createdAt desc, id desc) with every item exactly once, ties included", async () => {
    const user = await makeUser(db);
    await seed(user.id, 7, { prefix: "a" });
    await seed(user.id, 9, { sameInstant: true, prefix: "tie" }); // nine rows with one timestamp
    await seed(user.id, 5, { prefix: "b" });
    const other = await makeUser(db);
    await seed(other.id, 3);

    const { seen, pages } = await walk(user, 4);
    expect(seen).toHaveLength(21);
    expect(pages).toBe(6);
    expect(new Set(seen.map((s) => s.id)).size).toBe(21);
    const all = await db.notification.findMany({
      where: { userId: user.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(seen.map((s) => s.id)).toEqual(all.map((a) => a.id));
  });

  it("unreadOnly filters, and keeps paging correctly when the cursor row is marked read in between", async () => {
    const user = await makeUser(db);
    await seed(user.id, 12);
    const firstThree = (await listNotifications(deps, actor(user), { limit: 3 })).items.map((i) => i.id);
    await markRead(deps, actor(user), { ids: firstThree });

    expect((await unreadCount(deps, actor(user))).count).toBe(9);
    // Read each page as it is shown, as the UI does.
    const { seen } = await walk(user, 4, true, async (ids) => {
      await markRead(deps, actor(user), { ids });
    });
    expect(seen).toHaveLength(9);
    expect(seen.some((s) => firstThree.includes(s.id))).toBe(false);
    expect((await unreadCount(deps, actor(user))).count).toBe(0);
  });

  it("markRead only touches the caller's notifications; markAllRead clears the count", async () => {
    const me = await makeUser(db);
    const other = await makeUser(db);
    await seed(me.id, 3);
    await seed(other.id, 2);
    const theirs = (await listNotifications(deps, actor(other), {})).items.map((i) => i.id);
    const mine = (await listNotifications(deps, actor(me), {})).items.map((i) => i.id);

    expect(await markRead(deps, actor(me), { ids: [...theirs, mine[0] ?? ""] })).toEqual({ count: 1 });
    expect((await unreadCount(deps, actor(other))).count).toBe(2);
    expect((await unreadCount(deps, actor(me))).count).toBe(2);
    const firstMine = await db.notification.findUniqueOrThrow({ where: { id: mine[0] ?? "" } });
    expect(firstMine.read).toBe(true);
    expect(firstMine.readAt).not.toBeNull();

    expect(await markAllRead(deps, actor(me))).toEqual({ count: 2 });
    expect((await unreadCount(deps, actor(me))).count).toBe(0);
    expect((await unreadCount(deps, actor(other))).count).toBe(2);
    expect((await listNotifications(deps, actor(me), { unreadOnly: true })).items).toEqual([]);
  });

  it("another user's id as cursor yields nothing of theirs", async () => {
    const me = await makeUser(db);
    const other = await makeUser(db);
    await seed(other.id, 2);
    const theirs = (await listNotifications(deps, actor(other), {})).items[0]?.id;
    const page = await listNotifications(deps, actor(me), { cursor: theirs });
    expect(page.items).toEqual([]);
  });
});
