import { hashPassword } from "@quartet/auth/password";
import type { Db } from "@quartet/db/client";
import type { MemberRole, PlatformRole } from "@quartet/db/enums";
import { setWorkspacePlan } from "../billing/subscription.service.ts";
import { systemClock } from "../deps.ts";
import { seedInboxDemo } from "../inbox/canned/inbox-demo.seed.ts";
import { seedSandboxDemo } from "../inbox/sandbox/sandbox.seed.ts";
import { seedPublishDemo } from "../publish/publish-demo.seed.ts";
import { syncToolCatalog } from "../tools/catalog/tool-catalog.ts";

export interface DemoAccount {
  label: string;
  email: string;
  password: string;
}

const DEMO_WORKSPACE = { name: "Acme Outdoor", slug: "acme" };

const people: {
  label: string;
  email: string;
  name: string;
  platformRole: PlatformRole;
  role?: MemberRole;
}[] = [
  { label: "Platform admin", email: "admin@quartet.local", name: "Ada Admin", platformRole: "SUPERADMIN" },
  { label: "Owner", email: "owner@acme.test", name: "Olivia Owner", platformRole: "USER", role: "OWNER" },
  { label: "Agent", email: "agent@acme.test", name: "Aziz Agent", platformRole: "USER", role: "AGENT" },
  { label: "Member", email: "member@acme.test", name: "Mei Member", platformRole: "USER", role: "MEMBER" },
];

/** Demo password for every seeded account: printed by `pnpm start`, never used outside dev. */
export const DEMO_PASSWORD = "quartet-demo-2026";

/**
 * Creates (or leaves as they are) a platform admin and a demo workspace with an owner, an agent and
 * a member. Idempotent: running it again changes nothing that exists.
 */
export async function seedDemo(db: Db): Promise<{ accounts: DemoAccount[]; workspaceSlug: string }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, string>();
  for (const person of people) {
    const user = await db.user.upsert({
      where: { email: person.email },
      update: {},
      create: {
        email: person.email,
        name: person.name,
        passwordHash,
        status: "ACTIVE",
        emailVerifiedAt: new Date(),
        platformRole: person.platformRole,
      },
    });
    users.set(person.email, user.id);
  }

  const ownerId = users.get("owner@acme.test")!;
  const org = await db.organization.upsert({
    where: { slug: DEMO_WORKSPACE.slug },
    update: {},
    create: { ...DEMO_WORKSPACE, ownerId, plan: "PRO", timezone: "Europe/Paris" },
  });
  // The demo workspace is on PRO (a comp subscription, which is the truth Organization.plan mirrors).
  if (!(await db.subscription.findUnique({ where: { organizationId: org.id }, select: { id: true } }))) {
    await setWorkspacePlan({ db, clock: systemClock }, { orgId: org.id, plan: "PRO", provider: "MANUAL" });
  }
  for (const person of people) {
    if (!person.role) continue;
    const userId = users.get(person.email)!;
    await db.membership.upsert({
      where: { organizationId_userId: { organizationId: org.id, userId } },
      update: {},
      create: { organizationId: org.id, userId, role: person.role },
    });
  }
  // Tools: the catalogue (the worker syncs it at boot too).
  await syncToolCatalog(db);
  // Inbox: the offline sandbox channel with a few conversations.
  await seedSandboxDemo(db, org.id);
  await seedInboxDemo(db, org.id, ownerId);
  // Publish: a sandbox channel and two posts scheduled in the coming days.
  await seedPublishDemo(db, org.id, ownerId);
  return {
    accounts: people.map((p) => ({ label: p.label, email: p.email, password: DEMO_PASSWORD })),
    workspaceSlug: org.slug,
  };
}
