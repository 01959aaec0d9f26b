import type { Db } from "@quartet/db/client";
import type { FileStorage } from "@quartet/integrations/storage/file-storage";
import { limitOf } from "../../billing/entitlements.service.ts";
import type { Clock, Logger } from "../../deps.ts";
import { deleteStaleUploads, findStaleUploads } from "../messages/message.repository.ts";
import { isStoredMedia } from "../messages/message.service.ts";
import * as repo from "./retention.repository.ts";

// `inbox.retention` (daily): each workspace keeps the inbox history its plan allows
// (`inbox.historyDays` from the entitlement service: 30 days on FREE, null = forever). Older
// messages go in batches (each its own short transaction, so the inbox stays usable meanwhile),
// their stored media with them, and the touched conversations' previews and unread counts are
// settled in the same transaction. Uploads never sent go after a day.

const DAY_MS = 86_400_000;
const BATCH = 2000;
const WORKSPACE_PAGE = 200;
export const STALE_UPLOAD_MS = DAY_MS;

type RetentionDeps = { db: Db; clock: Clock; log: Logger; storage: FileStorage };

async function removeFiles(deps: RetentionDeps, keys: (string | null)[]) {
  for (const key of keys) {
    if (!isStoredMedia(key)) continue;
    await deps.storage
      .delete(key)
      .catch((error: unknown) => deps.log.warn({ err: error, key }, "inbox media not deleted"));
  }
}

/** Applies one workspace's history limit now; returns how many messages went. */
export async function applyRetention(deps: RetentionDeps, orgId: string, batch = BATCH): Promise<number> {
  const days = await limitOf(deps, orgId, "inbox.historyDays");
  if (days === null) return 0;
  const before = new Date(deps.clock.now().getTime() - days * DAY_MS);
  let deleted = 0;
  for (;;) {
    const rows = await deps.db.$transaction(async (tx) => {
      const gone = await repo.deleteOldMessages(tx, orgId, before, batch);
      await repo.settleConversations(tx, [...new Set(gone.map((r) => r.conversation_id))]);
      return gone;
    });
    deleted += rows.length;
    // Files after the rows: a file is never missing while a row still points to it.
    await removeFiles(
      deps,
      rows.flatMap((r) => [r.media_url, r.media_thumbnail]),
    );
    if (rows.length < batch) return deleted;
  }
}

export async function handleInboxRetention(
  deps: RetentionDeps,
): Promise<{ workspaces: number; deleted: number; uploads: number }> {
  let workspaces = 0;
  let deleted = 0;
  let after: string | null = null;
  for (;;) {
    const page = await repo.workspacesWithMessages(deps.db, after, WORKSPACE_PAGE);
    for (const orgId of page) {
      try {
        deleted += await applyRetention(deps, orgId);
        workspaces++;
      } catch (error) {
        deps.log.error({ err: error, orgId }, "inbox retention failed for a workspace");
      }
    }
    if (page.length < WORKSPACE_PAGE) break;
    after = page.at(-1) ?? null;
  }
  let uploads = 0;
  const stale = await findStaleUploads(deps.db, new Date(deps.clock.now().getTime() - STALE_UPLOAD_MS), 1000);
  if (stale.length > 0) {
    const keys = await deleteStaleUploads(
      deps.db,
      stale.map((u) => u.id),
    );
    uploads = keys.length;
    await removeFiles(deps, keys);
  }
  return { workspaces, deleted, uploads };
}
