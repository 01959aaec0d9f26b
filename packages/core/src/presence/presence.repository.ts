import type { DbOrTx } from "@quartet/db/client";
import type { PresenceResourceKind, PresenceState } from "@quartet/db/enums";
import type { PresenceKey, PresentPerson } from "./presence.schema.ts";

// The only code that reads or writes presence rows (table `presences`, UNLOGGED, see its migration).

/** Records a heartbeat: one upsert on the primary key (a HOT update once the row exists). */
export async function upsertPresence(
  db: DbOrTx,
  key: PresenceKey,
  state: PresenceState,
  now: Date,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO presences (organization_id, resource_kind, resource_id, user_id, state, last_seen_at)
    VALUES (${key.orgId}::uuid, ${key.kind}::presence_resource_kind, ${key.resourceId}::uuid,
            ${key.userId}::uuid, ${state}::presence_state, ${now})
    ON CONFLICT (resource_kind, resource_id, user_id)
    DO UPDATE SET state = EXCLUDED.state, last_seen_at = EXCLUDED.last_seen_at`;
}

/**
 * Everyone but `exceptUserId` seen on the resource since `since`, each once, typists first then by
 * name. A "typing" row older than `typingSince` reads as viewing. Only active members of the
 * workspace are returned (someone removed a second ago disappears at once).
 */
export async function listPresent(
  db: DbOrTx,
  input: {
    orgId: string;
    kind: PresenceResourceKind;
    resourceId: string;
    exceptUserId: string | null;
    since: Date;
    typingSince: Date;
  },
): Promise<PresentPerson[]> {
  return db.$queryRaw<PresentPerson[]>`
    SELECT p.user_id AS "userId", u.name, u.email, u.avatar_url AS "avatarUrl",
           (CASE WHEN p.state = 'TYPING' AND p.last_seen_at >= ${input.typingSince}
                 THEN 'TYPING' ELSE 'VIEWING' END) AS state,
           p.last_seen_at AS "lastSeenAt"
    FROM presences p
    JOIN users u ON u.id = p.user_id
    JOIN memberships m ON m.organization_id = p.organization_id AND m.user_id = p.user_id AND NOT m.disabled
    WHERE p.resource_kind = ${input.kind}::presence_resource_kind
      AND p.resource_id = ${input.resourceId}::uuid
      AND p.organization_id = ${input.orgId}::uuid
      AND p.last_seen_at >= ${input.since}
      AND p.user_id IS DISTINCT FROM ${input.exceptUserId}::uuid
    ORDER BY (p.state = 'TYPING' AND p.last_seen_at >= ${input.typingSince}) DESC,
             coalesce(u.name, u.email), p.user_id
    LIMIT 50`;
}

/** The person left the resource (unmount, tab closed). */
export async function deletePresence(db: DbOrTx, key: PresenceKey): Promise<number> {
  return db.$executeRaw`
    DELETE FROM presences
    WHERE resource_kind = ${key.kind}::presence_resource_kind AND resource_id = ${key.resourceId}::uuid
      AND user_id = ${key.userId}::uuid AND organization_id = ${key.orgId}::uuid`;
}

/** Deletes rows whose last heartbeat is older than `before` (every workspace). */
export async function deleteStalePresence(db: DbOrTx, before: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM presences WHERE last_seen_at < ${before}`;
}
