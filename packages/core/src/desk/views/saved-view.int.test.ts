import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from "./saved-view.service.ts";

const { db, deps } = await useTestEnv();

describe("saved views", () => {
  it("personal views are their owner's only; shared views are visible to every member", async () => {
    const { org, admin, agent, member } = await makeStaffedOrg(db);
    const mine = await createSavedView(deps, actor(agent), {
      orgId: org.id,
      name: "My urgent",
      filters: { priority: "URGENT", assigneeId: agent.id },
      sort: "slaDueAt",
    });
    expect(mine).toMatchObject({
      name: "My urgent",
      isShared: false,
      canEdit: true,
      mine: true,
      sort: "slaDueAt",
    });
    expect(mine.filters).toEqual({ priority: "URGENT", assigneeId: agent.id });
    // Views with the same position list in creation order: make the second one later.
    deps.clock.advance(1_000);
    const shared = await createSavedView(deps, actor(admin), {
      orgId: org.id,
      name: "Open billing",
      filters: { status: "OPEN", tag: "billing" },
      isShared: true,
    });

    expect((await listSavedViews(deps, actor(agent), { orgId: org.id })).map((v) => v.name)).toEqual([
      "My urgent",
      "Open billing",
    ]);
    const memberViews = await listSavedViews(deps, actor(member), { orgId: org.id });
    expect(memberViews.map((v) => [v.name, v.canEdit])).toEqual([["Open billing", false]]);
    expect(memberViews.map((v) => v.id)).toEqual([shared.id]);

    // Someone else's personal view does not exist for the caller.
    expect(
      (await appError(updateSavedView(deps, actor(admin), { orgId: org.id, viewId: mine.id, name: "x" })))
        .code,
    ).toBe("NOT_FOUND");
    expect(
      (await appError(deleteSavedView(deps, actor(member), { orgId: org.id, viewId: mine.id }))).code,
    ).toBe("NOT_FOUND");
    const outsider = await makeStaffedOrg(db);
    expect((await appError(listSavedViews(deps, actor(outsider.owner), { orgId: org.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("only admins share a view or change and delete shared ones; owners rename and delete their own", async () => {
    const { org, admin, agent } = await makeStaffedOrg(db);
    const refused = await appError(
      createSavedView(deps, actor(agent), { orgId: org.id, name: "Team view", isShared: true }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.fieldErrors).toEqual({ isShared: "Only admins can share views." });

    const shared = await createSavedView(deps, actor(admin), {
      orgId: org.id,
      name: "Shared",
      isShared: true,
    });
    expect(
      (
        await appError(
          updateSavedView(deps, actor(agent), { orgId: org.id, viewId: shared.id, name: "Mine now" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (await appError(deleteSavedView(deps, actor(agent), { orgId: org.id, viewId: shared.id }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await updateSavedView(deps, actor(admin), { orgId: org.id, viewId: shared.id, name: "Renamed" })).name,
    ).toBe("Renamed");

    const own = await createSavedView(deps, actor(agent), {
      orgId: org.id,
      name: "Own",
      filters: { status: "PENDING" },
    });
    expect(
      (await appError(updateSavedView(deps, actor(agent), { orgId: org.id, viewId: own.id, isShared: true })))
        .code,
    ).toBe("FORBIDDEN");
    const renamed = await updateSavedView(deps, actor(agent), {
      orgId: org.id,
      viewId: own.id,
      name: "Waiting",
      sort: "priority",
    });
    expect(renamed).toMatchObject({ name: "Waiting", sort: "priority", filters: { status: "PENDING" } });
    await deleteSavedView(deps, actor(agent), { orgId: org.id, viewId: own.id });
    await deleteSavedView(deps, actor(admin), { orgId: org.id, viewId: shared.id });
    expect(await listSavedViews(deps, actor(agent), { orgId: org.id })).toEqual([]);
  });

  it("refuses a blank name and filters the list doesn't know", async () => {
    const { org, agent } = await makeStaffedOrg(db);
    await expect(createSavedView(deps, actor(agent), { orgId: org.id, name: "  " })).rejects.toThrow(/name/);
    await expect(
      createSavedView(deps, actor(agent), {
        orgId: org.id,
        name: "Bad",
        filters: { status: "DELETED" as never },
      }),
    ).rejects.toThrow();
  });
});
