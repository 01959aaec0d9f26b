import type { Readable } from "node:stream";
import type { Deps } from "../../deps.ts";
import { notFound } from "../../errors.ts";
import * as files from "../files/tool-file.repository.ts";
import { verifySigned } from "../files/tool-file.service.ts";

// The ZIP of a batch (GET /api/tools/batches/:id/zip, a signed link): every completed job's outputs,
// opened as streams from storage for @quartet/processors' zipFiles (nothing held whole in memory).

export async function openBatchZipEntries(
  deps: Pick<Deps, "db" | "clock" | "storage" | "config">,
  input: { id: string; exp: number; sig: string },
): Promise<{ fileName: string; entries: { name: string; stream: Readable }[] }> {
  const now = deps.clock.now();
  if (!verifySigned(deps.config.encryptionKey, "batch-zip", input.id, input.exp, input.sig, now))
    throw notFound("This download link is invalid or has expired.");
  const batch = await deps.db.batch.findUnique({
    where: { id: input.id },
    select: {
      id: true,
      expiresAt: true,
      createdAt: true,
      jobs: {
        where: { status: "COMPLETED" },
        select: { outputFileIds: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!batch || (batch.expiresAt && batch.expiresAt <= now))
    throw notFound("This batch has expired and was deleted.");
  const ids = batch.jobs.flatMap((j) => j.outputFileIds);
  const rows = new Map((await files.findToolFiles(deps.db, ids)).map((r) => [r.id, r]));
  const entries: { name: string; stream: Readable }[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (!row || row.expiresAt <= now) continue;
    const stored = await deps.storage.get(row.storageKey);
    if (stored) entries.push({ name: row.name, stream: stored.body });
  }
  if (entries.length === 0) throw notFound("No finished files in this batch yet.");
  return {
    fileName: `batch-${batch.createdAt.toISOString().slice(0, 10)}-${batch.id.slice(0, 8)}.zip`,
    entries,
  };
}
