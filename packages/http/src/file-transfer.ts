import { sessionCookie, validateSessionToken } from "@quartet/auth/session";
import type { Deps, UserActor } from "@quartet/core/deps";
import type { UploadedFile } from "@quartet/core/desk/attachments/attachment.schema";
import type { FastifyRequest } from "fastify";
import { fileTypeFromBuffer } from "file-type";

// What the file routes share (Desk attachments, Inbox media): the signed-in member behind a plain
// HTTP request, multipart files typed by their bytes, and safe download headers.

/** Plain-text files have no magic number: bytes without NUL in the first 8 KB count as text. */
function looksLikeText(body: Buffer): boolean {
  return !body.subarray(0, 8192).includes(0);
}

/** The type of a file from its bytes, never from what the browser claimed. */
export async function sniff(body: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(body);
  if (detected) return detected.mime;
  return looksLikeText(body) ? "text/plain" : "application/octet-stream";
}

/** `attachment; filename="…"; filename*=UTF-8''…` with a safe ASCII fallback (`inline` to show it). */
export function contentDisposition(fileName: string, kind: "attachment" | "inline" = "attachment"): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The multipart files of a request, each typed by its bytes (never by what the browser said). */
export async function readMultipartFiles(req: FastifyRequest): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  for await (const part of req.files()) {
    // toBuffer throws a 413 error as soon as the file passes the size limit.
    const body = await part.toBuffer();
    files.push({ fileName: part.filename, mimeType: await sniff(body), body });
  }
  return files;
}

/** The signed-in web user of a request (the session cookie, read as the tRPC context reads it). */
export function sessionActorReader(deps: Deps) {
  const cookie = sessionCookie("WEB", deps.config.production);
  return async (req: FastifyRequest): Promise<UserActor | null> => {
    const token = req.cookies[cookie.name];
    if (!token) return null;
    const auth = await validateSessionToken(deps.db, token, "WEB", deps.clock.now());
    if (!auth) return null;
    return {
      userId: auth.user.id,
      sessionId: auth.session.id,
      ip: req.ip,
      userAgent: req.headers["user-agent"] ?? "",
    };
  };
}
