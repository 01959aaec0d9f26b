import { deskSearchReindexJob } from "@quartet/jobs/definitions";
import type { z } from "zod";
import type { Deps } from "../../deps.ts";
import { rebuildSearchBatch } from "./ticket-search.repository.ts";

/** Tickets rebuilt per statement: short transactions, a few hundred ms each. */
export const SEARCH_REINDEX_BATCH = 2000;

/**
 * `desk.search-reindex`: rebuilds the search document of every ticket of the workspace (after its
 * content language changed), newest first, `batchSize` per statement, so the tickets agents look
 * at first are stemmed in the new language first. Documents are computed from the current data,
 * so a retry or a second job converges. Returns the number rebuilt.
 */
export async function handleSearchReindex(
  deps: Pick<Deps, "db" | "log">,
  rawPayload: z.input<typeof deskSearchReindexJob.schema>,
  batchSize = SEARCH_REINDEX_BATCH,
): Promise<{ tickets: number; batches: number }> {
  const { orgId } = deskSearchReindexJob.schema.parse(rawPayload);
  let after: { createdAt: string; id: string } | null = null;
  let tickets = 0;
  let batches = 0;
  for (;;) {
    const done = await rebuildSearchBatch(deps.db, orgId, after, batchSize);
    if (!done) break;
    tickets += done.count;
    batches++;
    after = { createdAt: done.createdAt, id: done.id };
    if (done.count < batchSize) break;
  }
  deps.log.info({ job: deskSearchReindexJob.name, orgId, tickets, batches }, "ticket search rebuilt");
  return { tickets, batches };
}
