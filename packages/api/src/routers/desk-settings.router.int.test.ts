import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The deskSettings router end to end (the tenancy walk covers outsiders for every org procedure).

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

const zodFields = (cause: unknown) =>
  cause instanceof z.ZodError ? cause.issues.map((i) => i.path.join(".")).sort() : [];

describe("deskSettings router", () => {
  it("members read the defaults; admins save (upsert) and everyone then reads the saved values", async () => {
    const { org, admin, agent, member } = await makeStaffedOrg(db);
    const asMember = await callerFor(member);
    expect(await asMember.deskSettings.get({ orgId: org.id })).toEqual({
      autoCloseDays: 7,
      csatEnabled: true,
      helpCenterEnabled: true,
      helpCenterTitle: null,
      emailSenderName: null,
      canEdit: false,
      inboundAddress: `${org.slug}@inbound.quartet.test`,
      language: "en",
    });

    const asAdmin = await callerFor(admin);
    expect((await asAdmin.deskSettings.get({ orgId: org.id })).canEdit).toBe(true);
    const saved = await asAdmin.deskSettings.update({
      orgId: org.id,
      autoCloseDays: 0,
      csatEnabled: false,
      helpCenterTitle: "  Acme Help  ",
      emailSenderName: "Acme Support",
    });
    expect(saved).toMatchObject({ autoCloseDays: 0, csatEnabled: false, helpCenterTitle: "Acme Help" });
    // A partial update keeps the rest; an emptied text field clears it.
    await asAdmin.deskSettings.update({ orgId: org.id, helpCenterEnabled: false, emailSenderName: "" });
    expect(await (await callerFor(agent)).deskSettings.get({ orgId: org.id })).toEqual({
      autoCloseDays: 0,
      csatEnabled: false,
      helpCenterEnabled: false,
      helpCenterTitle: "Acme Help",
      emailSenderName: null,
      canEdit: false,
      inboundAddress: `${org.slug}@inbound.quartet.test`,
      language: "en",
    });
    expect(await db.deskSettings.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it("agents and members can't change settings; bad values name their field", async () => {
    const { org, owner, agent } = await makeStaffedOrg(db);
    const forbidden = await trpcError(
      (await callerFor(agent)).deskSettings.update({ orgId: org.id, autoCloseDays: 3 }),
    );
    expect(forbidden.code).toBe("FORBIDDEN");
    expect(await db.deskSettings.count({ where: { organizationId: org.id } })).toBe(0);

    const asOwner = await callerFor(owner);
    const bad = await trpcError(
      asOwner.deskSettings.update({ orgId: org.id, autoCloseDays: 91, helpCenterTitle: "x".repeat(121) }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(zodFields(bad.cause)).toEqual(["autoCloseDays", "helpCenterTitle"]);
    const negative = await trpcError(asOwner.deskSettings.update({ orgId: org.id, autoCloseDays: -1 }));
    expect(zodFields(negative.cause)).toEqual(["autoCloseDays"]);
    expect((await asOwner.deskSettings.update({ orgId: org.id, autoCloseDays: 90 })).autoCloseDays).toBe(90);
  });
});
