import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcessor } from "./run.ts";
import { makePdf, makeTempDir, pdfTexts, testLimits } from "./testing/fixtures.ts";
import type { ProcessorInput } from "./types.ts";

let dir: string;
let cleanup: () => Promise<void>;
let a: ProcessorInput;
let b: ProcessorInput;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  a = await makePdf(dir, "a.pdf", 40, "A");
  b = await makePdf(dir, "b.pdf", 20, "B");
});
afterAll(() => cleanup());

const noProgress = () => {};

/** Processor children of this process still alive (Linux /proc). */
function liveChildren(): number {
  let count = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (status.includes(`PPid:\t${process.pid}\n`) && cmdline.includes("processor-child")) count += 1;
    } catch {
      // gone meanwhile
    }
  }
  return count;
}

describe("runProcessor (isolated child)", () => {
  it("runs the job in a child and reports its progress, increasing and ending at 100", async () => {
    const seen: number[] = [];
    let childrenDuring = 0;
    const result = await runProcessor("pdf.merge", {
      inputs: [a, b],
      options: {},
      workDir: dir,
      limits: testLimits,
      onProgress: (p) => {
        if (seen.length === 0) childrenDuring = liveChildren();
        seen.push(p);
      },
    });
    expect(childrenDuring).toBe(1);
    expect(liveChildren()).toBe(0);
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] as number);
    expect(seen.at(-1)).toBe(100);
    const texts = pdfTexts(await readFile(result.outputs[0]?.path as string));
    expect([texts.length, texts[0], texts[40]]).toEqual([60, "A page 1", "B page 1"]);
  });

  it("kills the child at the time limit", async () => {
    const started = Date.now();
    await expect(
      runProcessor("pdf.merge", {
        inputs: [a, b],
        options: {},
        workDir: dir,
        limits: { ...testLimits, timeoutMs: 150 },
        onProgress: noProgress,
      }),
    ).rejects.toMatchObject({
      code: "TIMEOUT",
      message: "The job took longer than the 0.2 s allowed and was stopped.",
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(liveChildren()).toBe(0);
  });

  it("cancels through the AbortSignal, before or during the job", async () => {
    const early = new AbortController();
    early.abort();
    await expect(
      runProcessor("pdf.merge", {
        inputs: [a, b],
        options: {},
        workDir: dir,
        limits: testLimits,
        onProgress: noProgress,
        signal: early.signal,
      }),
    ).rejects.toMatchObject({ code: "CANCELLED" });

    const during = new AbortController();
    const seen: number[] = [];
    await expect(
      runProcessor("pdf.merge", {
        inputs: [a, b],
        options: {},
        workDir: dir,
        limits: testLimits,
        signal: during.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p >= 10) during.abort();
        },
      }),
    ).rejects.toMatchObject({ code: "CANCELLED", message: "The job was cancelled." });
    expect(seen.at(-1)).toBeLessThan(100);
    expect(liveChildren()).toBe(0);
  });

  it("stops a child that grows past its memory and keeps this process alive", async () => {
    // A 1500 × 1500 pt page rendered at 400 DPI needs a pixmap of about 280 MB.
    const big = await makePdf(dir, "poster.pdf", 1);
    const { PDFDocument } = await import("pdf-lib");
    const doc = await PDFDocument.load(await readFile(big.path));
    doc.getPage(0).setSize(1500, 1500);
    const { writeFile, stat } = await import("node:fs/promises");
    await writeFile(big.path, await doc.save());
    const poster = { ...big, size: (await stat(big.path)).size };
    const limits = { ...testLimits, maxPixels: 200_000_000, memoryMb: 260 };
    // The same limits are plenty for a small render: the kill below is the render's growth.
    const small = await runProcessor("pdf.toImages", {
      inputs: [poster],
      options: { dpi: 36 },
      workDir: dir,
      limits,
      onProgress: noProgress,
    });
    expect(small.outputs[0]?.mime).toBe("image/png");
    await expect(
      runProcessor("pdf.toImages", {
        inputs: [poster],
        options: { dpi: 400 },
        workDir: dir,
        limits,
        onProgress: noProgress,
      }),
    ).rejects.toMatchObject({ code: "OUT_OF_MEMORY" });
    expect(liveChildren()).toBe(0);
    expect(process.memoryUsage().rss / 1024 / 1024).toBeLessThan(1024);
  });

  it("refuses bad options and a wrong number of files before starting a child", async () => {
    await expect(
      runProcessor("pdf.split", {
        inputs: [a],
        options: { mode: "every", every: 0 },
        workDir: dir,
        limits: testLimits,
        onProgress: noProgress,
      }),
    ).rejects.toMatchObject({ code: "BAD_OPTIONS", message: expect.stringMatching(/^every: /) });
    await expect(
      runProcessor("pdf.merge", {
        inputs: [a],
        options: {},
        workDir: dir,
        limits: testLimits,
        onProgress: noProgress,
      }),
    ).rejects.toMatchObject({ code: "BAD_OPTIONS", message: "This tool takes 2 to 50 files." });
    await expect(
      runProcessor("image.resize", {
        inputs: [a],
        options: {},
        workDir: dir,
        limits: testLimits,
        onProgress: noProgress,
      }),
    ).rejects.toMatchObject({ code: "BAD_OPTIONS", message: "width: Give a width, a height or both." });
  });
});
