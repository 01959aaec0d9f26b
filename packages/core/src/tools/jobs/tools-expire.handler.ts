import type { Deps } from "../../deps.ts";
import * as files from "../files/tool-file.repository.ts";

// The `tools.expire` job (every 10 minutes): deletes jobs, batches and stored files past their
// expiry (24 h by default). Files go first from storage, then their rows, in batches; a job still
// PROCESSING gets an hour's grace. Idempotent: a rerun deletes whatever is still expired.

const BATCH = 200;
const PROCESSING_GRACE_MS = 3_600_000;

export async function handleToolsExpire(
  deps: Pick<Deps, "db" | "clock" | "log" | "storage">,
): Promise<{ files: number; jobs: number; batches: number }> {
  const now = deps.clock.now();
  let fileCount = 0;
  for (;;) {
    const expired = await files.findExpiredFiles(deps.db, now, BATCH);
    if (expired.length === 0) break;
    await Promise.all(
      expired.map((f) =>
        deps.storage.delete(f.storageKey).catch((err: unknown) => {
          deps.log.warn({ err, fileId: f.id }, "tools: could not delete an expired file from storage");
        }),
      ),
    );
    const { count } = await files.deleteToolFiles(
      deps.db,
      expired.map((f) => f.id),
    );
    fileCount += count;
    if (expired.length < BATCH) break;
  }
  const { count: jobs } = await deps.db.job.deleteMany({
    where: {
      expiresAt: { lte: now },
      OR: [
        { status: { not: "PROCESSING" } },
        { expiresAt: { lte: new Date(now.getTime() - PROCESSING_GRACE_MS) } },
      ],
    },
  });
  const { count: batches } = await deps.db.batch.deleteMany({ where: { expiresAt: { lte: now } } });
  if (fileCount + jobs + batches > 0)
    deps.log.info({ files: fileCount, jobs, batches }, "tools: expired results deleted");
  return { files: fileCount, jobs, batches };
}
