// One file to POST /api/tools/files with upload progress (fetch can't report it; XHR can). The
// answer is the stored file; a refusal keeps the JSON error's code, reason and details, so a
// plan limit (file larger than the tier allows) shows the same upgrade path as the API's.

export interface UploadedToolFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  pages?: number | null;
  width?: number | null;
  height?: number | null;
}

/** Shaped like a tRPC error (`error.data.{code,reason,details}`), so the shared error readers work. */
export class UploadError extends Error {
  data: { code: string; httpStatus: number; reason: string | null; details: Record<string, unknown> | null };
  constructor(
    message: string,
    data: {
      code: string;
      httpStatus: number;
      reason?: string | null;
      details?: Record<string, unknown> | null;
    },
  ) {
    super(message);
    this.name = "UploadError";
    this.data = { reason: null, details: null, ...data };
  }
}

export const TOOLS_UPLOAD_URL = "/api/tools/files";

export interface UploadHandle {
  promise: Promise<UploadedToolFile>;
  abort: () => void;
}

export function uploadToolFile(file: File, onProgress: (share: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadedToolFile>((resolve, reject) => {
    xhr.open("POST", TOOLS_UPLOAD_URL);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: {
        id?: string;
        error?: {
          code?: string;
          message?: string;
          reason?: string | null;
          details?: Record<string, unknown> | null;
        };
      } & Partial<UploadedToolFile> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy's error page; reported below.
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.id) {
        onProgress(1);
        resolve(body as UploadedToolFile);
        return;
      }
      reject(
        new UploadError(body.error?.message ?? `HTTP ${xhr.status}`, {
          code: body.error?.code ?? (xhr.status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST"),
          httpStatus: xhr.status,
          reason: body.error?.reason ?? null,
          details: body.error?.details ?? null,
        }),
      );
    };
    xhr.onerror = () => reject(new UploadError("network", { code: "NETWORK", httpStatus: 0 }));
    xhr.onabort = () => reject(new UploadError("aborted", { code: "ABORTED", httpStatus: 0 }));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** Whether `file` matches one of the tool's accepted types (mimes like "application/pdf" or "image/*"). */
export function accepts(accept: readonly string[], file: { type: string; name: string }): boolean {
  if (accept.length === 0) return true;
  const type = file.type.toLowerCase();
  const ext = file.name.toLowerCase().split(".").pop() ?? "";
  return accept.some((a) => {
    const rule = a.toLowerCase();
    if (rule.startsWith(".")) return rule.slice(1) === ext;
    if (rule.endsWith("/*")) return type.startsWith(rule.slice(0, -1));
    if (type) return type === rule;
    // No type from the browser (some pasted files): guess from the extension.
    return (EXTENSIONS[rule] ?? []).includes(ext);
  });
}

const EXTENSIONS: Record<string, string[]> = {
  "application/pdf": ["pdf"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/png": ["png"],
  "image/webp": ["webp"],
  "image/avif": ["avif"],
  "image/gif": ["gif"],
  "image/tiff": ["tif", "tiff"],
};

/** "PDF, JPEG, PNG" for an accept list. */
export function acceptLabel(accept: readonly string[]): string {
  const names = accept.map((a) => {
    if (a === "application/pdf") return "PDF";
    if (a.endsWith("/*")) return a.slice(0, -2).toUpperCase();
    const sub = a.split("/").pop() ?? a;
    return sub.replace(/^x-/, "").replace("jpeg", "JPEG").toUpperCase();
  });
  return [...new Set(names)].join(", ");
}

/** "1.2 MB", isolated left-to-right (U+2066…U+2069) so it reads the same inside Arabic text. */
export function formatBytes(bytes: number, locale?: string): string {
  const nf = (n: number, digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  const text =
    bytes < 1024
      ? `${nf(bytes, 0)} B`
      : bytes < 1024 * 1024
        ? `${nf(bytes / 1024, bytes < 10 * 1024 ? 1 : 0)} KB`
        : `${nf(bytes / (1024 * 1024), 1)} MB`;
  return `\u2066${text}\u2069`;
}
