import { createReadStream } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeImage, makePdf } from "@quartet/processors/testing/fixtures";
import type { Deps } from "../deps.ts";
import { newGuestToken, type ToolsCaller, toolsCallerOf } from "./access/tools-access.ts";
import { storeToolUpload } from "./files/tool-file.service.ts";

// Shared by the Tools integration tests: callers as the transports build them, and uploads of
// generated files through the real upload path (stream → temp → inspect → storage).

export function guestCaller(
  deps: Pick<Deps, "config">,
  ip = "203.0.113.7",
  token = newGuestToken(),
): ToolsCaller {
  return toolsCallerOf(deps.config, {
    userId: null,
    ip,
    userAgent: "vitest",
    guestToken: token,
    setGuestToken: () => {},
  });
}

export function userCaller(
  deps: Pick<Deps, "config">,
  user: { id: string },
  ip = "198.51.100.4",
): ToolsCaller {
  return toolsCallerOf(deps.config, {
    userId: user.id,
    ip,
    userAgent: "vitest",
    guestToken: undefined,
    setGuestToken: () => {},
  });
}

let dir: string | null = null;
async function workDir() {
  dir ??= await mkdtemp(path.join(tmpdir(), "quartet-tools-test-"));
  return dir;
}

export async function uploadPath(
  deps: Pick<Deps, "db" | "clock" | "storage">,
  caller: ToolsCaller,
  file: string,
  name = path.basename(file),
) {
  return storeToolUpload(deps, caller, { fileName: name, stream: createReadStream(file) });
}

export async function uploadPdf(
  deps: Pick<Deps, "db" | "clock" | "storage">,
  caller: ToolsCaller,
  pages = 2,
  name = "doc.pdf",
) {
  const made = await makePdf(await workDir(), `${Math.random().toString(36).slice(2)}-${name}`, pages, name);
  return uploadPath(deps, caller, made.path, name);
}

export async function uploadPng(
  deps: Pick<Deps, "db" | "clock" | "storage">,
  caller: ToolsCaller,
  name = "photo.png",
) {
  const made = await makeImage(
    await workDir(),
    `${Math.random().toString(36).slice(2)}-${name}`,
    "png",
    120,
    80,
  );
  return uploadPath(deps, caller, made.path, name);
}

/** A PNG whose header is whole (the upload inspection passes) but whose pixels are cut off. */
export async function uploadTruncatedPng(deps: Pick<Deps, "db" | "clock" | "storage">, caller: ToolsCaller) {
  const made = await makeImage(
    await workDir(),
    `${Math.random().toString(36).slice(2)}-whole.png`,
    "png",
    300,
    200,
  );
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(made.path);
  const cut = path.join(await workDir(), `${Math.random().toString(36).slice(2)}-broken.png`);
  await writeFile(cut, bytes.subarray(0, 120));
  return uploadPath(deps, caller, cut, "broken.png");
}

/** A real PNG's bytes (width × height), for transports that send the file themselves. */
export async function pngBytes(width = 64, height = 48): Promise<Buffer> {
  const { readFile } = await import("node:fs/promises");
  const made = await makeImage(
    await workDir(),
    `${Math.random().toString(36).slice(2)}-bytes.png`,
    "png",
    width,
    height,
  );
  return readFile(made.path);
}
