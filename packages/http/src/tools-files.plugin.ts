import { PassThrough } from "node:stream";
import fastifyMultipart from "@fastify/multipart";
import { PERSON_TIERS } from "@quartet/core/billing/plans";
import type { Deps } from "@quartet/core/deps";
import { AppError, RateLimitError } from "@quartet/core/errors";
import {
  GUEST_COOKIE,
  guestCookieOptions,
  type ToolsCaller,
  toolsCallerOf,
} from "@quartet/core/tools/access/tools-access";
import { MB, openSignedToolFile, storeToolUpload } from "@quartet/core/tools/files/tool-file.service";
import { openBatchZipEntries } from "@quartet/core/tools/jobs/batch-zip.service";
import { zipFiles } from "@quartet/core/tools/processors";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { contentDisposition, sessionActorReader } from "./file-transfer.ts";
import { describeError, sendAppError, sendError } from "./json-errors.ts";

// Tools files over plain HTTP (multipart and downloads don't fit tRPC), for guests and users:
//   POST /api/tools/files                    one file, streamed to storage (never whole in memory)
//   GET  /api/tools/files/:id?exp&sig        a signed, expiring download of a stored file
//   GET  /api/tools/batches/:id/zip?exp&sig  a signed, streamed ZIP of a batch's results
// The web server's CSRF hook guards the POST (same origin). Size over the tier's limit: 402 with
// the upgrade path (billing's plan-limit shape); wrong bytes: 400 naming the `file` field.

/** The largest file any tier may send; each tier's own cap is checked while streaming. */
const HARD_MAX_BYTES = PERSON_TIERS.PREMIUM["tools.maxFileSizeMb"] * MB;
const TOO_LARGE = `Files can be at most ${PERSON_TIERS.PREMIUM["tools.maxFileSizeMb"]} MB.`;

const idParam = z.object({ id: z.uuid() });
const signedQuery = z.object({ exp: z.coerce.number().int().positive(), sig: z.string().min(10).max(200) });

export async function toolsFilesPlugin(app: FastifyInstance, options: { deps: Deps }) {
  const { deps } = options;
  const actorOf = sessionActorReader(deps);

  await app.register(fastifyMultipart, {
    limits: { fileSize: HARD_MAX_BYTES, files: 1, fields: 5, parts: 6 },
  });

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof RateLimitError) reply.header("retry-after", String(error.retryAfterSeconds));
    if (error instanceof AppError) return sendAppError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return sendError(reply, 413, "PAYLOAD_TOO_LARGE", TOO_LARGE, { file: TOO_LARGE });
    if (status && status >= 400 && status < 500) {
      const described = describeError(error, req);
      const message =
        described.code === "BAD_REQUEST" ? "The upload could not be read. Try again." : described.message;
      return sendError(reply, described.status, described.code, message);
    }
    deps.log.error({ err: error }, "tools files route failed");
    return sendError(reply, 500, "INTERNAL", "Something went wrong. Try again.");
  });

  async function callerOf(req: FastifyRequest, reply: FastifyReply): Promise<ToolsCaller> {
    const actor = await actorOf(req);
    return toolsCallerOf(deps.config, {
      userId: actor?.userId ?? null,
      ip: req.ip,
      userAgent: req.headers["user-agent"] ?? "",
      guestToken: req.cookies[GUEST_COOKIE],
      setGuestToken: (token) =>
        reply.setCookie(GUEST_COOKIE, token, guestCookieOptions(deps.config.production)),
    });
  }

  app.post("/api/tools/files", async (req, reply) => {
    if (!req.isMultipart())
      return sendError(reply, 400, "BAD_REQUEST", "Send the file as multipart/form-data.", {
        file: "Choose a file to upload.",
      });
    const caller = await callerOf(req, reply);
    const part = await req.file();
    if (!part)
      return sendError(reply, 400, "BAD_REQUEST", "Choose a file to upload.", {
        file: "Choose a file to upload.",
      });
    const file = await storeToolUpload(deps, caller, { fileName: part.filename, stream: part.file });
    if (part.file.truncated)
      return sendError(reply, 413, "PAYLOAD_TOO_LARGE", TOO_LARGE, { file: TOO_LARGE });
    return reply.code(201).send(file);
  });

  app.get("/api/tools/files/:id", async (req, reply) => {
    const params = idParam.safeParse(req.params);
    const query = signedQuery.safeParse(req.query);
    if (!params.success || !query.success) return sendError(reply, 404, "NOT_FOUND", "File not found.");
    const file = await openSignedToolFile(deps, { id: params.data.id, ...query.data });
    return reply
      .header("content-type", file.mime)
      .header("content-length", file.size)
      .header("content-disposition", contentDisposition(file.name, "attachment"))
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", "default-src 'none'; sandbox")
      .header("cache-control", "private, no-store")
      .send(file.body);
  });

  app.get("/api/tools/batches/:id/zip", async (req, reply) => {
    const params = idParam.safeParse(req.params);
    const query = signedQuery.safeParse(req.query);
    if (!params.success || !query.success) return sendError(reply, 404, "NOT_FOUND", "Batch not found.");
    const zip = await openBatchZipEntries(deps, { id: params.data.id, ...query.data });
    const out = new PassThrough();
    zipFiles(zip.entries, out).catch((err: unknown) => {
      deps.log.error({ err, batchId: params.data.id }, "tools batch zip failed");
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return reply
      .header("content-type", "application/zip")
      .header("content-disposition", contentDisposition(zip.fileName, "attachment"))
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "private, no-store")
      .send(out);
  });
}
