import { makeOrg, makeUser, putOnPlan } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { createTestClock } from "../testing/deps.ts";
import { useTestEnv } from "../testing/integration.ts";
import { grantDayPass, revokeDayPassInTx } from "./day-pass.service.ts";
import { tierOf } from "./tier.service.ts";

// A person's tier is derived on every call from their workspaces' plans and their Day Pass, with an
// injected clock for the window's edges.

const clock = createTestClock("2026-12-07T10:00:00Z");
const { db, deps } = await useTestEnv({ clock });
const HOUR = 3_600_000;
const at = (iso: string) => ({ db, clock: createTestClock(iso) });

describe("tierOf", () => {
  it("GUEST without an account; FREE with only free workspaces; PREMIUM with a paid one, not once it's gone", async () => {
    expect(await tierOf(deps, null)).toBe("GUEST");
    const user = await makeUser(db);
    const personal = await makeOrg(db, user);
    expect(await tierOf(deps, user.id)).toBe("FREE");

    const team = await makeOrg(db, await makeUser(db), { members: [{ userId: user.id, role: "MEMBER" }] });
    await putOnPlan(db, team.id, "PRO");
    expect(await tierOf(deps, user.id)).toBe("PREMIUM");

    // A disabled membership or a deleted workspace gives nothing.
    await db.membership.updateMany({
      where: { organizationId: team.id, userId: user.id },
      data: { disabled: true },
    });
    expect(await tierOf(deps, user.id)).toBe("FREE");
    await db.membership.updateMany({
      where: { organizationId: team.id, userId: user.id },
      data: { disabled: false },
    });
    await db.organization.update({ where: { id: team.id }, data: { deletedAt: new Date() } });
    expect(await tierOf(deps, user.id)).toBe("FREE");

    // A trial gives PREMIUM until its end, FREE from that instant (no job needed).
    await putOnPlan(db, personal.id, "BUSINESS", {
      status: "TRIALING",
      trialEndsAt: new Date("2026-12-21T10:00:00Z"),
    });
    expect(await tierOf(at("2026-12-21T09:59:59.999Z"), user.id)).toBe("PREMIUM");
    expect(await tierOf(at("2026-12-21T10:00:00Z"), user.id)).toBe("FREE");
  });

  it("a Day Pass is 24 h of PREMIUM: from its start to the millisecond before its end", async () => {
    const user = await makeUser(db);
    const pass = await grantDayPass(deps, { userId: user.id, source: "PURCHASE" });
    expect(pass.startsAt).toEqual(new Date("2026-12-07T10:00:00Z"));
    expect(pass.endsAt).toEqual(new Date("2026-12-08T10:00:00Z"));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).dayPassExpiresAt).toEqual(
      pass.endsAt,
    );

    expect(await tierOf(at("2026-12-07T10:00:00Z"), user.id)).toBe("PREMIUM");
    expect(await tierOf(at("2026-12-08T09:59:59.999Z"), user.id)).toBe("PREMIUM");
    expect(await tierOf(at("2026-12-08T10:00:00Z"), user.id)).toBe("FREE");
  });

  it("a pass bought during another starts where it ends; a refund takes only its own hours back", async () => {
    const user = await makeUser(db);
    const first = await grantDayPass(deps, { userId: user.id, source: "PURCHASE" });
    clock.advance(5 * HOUR);
    const second = await grantDayPass(deps, { userId: user.id, source: "PURCHASE" });
    clock.advance(-5 * HOUR);
    expect(second.startsAt).toEqual(first.endsAt);
    expect(second.endsAt).toEqual(new Date("2026-12-09T10:00:00Z"));
    expect(await tierOf(at("2026-12-09T09:00:00Z"), user.id)).toBe("PREMIUM");

    await db.$transaction((tx) => revokeDayPassInTx(tx, second.id, clock.now()));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).dayPassExpiresAt).toEqual(
      first.endsAt,
    );
    expect(await tierOf(at("2026-12-09T09:00:00Z"), user.id)).toBe("FREE");
    expect(await tierOf(at("2026-12-08T09:00:00Z"), user.id)).toBe("PREMIUM");
  });

  it("parallel purchases chain instead of overlapping; the same payment grants one pass", async () => {
    const user = await makeUser(db);
    const passes = await Promise.all(
      Array.from({ length: 4 }, () => grantDayPass(deps, { userId: user.id, source: "PURCHASE" })),
    );
    const ends = passes.map((p) => p.endsAt.getTime()).sort();
    expect(ends).toEqual([1, 2, 3, 4].map((n) => new Date("2026-12-07T10:00:00Z").getTime() + n * 24 * HOUR));

    const payment = await db.payment.create({
      data: {
        userId: user.id,
        type: "DAY_PASS_PURCHASE",
        provider: "OFFLINE",
        amount: 4.99,
        status: "COMPLETED",
      },
    });
    const a = await grantDayPass(deps, { userId: user.id, source: "PURCHASE", paymentId: payment.id });
    const b = await grantDayPass(deps, { userId: user.id, source: "PURCHASE", paymentId: payment.id });
    expect(b.id).toBe(a.id);
    expect(await db.dayPass.count({ where: { userId: user.id } })).toBe(5);
  });
});
