import { createReadStream, createWriteStream } from "node:fs";
import { extname } from "node:path";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

/**
 * Streams a ZIP of several files into `out` (a batch download, a split's parts): each entry is read
 * when its turn comes, so nothing is held whole in memory. Repeated names get " (2)", " (3)"….
 */
export async function zipFiles(files: { name: string; stream: Readable }[], out: Writable): Promise<void> {
  const zip = new yazl.ZipFile();
  const seen = new Map<string, number>();
  // yazl does not pass an entry's read error on: it would stay unhandled. It fails the whole ZIP.
  let failed: ((error: Error) => void) | null = null;
  const entryFailed = new Promise<never>((_, reject) => {
    failed = reject;
  });
  entryFailed.catch(() => {});
  for (const file of files) {
    file.stream.once("error", (error) => {
      (zip.outputStream as Readable).destroy(error);
      failed?.(error);
    });
    zip.addReadStream(file.stream, uniqueName(file.name, seen), { compress: shouldDeflate(file.name) });
  }
  zip.end();
  await Promise.race([pipeline(zip.outputStream, out), entryFailed]);
}

/** ZIP of files on disk into `zipPath`. */
export async function zipPaths(files: { name: string; path: string }[], zipPath: string): Promise<void> {
  await zipFiles(
    files.map((f) => ({ name: f.name, stream: createReadStream(f.path) })),
    createWriteStream(zipPath),
  );
}

function uniqueName(name: string, seen: Map<string, number>): string {
  const safe = name.replace(/[\\/]/g, "_").replace(/^\.+/, "_") || "file";
  const count = (seen.get(safe.toLowerCase()) ?? 0) + 1;
  seen.set(safe.toLowerCase(), count);
  if (count === 1) return safe;
  const ext = extname(safe);
  return `${safe.slice(0, safe.length - ext.length)} (${count})${ext}`;
}

/** Already-compressed formats are stored, which is faster and no larger. */
function shouldDeflate(name: string): boolean {
  return !/\.(jpe?g|png|webp|avif|gif|zip|gz)$/i.test(name);
}
