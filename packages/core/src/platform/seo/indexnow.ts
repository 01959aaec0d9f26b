import { createHmac } from "node:crypto";
import type { Db, DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { SafeFetchError, safeFetch } from "@quartet/integrations/http/safe-fetch";
import { seoIndexNowJob } from "@quartet/jobs/definitions";
import { enqueue, type JobSender } from "@quartet/jobs/queue";
import type { AppConfig, Clock, Logger } from "../../deps.ts";

// IndexNow (https://www.indexnow.org/documentation): POST {host, key, keyLocation, urlList} as JSON
// to the endpoint; 200/202 accepted, 400 bad request, 403 key not valid, 422 URLs don't belong to
// the host, 429 too many requests. Each URL is a SeoSubmission row, pending until the answer.

export const INDEXNOW_PLATFORM = "indexnow";
export const DEFAULT_INDEXNOW_ENDPOINT = "https://api.indexnow.org/indexnow";

/** A stable 32-hex key derived from the install's encryption key, when INDEXNOW_KEY is not set. */
export function indexNowKeyFrom(encryptionKey: string): string {
  return createHmac("sha256", encryptionKey).update("quartet.indexnow.v1").digest("hex").slice(0, 32);
}

/** Records the URLs as pending submissions and enqueues their job, on the caller's transaction. */
export async function queueIndexNow(
  tx: DbOrTx,
  boss: JobSender,
  entry: { urls: string[]; reason: string; organizationId?: string | null; requestedBy?: string | null },
): Promise<string[]> {
  const ids: string[] = [];
  for (const url of [...new Set(entry.urls)].slice(0, 100)) {
    const row = await tx.seoSubmission.create({
      data: {
        url,
        platform: INDEXNOW_PLATFORM,
        status: "pending",
        reason: entry.reason,
        organizationId: entry.organizationId ?? null,
        requestedBy: entry.requestedBy ?? null,
      },
      select: { id: true },
    });
    ids.push(row.id);
  }
  if (ids.length) await enqueue(boss, tx, seoIndexNowJob, { submissionIds: ids });
  return ids;
}

export interface IndexNowDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Pick<AppConfig, "webUrl" | "indexNow">;
}

/**
 * `seo.indexnow-submit`: one POST for the job's pending URLs, each row then records the status
 * and the answer. A network error or a 429/5xx is rethrown for pg-boss to retry (rows stay
 * pending with the last error); other answers are final.
 */
export async function handleIndexNowSubmit(deps: IndexNowDeps, payload: { submissionIds: string[] }) {
  const rows = await deps.db.seoSubmission.findMany({
    where: { id: { in: payload.submissionIds }, status: "pending" },
    select: { id: true, url: true },
  });
  if (!rows.length) return { submitted: 0 };
  const finish = (status: string, httpStatus: number | null, response: Prisma.InputJsonValue) =>
    deps.db.seoSubmission.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, status: "pending" },
      data: { status, httpStatus, response, completedAt: deps.clock.now() },
    });
  const config = deps.config.indexNow;
  if (!config) {
    await finish("skipped", null, {
      error: "IndexNow is not configured (set INDEXNOW_ENDPOINT on the worker).",
    });
    return { submitted: 0, skipped: rows.length };
  }
  const site = new URL(deps.config.webUrl);
  const body = JSON.stringify({
    host: site.host,
    key: config.key,
    keyLocation: `${site.origin}/${config.key}.txt`,
    urlList: rows.map((r) => r.url),
  });
  let status: number;
  let text: string;
  try {
    const res = await safeFetch(config.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body,
      timeoutMs: 15_000,
      maxResponseBytes: 64 * 1024,
      allowPrivateAddresses: config.allowPrivate === true,
    });
    status = res.status;
    text = res.text().slice(0, 2000);
  } catch (error) {
    const message = error instanceof SafeFetchError ? `${error.code}: ${error.message}` : String(error);
    await deps.db.seoSubmission.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, status: "pending" },
      data: { response: { error: message } },
    });
    throw error;
  }
  if (status === 429 || status >= 500) {
    await deps.db.seoSubmission.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, status: "pending" },
      data: { httpStatus: status, response: { status, body: text } },
    });
    throw new Error(`IndexNow answered ${status}`);
  }
  const ok = status === 200 || status === 202;
  await finish(ok ? "success" : "error", status, { status, body: text });
  deps.log.info({ urls: rows.length, status }, "indexnow submission");
  return { submitted: rows.length, status };
}
