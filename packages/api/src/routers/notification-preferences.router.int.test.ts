import { useTestEnv } from "@quartet/core/testing/integration";
import { makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

describe("notificationPreferences router", () => {
  it("lists every desk type with its defaults, sets one channel at a time, only for the caller", async () => {
    const me = await makeUser(db);
    const someone = await makeUser(db);
    const asMe = await callerFor(me);

    const initial = await asMe.notificationPreferences.list();
    expect(initial.map((p) => p.type)).toEqual([
      "desk.assigned",
      "desk.mentioned",
      "desk.customer_replied",
      "desk.sla_warning",
      "desk.sla_breached",
      "desk.following",
      "desk.new_ticket",
    ]);
    expect(initial.every((p) => p.inApp && p.email)).toBe(true);
    // New-ticket notices are off until an agent picks which tickets.
    expect(initial.map((p) => p.scope)).toEqual([null, null, null, null, null, null, "off"]);
    expect(
      await asMe.notificationPreferences.set({ type: "desk.new_ticket", scope: "my_teams" }),
    ).toMatchObject({
      scope: "my_teams",
    });
    expect(initial[0]?.labelKey).toBe("deskSettings.notify.types.assigned.label");

    expect(await asMe.notificationPreferences.set({ type: "desk.mentioned", email: false })).toMatchObject({
      type: "desk.mentioned",
      inApp: true,
      email: false,
    });
    await asMe.notificationPreferences.set({ type: "desk.mentioned", inApp: false });
    const after = await asMe.notificationPreferences.list();
    expect(after.find((p) => p.type === "desk.mentioned")).toMatchObject({ inApp: false, email: false });
    expect(after.find((p) => p.type === "desk.assigned")).toMatchObject({ inApp: true, email: true });

    // Someone else's preferences are untouched.
    const theirs = await (await callerFor(someone)).notificationPreferences.list();
    expect(theirs.every((p) => p.inApp && p.email)).toBe(true);
  });

  it("rejects unknown types and empty changes; anonymous callers are refused", async () => {
    const me = await makeUser(db);
    const asMe = await callerFor(me);
    const unknown = await trpcError(
      asMe.notificationPreferences.set({ type: "desk.nope" as never, email: false }),
    );
    expect(unknown.code).toBe("BAD_REQUEST");
    const empty = await trpcError(asMe.notificationPreferences.set({ type: "desk.assigned" }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(await db.notificationPreference.count({ where: { userId: me.id } })).toBe(0);
    expect((await trpcError((await callerFor()).notificationPreferences.list())).code).toBe("UNAUTHORIZED");
  });
});
