import { Button } from "@quartet/ui/button";
import { Download, FileText, Paperclip, X } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { type ReactNode, useCallback, useId, useRef, useState } from "react";
import { formatBytes } from "./desk-shared.tsx";

// Attachments of a message being written: files upload as soon as they're picked or dropped (with
// progress) — an agent's to POST /files/desk/attachments, a customer's to the help center's upload
// routes — and the message is sent with their ids.

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;

export interface UploadedAttachment {
  id: string;
  fileName: string;
  size: number;
  mimeType: string;
}

interface PendingFile {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: "uploading" | "done" | "error";
  error?: string;
  attachment?: UploadedAttachment;
}

/** Where an agent of this workspace uploads. */
export const agentUploadUrl = (orgId: string) => `/files/desk/attachments?orgId=${encodeURIComponent(orgId)}`;

/** One upload request with progress (fetch can't report upload progress; XHR can). */
function uploadFile(url: string, file: File, onProgress: (share: number) => void) {
  return new Promise<UploadedAttachment>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { attachments?: UploadedAttachment[]; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy error page; reported below.
      }
      const first = body.attachments?.[0];
      if (xhr.status >= 200 && xhr.status < 300 && first) resolve(first);
      else reject(new Error(body.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error("network"));
    const form = new FormData();
    form.append("files", file, file.name);
    xhr.send(form);
  });
}

/**
 * The composer's pending attachments: add files (uploads start at once), remove, reset after
 * sending. `target` is the agent's workspace id, or `{ url }` of a help-center upload route.
 */
export function useAttachmentUploads(target: string | { url: string }) {
  const url = typeof target === "string" ? agentUploadUrl(target) : target.url;
  const { t } = useTranslation();
  const [files, setFiles] = useState<PendingFile[]>([]);
  const counter = useRef(0);

  const patch = useCallback(
    (key: string, p: Partial<PendingFile>) =>
      setFiles((prev) => prev.map((f) => (f.key === key ? { ...f, ...p } : f))),
    [],
  );

  const filesRef = useRef(files);
  filesRef.current = files;

  // Uploads start here, outside the state updater (updaters may run twice in development).
  const add = useCallback(
    (list: FileList | File[]) => {
      const incoming = Array.from(list);
      const room = Math.max(0, MAX_FILES - filesRef.current.length);
      const entries: PendingFile[] = incoming.map((file, i) => {
        const key = `f${counter.current++}`;
        const base = { key, name: file.name, size: file.size, progress: 0 };
        if (i >= room)
          return { ...base, state: "error", error: t("desk.attachments.tooMany", { max: MAX_FILES }) };
        if (file.size > MAX_FILE_BYTES)
          return { ...base, state: "error", error: t("desk.attachments.tooLarge") };
        uploadFile(url, file, (share) => patch(key, { progress: share })).then(
          (attachment) => patch(key, { state: "done", progress: 1, attachment }),
          (e: Error) =>
            patch(key, {
              state: "error",
              error: e.message === "network" ? t("desk.attachments.network") : e.message,
            }),
        );
        return { ...base, state: "uploading" };
      });
      setFiles((prev) => [...prev, ...entries]);
    },
    [url, patch, t],
  );

  return {
    files,
    add,
    remove: (key: string) => setFiles((prev) => prev.filter((f) => f.key !== key)),
    reset: () => setFiles([]),
    uploading: files.some((f) => f.state === "uploading"),
    ids: files.flatMap((f) => (f.state === "done" && f.attachment ? [f.attachment.id] : [])),
  };
}

export type AttachmentUploads = ReturnType<typeof useAttachmentUploads>;

/** Paperclip button opening the file picker (several files at once). */
export function AttachButton({ uploads, disabled }: { uploads: AttachmentUploads; disabled?: boolean }) {
  const { t } = useTranslation();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        id={inputId}
        ref={input}
        type="file"
        multiple
        className="sr-only"
        tabIndex={-1}
        aria-label={t("desk.attachments.attach")}
        data-testid="composer-file-input"
        onChange={(e) => {
          if (e.target.files?.length) uploads.add(e.target.files);
          e.target.value = "";
        }}
      />
      <Button
        type="button"
        variant="ghost"
        size="sm"
        disabled={disabled || uploads.files.length >= MAX_FILES}
        onClick={() => input.current?.click()}
      >
        <Paperclip aria-hidden />
        {t("desk.attachments.attach")}
      </Button>
    </>
  );
}

/** The pending files under the composer: name, size, progress, error, remove. */
export function PendingAttachments({ uploads }: { uploads: AttachmentUploads }) {
  const { t } = useTranslation();
  if (uploads.files.length === 0) return null;
  return (
    <ul className="grid gap-1.5" aria-label={t("desk.attachments.pending")}>
      {uploads.files.map((f) => (
        <li
          key={f.key}
          className={cn(
            "relative flex items-center gap-2 overflow-hidden rounded-md border bg-background px-2.5 py-1.5 text-sm",
            f.state === "error" && "border-destructive/50",
          )}
        >
          {f.state === "uploading" ? (
            <span
              className="absolute inset-y-0 start-0 bg-primary-soft transition-[width]"
              style={{ width: `${Math.round(f.progress * 100)}%` }}
              aria-hidden
            />
          ) : null}
          <FileText
            className="relative size-4 shrink-0 self-start mt-0.5 text-muted-foreground"
            aria-hidden
          />
          {/* The name stays readable; an error (which can be long) wraps under it. */}
          <span className="relative grid min-w-0 flex-1">
            <span className="truncate">{f.name}</span>
            {f.state === "error" ? (
              <span className="text-xs break-words text-destructive-soft-foreground">{f.error}</span>
            ) : null}
          </span>
          {f.state === "error" ? null : (
            <span className="relative shrink-0 text-xs text-muted-foreground tabular-nums">
              {f.state === "uploading"
                ? t("desk.attachments.uploading", { percent: Math.round(f.progress * 100) })
                : formatBytes(f.size)}
            </span>
          )}
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            className="relative"
            aria-label={t("desk.attachments.remove", { name: f.name })}
            onClick={() => uploads.remove(f.key)}
          >
            <X aria-hidden />
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** Wraps the composer: files dropped anywhere on it are attached. */
export function DropZone({
  uploads,
  enabled,
  children,
  className,
  ...props
}: {
  uploads: AttachmentUploads;
  enabled: boolean;
  children: ReactNode;
  className?: string;
} & Omit<React.ComponentProps<"form">, "children" | "className">) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  return (
    <form
      {...props}
      className={cn(className, "relative")}
      onDragOver={(e) => {
        if (!enabled || !e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!enabled) return;
        e.preventDefault();
        setOver(false);
        if (e.dataTransfer.files.length) uploads.add(e.dataTransfer.files);
      }}
    >
      {children}
      {over ? (
        <div className="pointer-events-none absolute inset-0 grid place-items-center rounded-lg border-2 border-dashed border-primary bg-primary-soft/80 text-sm font-medium text-primary-soft-foreground">
          {t("desk.attachments.drop")}
        </div>
      ) : null}
    </form>
  );
}

/** Files of a sent message, each a download link (a customer's carries their ticket link's token). */
export function MessageAttachments({
  attachments,
  token,
  className,
}: {
  attachments: readonly { id: string; fileName: string; sizeBytes: number }[];
  token?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <ul className={cn("mt-3 flex flex-wrap gap-2", className)} aria-label={t("desk.attachments.files")}>
      {attachments.map((a) => (
        <li key={a.id} className="min-w-0 max-w-full">
          <a
            href={`/files/desk/attachments/${a.id}${token ? `?token=${encodeURIComponent(token)}` : ""}`}
            download={a.fileName}
            className="inline-flex max-w-72 min-w-0 items-center gap-2 rounded-md border bg-background px-2.5 py-1.5 text-sm text-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring max-sm:max-w-full"
          >
            <Download className="size-4 shrink-0 text-muted-foreground" aria-hidden />
            <span className="truncate">{a.fileName}</span>
            <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
              {formatBytes(a.sizeBytes)}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
