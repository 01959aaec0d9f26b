import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/**
 * Production build of a Quartet SPA:
 * - checks the initial JavaScript of chosen screens against a gzip budget (entry chunk + the lazy
 *   chunks a screen loads at once: its language, its layouts, its page, and everything they import
 *   statically), prints every figure and fails above budget;
 * - moves source maps out of the served folder (to `<root>/sourcemaps/`, kept for debugging);
 * - writes `.br` and `.gz` next to every text asset, so the server sends them without compressing
 *   on each request.
 *
 * @param {{ budgets: Record<string, { modules: string[], maxGzipKb: number }> }} options
 *   modules: the lazily loaded modules the screen needs, from the app root
 *   (e.g. ["src/i18n/en.ts", "src/pages/auth/sign-in.tsx"]).
 * @returns {import("vite").Plugin}
 */
export function spaBuild({ budgets }) {
  let root = process.cwd();
  let outDir = "dist";
  return {
    name: "quartet-spa-build",
    apply: "build",
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
      const gzipKb = new Map(chunks.map((c) => [c.fileName, gzipSync(c.code, { level: 9 }).length / 1024]));
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (start) => {
        const seen = new Set();
        const stack = [...start];
        while (stack.length) {
          const name = stack.pop();
          if (seen.has(name)) continue;
          seen.add(name);
          stack.push(...(byName.get(name)?.imports ?? []));
        }
        return seen;
      };
      const entries = chunks.filter((c) => c.isEntry).map((c) => c.fileName);
      const lines = [];
      for (const name of entries) lines.push(["entry", name, sumKb(closure([name]), gzipKb)]);
      const over = [];
      for (const [label, { modules, maxGzipKb }] of Object.entries(budgets)) {
        const starts = [...entries];
        for (const module of modules) {
          const id = path.resolve(root, module);
          const chunk = chunks.find((c) => c.facadeModuleId === id || c.moduleIds.includes(id));
          if (!chunk) return this.error(`bundle budget "${label}": no chunk contains ${module}`);
          starts.push(chunk.fileName);
        }
        const files = closure(starts);
        const kb = sumKb(files, gzipKb);
        if (process.env.BUNDLE_REPORT)
          for (const f of files)
            console.log(`  ${label}: ${(gzipKb.get(f) ?? 0).toFixed(1).padStart(6)} KB gzip  ${f}`);
        lines.push([label, `budget ${maxGzipKb} KB: ${modules.at(-1)}`, kb]);
        if (kb > maxGzipKb) over.push(`${label}: ${kb.toFixed(1)} KB gzip > ${maxGzipKb} KB`);
      }
      if (process.env.BUNDLE_REPORT) {
        // BUNDLE_REPORT=1: the largest modules in the entry's initial JavaScript, to see what to split.
        const modules = [...closure(entries)].flatMap((f) =>
          Object.entries(byName.get(f)?.modules ?? {}).map(([id, m]) => [m.renderedLength, id]),
        );
        modules.sort((a, b) => b[0] - a[0]);
        for (const [bytes, id] of modules.slice(0, Number(process.env.BUNDLE_REPORT) || 40))
          console.log(`  ${(bytes / 1024).toFixed(1).padStart(7)} KB  ${id}`);
      }
      console.log("\ninitial JavaScript (gzip):");
      for (const [label, what, kb] of lines)
        console.log(`  ${label.padEnd(12)} ${kb.toFixed(1).padStart(7)} KB  ${what}`);
      if (over.length) this.error(`bundle budget exceeded:\n  ${over.join("\n  ")}`);
    },
    closeBundle() {
      const mapsDir = path.join(root, "sourcemaps");
      for (const file of walk(outDir)) {
        if (file.endsWith(".map")) {
          const target = path.join(mapsDir, path.relative(outDir, file));
          mkdirSync(path.dirname(target), { recursive: true });
          renameSync(file, target);
          continue;
        }
        if (!/\.(js|mjs|css|html|svg|json|txt)$/.test(file) || statSync(file).size < 1024) continue;
        const body = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

function sumKb(files, gzipKb) {
  let total = 0;
  for (const f of files) total += gzipKb.get(f) ?? 0;
  return total;
}

function walk(dir) {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}
