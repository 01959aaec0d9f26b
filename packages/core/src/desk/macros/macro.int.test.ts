import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTicket, getTicket } from "../tickets/ticket.service.ts";
import { applyMacro, createMacro, deleteMacro, listMacros, updateMacro } from "./macro.service.ts";

const { db, deps } = await useTestEnv();

async function deskWithTicket() {
  const cast = await makeStaffedOrg(db);
  const ticket = await createTicket(deps, actor(cast.agent), {
    orgId: cast.org.id,
    subject: "Refund for order 1001",
    description: "Please refund.",
    tags: ["billing", "urgent-ish"],
    requester: { email: `macro-${cast.org.slug}@example.test`, name: "Jane Doe" },
  });
  return { ...cast, orgId: cast.org.id, ticket };
}

async function zodError(promise: Promise<unknown>): Promise<ZodError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ZodError)) throw new Error(`expected a ZodError, got ${String(err)}`);
  return err;
}

describe("macros", () => {
  it("renders the fixed placeholders and applies its field changes with one activity per field", async () => {
    const { orgId, ticket, agent, org } = await deskWithTicket();
    const macro = await createMacro(deps, actor(agent), {
      orgId,
      name: "Refund done",
      body: "Hi {{ requester.firstName }}, ticket {{ticket.number}} ({{ticket.subject}}) is refunded. {{requester.name}} / {{agent.name}} / {{workspace.name}}",
      actions: {
        status: "PENDING",
        priority: "HIGH",
        addTags: ["Refunded"],
        removeTags: ["urgent-ish"],
        assigneeId: agent.id,
      },
    });
    expect(macro).toMatchObject({ usageCount: 0, mine: true, canEdit: true, isShared: false });

    const applied = await applyMacro(deps, actor(agent), { orgId, macroId: macro.id, ticketId: ticket.id });
    expect(applied.text).toBe(
      `Hi Jane, ticket #${ticket.number} (Refund for order 1001) is refunded. Jane Doe / Aggie Agent / ${org.name}`,
    );
    const detail = await getTicket(deps, actor(agent), { orgId, ticketId: ticket.id });
    expect(detail).toMatchObject({ status: "PENDING", priority: "HIGH", tags: ["billing", "refunded"] });
    expect(detail.assignee?.id).toBe(agent.id);
    const kinds = detail.activities.map((a) => a.actionType);
    for (const k of ["status_changed", "priority_changed", "tags_changed", "assigned"])
      expect(kinds.filter((x) => x === k)).toHaveLength(1);
    // The text is only returned: no message was sent.
    expect(detail.messages.map((m) => m.message)).not.toContain(applied.text);
    expect((await listMacros(deps, actor(agent), { orgId }))[0]?.usageCount).toBe(1);
  });

  it("unknown placeholders and empty macros are validation errors on the field", async () => {
    const { orgId, agent } = await deskWithTicket();
    const err = await zodError(
      createMacro(deps, actor(agent), {
        orgId,
        name: "Bad",
        body: "Hi {{requester.password}} {{ constructor }}",
      }),
    );
    expect(err.issues[0]?.path).toEqual(["body"]);
    expect(err.issues[0]?.message).toContain("{{requester.password}}");
    const empty = await zodError(createMacro(deps, actor(agent), { orgId, name: "Empty", body: "  " }));
    expect(empty.issues[0]?.path).toEqual(["body"]);
    const ok = await createMacro(deps, actor(agent), { orgId, name: "Ok", body: "Thanks!" });
    await zodError(updateMacro(deps, actor(agent), { orgId, macroId: ok.id, body: "{{ticket.secret}}" }));
  });

  it("admins manage shared macros, agents their own; others' personal macros don't exist", async () => {
    const { orgId, ticket, admin, agent, member } = await deskWithTicket();
    expect(
      (await appError(createMacro(deps, actor(agent), { orgId, name: "Team", body: "x", isShared: true })))
        .code,
    ).toBe("FORBIDDEN");
    const shared = await createMacro(deps, actor(admin), { orgId, name: "Team", body: "x", isShared: true });
    const mine = await createMacro(deps, actor(agent), { orgId, name: "Mine", body: "y" });

    const asAgent = await listMacros(deps, actor(agent), { orgId });
    expect(asAgent.map((m) => [m.name, m.canEdit]).sort()).toEqual([
      ["Mine", true],
      ["Team", false],
    ]);
    expect((await listMacros(deps, actor(admin), { orgId })).map((m) => m.name)).toEqual(["Team"]);
    expect(
      (await appError(updateMacro(deps, actor(agent), { orgId, macroId: shared.id, name: "z" }))).code,
    ).toBe("FORBIDDEN");
    expect((await appError(deleteMacro(deps, actor(admin), { orgId, macroId: mine.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await appError(applyMacro(deps, actor(admin), { orgId, macroId: mine.id, ticketId: ticket.id }))).code,
    ).toBe("NOT_FOUND");
    expect((await appError(listMacros(deps, actor(member), { orgId }))).code).toBeTruthy();
    const outsider = await makeStaffedOrg(db);
    expect((await appError(listMacros(deps, actor(outsider.owner), { orgId }))).code).toBe("NOT_FOUND");
    expect(
      (
        await appError(
          applyMacro(deps, actor(outsider.owner), { orgId, macroId: shared.id, ticketId: ticket.id }),
        )
      ).code,
    ).toBe("NOT_FOUND");

    await updateMacro(deps, actor(agent), { orgId, macroId: mine.id, name: "Mine 2" });
    await deleteMacro(deps, actor(agent), { orgId, macroId: mine.id });
    await deleteMacro(deps, actor(admin), { orgId, macroId: shared.id });
    expect(await listMacros(deps, actor(agent), { orgId })).toEqual([]);
  });
});
