import fastifyMultipart from "@fastify/multipart";
import type { Deps } from "@quartet/core/deps";
import { AppError } from "@quartet/core/errors";
import {
  assertCanUploadInboxMedia,
  INBOX_UPLOAD_MAX_BYTES,
  INBOX_UPLOAD_MAX_FILES,
  openMessageMedia,
  storeInboxUploads,
} from "@quartet/core/inbox/messages/inbox-media.service";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { contentDisposition, readMultipartFiles, sessionActorReader } from "./file-transfer.ts";
import { describeError, sendAppError, sendError } from "./json-errors.ts";

// Inbox media over plain HTTP (multipart doesn't fit tRPC), in the shape of the Desk's files:
//   POST /files/inbox/uploads?orgId=…                 an agent's files to send (then by id)
//   GET  /files/inbox/messages/:id/media|thumbnail    a message's stored media, members only
// The web server's CSRF hook guards the POST (same origin); outsiders get 404 before a byte is read.

const uploadTarget = z.object({ orgId: z.uuid() });
const mediaTarget = z.object({ messageId: z.uuid(), part: z.enum(["media", "thumbnail"]) });

/** Shown in the page (images, video, audio); anything else, and SVG (it can run script), downloads. */
const inlineSafe = (mimeType: string) => /^(image\/(png|jpeg|gif|webp|avif)|video\/|audio\/)/.test(mimeType);

const TOO_LARGE = `Files can be at most ${INBOX_UPLOAD_MAX_BYTES / 1024 / 1024} MB each, ${INBOX_UPLOAD_MAX_FILES} at a time.`;

export async function inboxFilesPlugin(app: FastifyInstance, options: { deps: Deps }) {
  const { deps } = options;
  const actorOf = sessionActorReader(deps);

  await app.register(fastifyMultipart, {
    limits: { fileSize: INBOX_UPLOAD_MAX_BYTES, files: INBOX_UPLOAD_MAX_FILES, fields: 5, parts: 10 },
  });

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof AppError) return sendAppError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return sendError(reply, 413, "PAYLOAD_TOO_LARGE", TOO_LARGE, { files: TOO_LARGE });
    if (status && status >= 400 && status < 500) {
      const described = describeError(error, req);
      const message =
        described.code === "BAD_REQUEST" ? "The upload could not be read. Try again." : described.message;
      return sendError(reply, described.status, described.code, message);
    }
    deps.log.error({ err: error }, "inbox files route failed");
    return sendError(reply, 500, "INTERNAL", "Something went wrong. Try again.");
  });

  app.post("/files/inbox/uploads", async (req, reply) => {
    const actor = await actorOf(req);
    if (!actor) return sendError(reply, 401, "UNAUTHORIZED", "Sign in to upload files.");
    const target = uploadTarget.safeParse(req.query);
    if (!target.success) return sendError(reply, 400, "BAD_REQUEST", "orgId must be a workspace id.");
    // Membership before reading the body: outsiders get 404 without us storing a byte.
    await assertCanUploadInboxMedia(deps, actor, target.data.orgId);
    if (!req.isMultipart())
      return sendError(reply, 400, "BAD_REQUEST", "Send the files as multipart/form-data.", {
        files: "Choose a file to attach.",
      });
    const result = await storeInboxUploads(deps, actor, target.data.orgId, await readMultipartFiles(req));
    return reply.code(201).send(result);
  });

  app.get("/files/inbox/messages/:messageId/:part", async (req, reply) => {
    const input = mediaTarget.safeParse(req.params);
    if (!input.success) return sendError(reply, 404, "NOT_FOUND", "File not found.");
    const actor = await actorOf(req);
    if (!actor) return sendError(reply, 404, "NOT_FOUND", "File not found.");
    const file = await openMessageMedia(deps, actor, input.data.messageId, input.data.part);
    const inline = inlineSafe(file.mimeType);
    return reply
      .header("content-type", file.mimeType)
      .header("content-length", file.size)
      .header("content-disposition", contentDisposition(file.fileName, inline ? "inline" : "attachment"))
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", "default-src 'none'; sandbox")
      .header("cache-control", "private, max-age=3600")
      .send(file.body);
  });
}
