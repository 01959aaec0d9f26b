import { z } from "zod";

/** Limits of one upload request (the HTTP route enforces them while reading the body). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_FILES = 5;

/** Attachments uploaded beforehand and sent with a message (by id). */
export const attachmentIdsSchema = z
  .array(z.uuid())
  .max(ATTACHMENT_MAX_FILES, `Attach at most ${ATTACHMENT_MAX_FILES} files.`)
  .transform((ids) => [...new Set(ids)]);

export const uploadTargetInput = z.object({ orgId: z.uuid({ message: "orgId must be a workspace id." }) });

export const downloadAttachmentInput = z.object({
  attachmentId: z.uuid(),
  /** A customer's ticket access token; absent for a signed-in member. */
  token: z.string().min(1).max(200).optional(),
});

/** What an uploaded file looks like once the route has read and sniffed it. */
export interface UploadedFile {
  fileName: string;
  mimeType: string;
  body: Buffer;
}

/** File names are shown and sent back in Content-Disposition: keep them printable and short. */
export function cleanFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const base = name.replace(/[\u0000-\u001f\u007f/\\]/g, "_").trim();
  const cut = base.length > 200 ? base.slice(base.length - 200) : base;
  return cut || "file";
}

/** Content types we refuse whatever the extension: programs a click could run. */
export const EXECUTABLE_MIME_TYPES = new Set([
  "application/x-msdownload",
  "application/x-dosexec",
  "application/x-executable",
  "application/x-elf",
  "application/x-mach-binary",
  "application/x-sharedlib",
  "application/vnd.microsoft.portable-executable",
  "application/x-msi",
  "application/x-ms-installer",
  "application/x-sh",
  "application/x-shellscript",
  "application/java-archive",
  "application/x-apple-diskimage",
  "application/vnd.android.package-archive",
]);

/** Extensions refused even when the bytes look harmless (scripts have no magic number). */
export const EXECUTABLE_EXTENSIONS = new Set([
  "exe",
  "dll",
  "msi",
  "bat",
  "cmd",
  "com",
  "scr",
  "ps1",
  "vbs",
  "js",
  "jar",
  "sh",
  "app",
  "apk",
  "dmg",
]);
