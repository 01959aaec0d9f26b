import type { DbOrTx } from "@quartet/db/client";
import { Prisma } from "@quartet/db/types";
import type { TicketListFiltersInput } from "../tickets/ticket.schema.ts";

// View counts in one statement: the workspace's tickets that are not closed, read once (from the
// partial index tickets_not_closed_counts_idx, an index-only scan), with one FILTER per view.

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

/** Counts of not-closed tickets per filter set, in the order given. */
export async function countNotClosedTickets(
  db: DbOrTx,
  orgId: string,
  filterSets: TicketListFiltersInput[],
): Promise<number[]> {
  if (filterSets.length === 0) return [];
  const columns = filterSets.map(
    (f, i) => Prisma.sql`count(*) FILTER (WHERE ${condition(f)})::int AS ${Prisma.raw(`c${i}`)}`,
  );
  const rows = await db.$queryRaw<Record<string, number>[]>`
    SELECT ${Prisma.join(columns, ", ")}
    FROM tickets
    WHERE organization_id = ${orgId}::uuid AND status <> 'CLOSED' AND deleted_at IS NULL`;
  const row = rows[0] ?? {};
  return filterSets.map((_, i) => Number(row[`c${i}`] ?? 0));
}
