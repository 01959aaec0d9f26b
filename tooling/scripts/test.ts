import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { repoRoot } from "./dev-database.ts";

// `pnpm test`: every package's unit + integration tests (real Postgres), then the Playwright e2e
// suite against real servers. Prints one closing line with the real counts from vitest's JSON.

const resultFiles = () =>
  ["apps", "packages"].flatMap((dir) =>
    readdirSync(`${repoRoot}${dir}`)
      .map((name) => `${dir}/${name}/test-results/vitest.json`)
      .filter((f) => existsSync(`${repoRoot}${f}`)),
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
const e2eOk =
  buildOk && step("e2e (Playwright + Chromium)", "pnpm", ["--filter", "@quartet/e2e", "test:e2e"]);

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
