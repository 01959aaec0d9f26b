import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { DbOrTx } from "../client.ts";
import type {
  MemberRole,
  Plan,
  PlatformRole,
  SubscriptionStatus,
  UserStatus,
} from "../generated/prisma/enums.ts";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomUUID().slice(0, 4)}`;

/** Cheap argon2id parameters for tests only; production uses the OWASP ones in @quartet/auth. */
export const testPasswordHash = (password: string) =>
  hash(password, { memoryCost: 1024, timeCost: 1, parallelism: 1 });

export async function makeUser(
  db: DbOrTx,
  overrides: {
    email?: string;
    name?: string;
    password?: string;
    status?: UserStatus;
    platformRole?: PlatformRole;
    locale?: string;
  } = {},
) {
  const email = (overrides.email ?? `user-${unique()}@example.test`).toLowerCase();
  return db.user.create({
    data: {
      email,
      name: overrides.name ?? "Test User",
      passwordHash: await testPasswordHash(overrides.password ?? "correct horse battery staple"),
      status: overrides.status ?? "ACTIVE",
      emailVerifiedAt: (overrides.status ?? "ACTIVE") === "PENDING" ? null : new Date(),
      platformRole: overrides.platformRole ?? "USER",
      locale: overrides.locale ?? "en",
    },
  });
}

export async function makeOrg(
  db: DbOrTx,
  owner: { id: string },
  overrides: {
    name?: string;
    slug?: string;
    members?: { userId: string; role: MemberRole }[];
    /** A paid plan for tests that need more than FREE allows (an ACTIVE comp subscription). */
    plan?: Plan;
  } = {},
) {
  const slug = overrides.slug ?? `org-${unique()}`;
  const org = await db.organization.create({
    data: {
      name: overrides.name ?? "Test Workspace",
      slug,
      ownerId: owner.id,
      memberships: {
        create: [{ userId: owner.id, role: "OWNER" }, ...(overrides.members ?? [])],
      },
    },
  });
  if (!overrides.plan || overrides.plan === "FREE") return org;
  await putOnPlan(db, org.id, overrides.plan);
  return { ...org, plan: overrides.plan };
}

/**
 * Gives a workspace an ACTIVE subscription on `plan` (provider MANUAL, one month) and the
 * Organization.plan projection with it, as billing's setWorkspacePlan does.
 */
export async function putOnPlan(
  db: DbOrTx,
  orgId: string,
  plan: Plan,
  options: { status?: SubscriptionStatus; periodEnd?: Date; trialEndsAt?: Date } = {},
) {
  const now = new Date();
  const data = {
    plan,
    status: options.status ?? "ACTIVE",
    provider: "MANUAL" as const,
    currentPeriodStart: now,
    currentPeriodEnd: options.periodEnd ?? new Date(now.getTime() + 30 * 86_400_000),
    trialEndsAt: options.trialEndsAt ?? null,
  };
  await db.subscription.upsert({
    where: { organizationId: orgId },
    create: { organizationId: orgId, ...data },
    update: data,
  });
  await db.organization.update({
    where: { id: orgId },
    data: { plan, isTrialing: data.status === "TRIALING" },
  });
}

/**
 * A workspace with one person per role: the usual cast of role and tenancy tests. A staffed team
 * is on BUSINESS unless `plan` says otherwise (FREE's seat and agent limits are billing's tests).
 */
export async function makeStaffedOrg(db: DbOrTx, options: { plan?: Plan } = {}) {
  const owner = await makeUser(db, { name: "Olive Owner" });
  const admin = await makeUser(db, { name: "Addy Admin" });
  const agent = await makeUser(db, { name: "Aggie Agent" });
  const member = await makeUser(db, { name: "Mel Member" });
  const org = await makeOrg(db, owner, {
    members: [
      { userId: admin.id, role: "ADMIN" },
      { userId: agent.id, role: "AGENT" },
      { userId: member.id, role: "MEMBER" },
    ],
    plan: options.plan ?? "BUSINESS",
  });
  return { org, owner, admin, agent, member };
}
