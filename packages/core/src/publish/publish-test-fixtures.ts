import type { Db } from "@quartet/db/client";
import type { Plan } from "@quartet/db/enums";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import type { TestDeps } from "../testing/deps.ts";
import { actor } from "../testing/integration.ts";
import { connectSandbox } from "./channels/channel.service.ts";

// Shared set-up of the Publish integration tests: a workspace (time zone, plan) with an admin and
// sandbox channels, and the publish.post jobs enqueued for a publication.

export async function publishWorkspace(
  db: Db,
  deps: TestDeps,
  options: { timezone?: string; plan?: Plan; emulate?: string[] } = {},
) {
  const owner = await makeUser(db);
  const org = await makeOrg(db, owner, { plan: options.plan ?? "PRO" });
  if (options.timezone)
    await db.organization.update({ where: { id: org.id }, data: { timezone: options.timezone } });
  const who = actor(owner);
  const channels = [];
  for (const emulate of options.emulate ?? [undefined as unknown as string]) {
    channels.push(await connectSandbox(deps, who, { orgId: org.id, ...(emulate ? { emulate } : {}) }));
  }
  return { owner, org, who, channels, channel: channels[0] as (typeof channels)[number] };
}

/** The publish.post jobs queued for a publication, with their start time. */
export async function publishJobs(db: Db, publicationId: string) {
  return db.$queryRawUnsafe<{ id: string; start_after: Date; state: string }[]>(
    `SELECT id, start_after, state::text FROM pgboss.job WHERE name = 'publish.post' AND data->>'publicationId' = $1 ORDER BY created_on`,
    publicationId,
  );
}

export const headPublication = (db: Db, postId: string, occurrence = 0) =>
  db.postPublication.findFirstOrThrow({ where: { postId, occurrence } });
