/**
 * Entry the bundle test compiles with the worker's bundler: inspects and runs jobs from the bundle,
 * where the child is the bundled processor-child.js, and prints what came out as JSON.
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { inspectFile } from "../inspect.ts";
import { runProcessor } from "../run.ts";

const dir = await mkdtemp(join(tmpdir(), "quartet-bundle-"));
const limits = { maxFileBytes: 1e8, maxPages: 100, maxPixels: 5e7, memoryMb: 512, timeoutMs: 30_000 };
try {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  doc.addPage([200, 200]);
  const path = join(dir, "a.pdf");
  await writeFile(path, await doc.save());
  const input = { path, name: "a.pdf", mime: "application/pdf", size: (await stat(path)).size };
  const inspected = await inspectFile(path, limits);
  const merged = await runProcessor("pdf.merge", {
    inputs: [input, input],
    options: {},
    workDir: dir,
    limits,
    onProgress: () => {},
  });
  const qr = await runProcessor("qr.generate", {
    inputs: [],
    options: { content: { kind: "url", url: "https://example.com" } },
    workDir: dir,
    limits,
    onProgress: () => {},
  });
  const png = { path: qr.outputs[0]?.path as string, name: "qr.png", mime: "image/png", size: 0 };
  const resized = await runProcessor("image.resize", {
    inputs: [png],
    options: { width: 64 },
    workDir: dir,
    limits,
    onProgress: () => {},
  });
  process.stdout.write(
    JSON.stringify({ inspected, merged: merged.metadata, resized: resized.metadata?.width }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
