import fastifyMultipart from "@fastify/multipart";
import type { Deps } from "@quartet/core/deps";
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_FILES,
  downloadAttachmentInput,
  uploadTargetInput,
} from "@quartet/core/desk/attachments/attachment.schema";
import {
  assertCanUploadAttachments,
  openAttachmentForCustomer,
  openAttachmentForMember,
  storeUploadedAttachments,
} from "@quartet/core/desk/attachments/attachment.service";
import { helpUploadInput } from "@quartet/core/desk/help-center/help-center.schema";
import { authorizeHelpUpload, storeHelpUploads } from "@quartet/core/desk/help-center/help-center.service";
import { AppError } from "@quartet/core/errors";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { contentDisposition, readMultipartFiles, sessionActorReader } from "./file-transfer.ts";
import { describeError, sendAppError, sendError } from "./json-errors.ts";

// Desk attachments over plain HTTP (multipart doesn't fit tRPC): upload for agents and, in the help
// center, for customers; download for members and, with their ticket link's token, for customers. The web server's CSRF hook already
// guards the POST (same origin only); the session cookie is read the way the tRPC context reads it.

export async function deskFilesPlugin(app: FastifyInstance, options: { deps: Deps }) {
  const { deps } = options;

  await app.register(fastifyMultipart, {
    limits: { fileSize: ATTACHMENT_MAX_BYTES, files: ATTACHMENT_MAX_FILES, fields: 5, parts: 10 },
  });

  const actorOf = sessionActorReader(deps);

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof AppError) return sendAppError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413)
      return sendError(
        reply,
        413,
        "PAYLOAD_TOO_LARGE",
        `Files can be at most 10 MB each, ${ATTACHMENT_MAX_FILES} at a time.`,
        { files: `Files can be at most 10 MB each, ${ATTACHMENT_MAX_FILES} at a time.` },
      );
    // Other refusals keep their status and its code (415 UNSUPPORTED_MEDIA_TYPE, …).
    if (status && status >= 400 && status < 500) {
      const described = describeError(error, req);
      const message =
        described.code === "BAD_REQUEST" ? "The upload could not be read. Try again." : described.message;
      return sendError(reply, described.status, described.code, message);
    }
    deps.log.error({ err: error }, "desk files route failed");
    return sendError(reply, 500, "INTERNAL", "Something went wrong. Try again.");
  });

  app.post("/files/desk/attachments", async (req, reply) => {
    const actor = await actorOf(req);
    if (!actor) return sendError(reply, 401, "UNAUTHORIZED", "Sign in to upload files.");
    const target = uploadTargetInput.safeParse(req.query);
    if (!target.success) return sendError(reply, 400, "BAD_REQUEST", "orgId must be a workspace id.");
    // Membership before reading the body: outsiders get 404 without us storing a byte.
    await assertCanUploadAttachments(deps, actor, target.data.orgId);
    if (!req.isMultipart())
      return sendError(reply, 400, "BAD_REQUEST", "Send the files as multipart/form-data.", {
        files: "Choose a file to attach.",
      });
    const result = await storeUploadedAttachments(deps, actor, target.data.orgId, await readFiles(req));
    return reply.code(201).send(uploaded(result.attachments));
  });

  const readFiles = readMultipartFiles;

  const uploaded = (
    attachments: { id: string; fileName: string; sizeBytes: number; mimeType: string }[],
  ) => ({
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      size: a.sizeBytes,
      mimeType: a.mimeType,
    })),
  });

  // Customers attach files in the help center: to the contact form (no account, no ticket yet)
  // and, with their ticket link, to a reply. Same limits and checks as agents' uploads; the
  // center, link and rate limits are checked before the body is read.
  const helpUpload = async (
    req: FastifyRequest,
    reply: FastifyReply,
    target: { slug: string; ticketId?: string; token?: string },
  ) => {
    const input = helpUploadInput.safeParse(target);
    if (!input.success) return sendError(reply, 404, "NOT_FOUND", "This link is not valid.");
    const where = await authorizeHelpUpload(
      deps,
      { ip: req.ip, userAgent: req.headers["user-agent"] ?? "" },
      input.data,
    );
    if (!req.isMultipart())
      return sendError(reply, 400, "BAD_REQUEST", "Send the files as multipart/form-data.", {
        files: "Choose a file to attach.",
      });
    const result = await storeHelpUploads(deps, where, await readFiles(req));
    return reply.code(201).send(uploaded(result.attachments));
  };

  app.post("/files/help/:slug/attachments", async (req, reply) => {
    const { slug } = req.params as { slug: string };
    return helpUpload(req, reply, { slug });
  });

  app.post("/files/help/:slug/tickets/:ticketId/attachments", async (req, reply) => {
    const { slug, ticketId } = req.params as { slug: string; ticketId: string };
    const { token } = req.query as { token?: string };
    return helpUpload(req, reply, { slug, ticketId, token: token ?? "" });
  });

  app.get("/files/desk/attachments/:attachmentId", async (req, reply) => {
    const input = downloadAttachmentInput.safeParse({
      ...(req.params as object),
      ...(req.query as object),
    });
    if (!input.success) return sendError(reply, 404, "NOT_FOUND", "File not found.");
    let file: Awaited<ReturnType<typeof openAttachmentForMember>>;
    if (input.data.token) {
      file = await openAttachmentForCustomer(deps, input.data.attachmentId, input.data.token);
    } else {
      const actor = await actorOf(req);
      if (!actor) return sendError(reply, 404, "NOT_FOUND", "File not found.");
      file = await openAttachmentForMember(deps, actor, input.data.attachmentId);
    }
    return reply
      .header("content-type", file.mimeType)
      .header("content-length", file.size)
      .header("content-disposition", contentDisposition(file.fileName))
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "private, no-store")
      .send(file.body);
  });
}
