import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Deps } from "../../deps.ts";
import { AppError, notFound } from "../../errors.ts";
import {
  countUpload,
  limitsOfTier,
  type ToolsCaller,
  tierLimitError,
  tierOfCaller,
} from "../access/tools-access.ts";
import { inspectFile, isProcessorError, type ProcessorLimits } from "../processors.ts";
import type { ToolFileRow } from "./tool-file.repository.ts";
import * as repo from "./tool-file.repository.ts";

// Tools files: uploads streamed to a temp file (hashed and size-capped on the way, never whole in
// memory), typed by their bytes and measured (pages, pixels) by the processors' inspector before
// anything decodes them, then streamed to the storage interface. Downloads are signed links
// (HMAC over the file id and an expiry), so a job's result can be fetched by a guest or from mail.

export const MB = 1024 * 1024;
/** Files (and the jobs that use them) are deleted after this (filezzy: 24 h). */
export const TOOLS_RETENTION_MS = 24 * 3_600_000;
/** Safety caps for any tier, checked before decoding (pixel floods, huge pages). */
export const MAX_PIXELS = 100_000_000;
export const PROCESSOR_MEMORY_MB = 512;
export const PROCESSOR_TIMEOUT_MS = 120_000;

export interface ToolFileDto {
  id: string;
  name: string;
  mime: string;
  size: number;
  pages?: number;
  width?: number;
  height?: number;
}

export function toFileDto(row: ToolFileRow): ToolFileDto {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    ...(row.pages !== null ? { pages: row.pages } : {}),
    ...(row.width !== null ? { width: row.width } : {}),
    ...(row.height !== null ? { height: row.height } : {}),
  };
}

export function processorLimits(limits: { maxFileSizeMb: number; maxPages: number | null }): ProcessorLimits {
  return {
    maxFileBytes: limits.maxFileSizeMb * MB,
    maxPages: limits.maxPages,
    maxPixels: MAX_PIXELS,
    memoryMb: PROCESSOR_MEMORY_MB,
    timeoutMs: PROCESSOR_TIMEOUT_MS,
  };
}

/** A user's file name, safe to store and to put in a header: no path, no control characters. */
export function cleanFileName(name: string | undefined, fallback = "file"): string {
  const base = path.basename((name ?? "").replace(/\\/g, "/"));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters on purpose
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (cleaned || fallback).slice(0, 200);
}

export const storageKeyFor = (now: Date) => `tools/${now.toISOString().slice(0, 10)}/${randomUUID()}`;

/** Owned by the caller: the same user, or the same guest cookie. */
export function ownsFile(caller: ToolsCaller, row: { ownerUserId: string | null; guestKey: string | null }) {
  return caller.userId ? row.ownerUserId === caller.userId : row.guestKey === caller.guestKey;
}

/** Counts and hashes the bytes going through; fails as soon as they pass `maxBytes`. */
function meter(maxBytes: number, onTooLarge: () => Error) {
  const hash = createHash("sha256");
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(onTooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { transform, result: () => ({ size, sha256: hash.digest("hex") }) };
}

/**
 * `POST /api/tools/files`: one file, streamed. Refuses a file over the caller's tier size limit
 * (402 with the upgrade path), an empty one, and one whose bytes are not a supported PDF or image
 * (400 naming the field) — before storing anything.
 */
export async function storeToolUpload(
  deps: Pick<Deps, "db" | "clock" | "storage">,
  caller: ToolsCaller,
  input: { fileName: string | undefined; stream: Readable },
): Promise<ToolFileDto> {
  const tier = await tierOfCaller(deps, caller);
  await countUpload(deps, caller, tier);
  const limits = limitsOfTier(tier);
  const maxBytes = limits.maxFileSizeMb * MB;
  const dir = await mkdtemp(path.join(tmpdir(), "quartet-tools-up-"));
  const tmp = path.join(dir, "upload");
  try {
    const metered = meter(maxBytes, () =>
      tierLimitError(
        tier,
        "tools.maxFileSizeMb",
        { limit: limits.maxFileSizeMb, current: limits.maxFileSizeMb, requested: limits.maxFileSizeMb + 1 },
        tier === "PREMIUM"
          ? `Files can be at most ${limits.maxFileSizeMb} MB.`
          : `${tier === "GUEST" ? "Guests" : "The Free tier"} can upload files up to ${limits.maxFileSizeMb} MB. ${
              tier === "GUEST" ? "Sign up for free or get" : "Get"
            } a Day Pass or the Pro plan for larger files.`,
      ),
    );
    await pipeline(input.stream, metered.transform, createWriteStream(tmp));
    const { size, sha256 } = metered.result();
    if (size === 0) throw new AppError("BAD_REQUEST", "The file is empty.", { file: "The file is empty." });

    let facts: Awaited<ReturnType<typeof inspectFile>>;
    try {
      facts = await inspectFile(tmp, processorLimits(limits));
    } catch (error) {
      if (!isProcessorError(error)) throw error;
      if (error.code === "TOO_MANY_PAGES" && limits.maxPages !== null) {
        throw tierLimitError(
          tier,
          "tools.maxPages",
          { limit: limits.maxPages, current: limits.maxPages, requested: limits.maxPages + 1 },
          error.message,
        );
      }
      throw new AppError("BAD_REQUEST", error.message, { file: error.message }, `TOOLS_${error.code}`);
    }

    const now = deps.clock.now();
    const storageKey = storageKeyFor(now);
    await deps.storage.put(storageKey, createReadStream(tmp), { contentType: facts.mime, size });
    const row = await repo.insertToolFile(deps.db, {
      kind: "INPUT",
      ownerUserId: caller.userId,
      guestKey: caller.userId ? null : caller.guestKey,
      ipHash: caller.ipHash,
      name: cleanFileName(input.fileName),
      mime: facts.mime,
      size,
      sha256,
      storageKey,
      pages: facts.pages ?? null,
      width: facts.width ?? null,
      height: facts.height ?? null,
      expiresAt: new Date(now.getTime() + TOOLS_RETENTION_MS),
    });
    return toFileDto(row);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ── Signed links ─────────────────────────────────────────────────────────────────────────────────

export type SignedTarget = "file" | "batch-zip";

function signature(secret: string, target: SignedTarget, id: string, exp: number): string {
  return createHmac("sha256", secret).update(`tools:${target}:${id}:${exp}`).digest("base64url");
}

/** `?exp=…&sig=…` for a download valid until `until` (seconds precision). */
export function signedQuery(secret: string, target: SignedTarget, id: string, until: Date): string {
  const exp = Math.floor(until.getTime() / 1000);
  return `exp=${exp}&sig=${signature(secret, target, id, exp)}`;
}

export const fileDownloadPath = (secret: string, file: { id: string; expiresAt: Date }) =>
  `/api/tools/files/${file.id}?${signedQuery(secret, "file", file.id, file.expiresAt)}`;

export const batchZipPath = (secret: string, batch: { id: string }, until: Date) =>
  `/api/tools/batches/${batch.id}/zip?${signedQuery(secret, "batch-zip", batch.id, until)}`;

/** True when `sig` signs `target`/`id` until `exp` and `exp` is not past. */
export function verifySigned(
  secret: string,
  target: SignedTarget,
  id: string,
  exp: number,
  sig: string,
  now: Date,
): boolean {
  if (!Number.isSafeInteger(exp) || exp * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(signature(secret, target, id, exp));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The stored file behind a signed link (NOT_FOUND for a bad or expired link, or a deleted file). */
export async function openSignedToolFile(
  deps: Pick<Deps, "db" | "clock" | "storage" | "config">,
  input: { id: string; exp: number; sig: string },
) {
  const now = deps.clock.now();
  if (!verifySigned(deps.config.encryptionKey, "file", input.id, input.exp, input.sig, now))
    throw notFound("This download link is invalid or has expired.");
  const row = await repo.findToolFile(deps.db, input.id);
  if (!row || row.expiresAt.getTime() <= now.getTime())
    throw notFound("This file has expired and was deleted.");
  const stored = await deps.storage.get(row.storageKey);
  if (!stored) throw notFound("This file has expired and was deleted.");
  return { name: row.name, mime: row.mime, size: row.size, body: stored.body };
}
