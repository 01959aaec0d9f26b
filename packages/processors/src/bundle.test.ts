import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "../../..");
const worker = join(repo, "apps/worker");
// Under the worker (so its node_modules serve the externals), in a folder git ignores.
const out = join(worker, "test-results/processors-bundle");

afterAll(() => rm(out, { recursive: true, force: true }));

describe("in a server bundle", () => {
  it("runs jobs through the bundled processor-child.js with MuPDF and sharp left installed", async () => {
    const entry = relative(worker, join(here, "testing/bundle-entry.ts"));
    const child = relative(worker, join(here, "processor-child.ts"));
    const { stdout: built } = await run(
      process.execPath,
      [join(repo, "tooling/build/bundle-server.mjs"), entry, child, relative(worker, out)],
      { cwd: worker },
    );
    expect(built).toMatch(/external: .*mupdf.*sharp/);
    const { stdout } = await run(process.execPath, [join(out, "bundle-entry.js")], { cwd: worker });
    expect(JSON.parse(stdout)).toEqual({
      inspected: { mime: "application/pdf", pages: 2 },
      merged: { pages: 4, files: 2 },
      resized: 64,
    });
  }, 60_000);
});
