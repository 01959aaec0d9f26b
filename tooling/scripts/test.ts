import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { repoRoot } from "./dev-database.ts";

// `pnpm test`: every package's unit + integration tests (real Postgres), then the Playwright e2e
// suite against real servers. Prints one closing line with the real counts from vitest's JSON.

/** Every vitest JSON report (`vitest.json`, and `vitest-<shard>.json` from the e2e shards). */
const resultFiles = () =>
  ["apps", "packages"].flatMap((dir) =>
    readdirSync(`${repoRoot}${dir}`).flatMap((name) => {
      const results = `${dir}/${name}/test-results`;
      if (!existsSync(`${repoRoot}${results}`)) return [];
      return readdirSync(`${repoRoot}${results}`)
        .filter((f) => /^vitest(-\d+)?\.json$/.test(f))
        .map((f) => `${results}/${f}`);
    }),
  );
for (const f of resultFiles()) rmSync(`${repoRoot}${f}`);

function step(title: string, cmd: string, args: string[]) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: repoRoot, stdio: "inherit", env: process.env });
  console.log(`◀ ${title}: exit ${res.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return res.status === 0;
}

const started = Date.now();
const unitOk = step("unit + integration tests", "pnpm", [
  "exec",
  "turbo",
  "run",
  "test",
  "--concurrency=2",
  "--continue",
  "--output-logs=new-only",
]);
const buildOk = step("build SPAs for e2e", "pnpm", [
  "exec",
  "turbo",
  "run",
  "build",
  "--filter=@quartet/web",
  "--filter=@quartet/admin",
  "--output-logs=errors-only",
]);
/**
 * The e2e files in E2E_SHARDS shards side by side (default 2), each with its own PostgreSQL and
 * servers (the global setup starts them on free ports), so no shard sees another's data. A browser
 * test mostly waits (for the servers, for the page), so two shards on two cores take little more
 * than half the time of one. Each shard's output is printed whole when it ends.
 */
async function e2e(shards: number): Promise<boolean> {
  const title = `e2e (Playwright + Chromium), ${shards} shard${shards > 1 ? "s" : ""} side by side`;
  console.log(`\n▶ ${title}`);
  const began = Date.now();
  const codes = await Promise.all(
    Array.from({ length: shards }, (_, i) => {
      const args = ["--filter", "@quartet/e2e", "exec", "vitest", "run"];
      if (shards > 1)
        args.push(`--shard=${i + 1}/${shards}`, `--outputFile.json=test-results/vitest-${i + 1}.json`);
      return new Promise<number | null>((resolve) => {
        const child = spawn("pnpm", args, { cwd: repoRoot, env: process.env });
        const output: Buffer[] = [];
        child.stdout.on("data", (d: Buffer) => output.push(d));
        child.stderr.on("data", (d: Buffer) => output.push(d));
        child.on("close", (code) => {
          console.log(
            `\n── e2e shard ${i + 1}/${shards}: exit ${code} after ${((Date.now() - began) / 1000).toFixed(1)} s`,
          );
          process.stdout.write(Buffer.concat(output));
          resolve(code);
        });
      });
    }),
  );
  const ok = codes.every((c) => c === 0);
  console.log(`◀ ${title}: exit ${ok ? 0 : 1} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return ok;
}
const e2eOk = buildOk && (await e2e(Math.max(1, Number(process.env.E2E_SHARDS ?? 2))));

let passed = 0;
let failed = 0;
for (const f of resultFiles()) {
  const r = JSON.parse(readFileSync(`${repoRoot}${f}`, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
  };
  console.log(`  ${f.split("/test-results")[0]}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  passed += r.numPassedTests;
  failed += r.numFailedTests;
}
const crashed = !(unitOk && buildOk && e2eOk) && failed === 0;
if (crashed) failed += 1; // a suite that crashed before reporting still fails the run
const ok = unitOk && buildOk && e2eOk && failed === 0;
console.log(
  `\nduration: ${((Date.now() - started) / 1000).toFixed(0)} s${existsSync(`${repoRoot}packages/e2e/test-results/screenshots`) ? "; screenshots in packages/e2e/test-results/screenshots" : ""}`,
);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
