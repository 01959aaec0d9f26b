import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";
import type { TicketListFiltersInput } from "../tickets/ticket.schema.ts";

// View counts in one statement: the workspace's tickets that are not closed, read once from the
// partial index tickets_not_closed_counts_idx (organization, assignee, team, status, priority;
// tags and requester included), grouped, and added up per view.

/** The FILTER condition of a view's filters (every filter of the ticket list but free text). */
function condition(f: TicketListFiltersInput): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.status) parts.push(Prisma.sql`status::text = ${f.status}`);
  if (f.priority) parts.push(Prisma.sql`priority::text = ${f.priority}`);
  if (f.assigneeId === null) parts.push(Prisma.sql`assignee_id IS NULL`);
  else if (f.assigneeId) parts.push(Prisma.sql`assignee_id = ${f.assigneeId}::uuid`);
  if (f.teamId === null) parts.push(Prisma.sql`team_id IS NULL`);
  else if (f.teamId) parts.push(Prisma.sql`team_id = ${f.teamId}::uuid`);
  if (f.tag) parts.push(Prisma.sql`tags @> ARRAY[${f.tag}]::text[]`);
  if (f.contactId) parts.push(Prisma.sql`contact_id = ${f.contactId}::uuid`);
  return Prisma.join(parts, " AND ");
}

interface GroupRow {
  a: string | null;
  t: string | null;
  s: string;
  p: string;
  n: number;
  [extra: `x${number}`]: number;
}

/** Whether a group (assignee, team, status, priority) falls in a view without tag or requester filters. */
function inGroup(f: TicketListFiltersInput, g: GroupRow): boolean {
  return (
    (f.status === undefined || f.status === g.s) &&
    (f.priority === undefined || f.priority === g.p) &&
    (f.assigneeId === undefined || f.assigneeId === g.a) &&
    (f.teamId === undefined || f.teamId === g.t)
  );
}

/**
 * Counts of not-closed tickets per filter set, in the order given, in one statement whose cost
 * doesn't grow with the number of views: the tickets are grouped by (assignee, team, status,
 * priority) straight from the index (sorted as the index is, so no hashing), and each view adds up
 * the groups it covers. Only views filtering on a tag or a requester (not in the grouping) get a
 * FILTER column of their own.
 */
export async function countNotClosedTickets(
  db: DbOrTx,
  orgId: string,
  filterSets: TicketListFiltersInput[],
): Promise<number[]> {
  if (filterSets.length === 0) return [];
  const extra = filterSets.flatMap((f, i) => (f.tag || f.contactId ? [i] : []));
  const extraColumns = extra.map(
    (i, k) =>
      Prisma.sql`, count(*) FILTER (WHERE ${condition(filterSets[i] ?? {})})::int AS ${Prisma.raw(`x${k}`)}`,
  );
  const groups = await db.$queryRaw<GroupRow[]>`
    SELECT assignee_id::text AS a, team_id::text AS t, status::text AS s, priority::text AS p,
           count(*)::int AS n ${extraColumns.length ? Prisma.join(extraColumns, " ") : Prisma.empty}
    FROM tickets
    WHERE organization_id = ${orgId}::uuid AND status <> 'CLOSED' AND deleted_at IS NULL
    GROUP BY assignee_id, team_id, status, priority`;
  return filterSets.map((f, i) => {
    const k = extra.indexOf(i);
    let total = 0;
    for (const g of groups) total += k >= 0 ? Number(g[`x${k}`] ?? 0) : inGroup(f, g) ? g.n : 0;
    return total;
  });
}
