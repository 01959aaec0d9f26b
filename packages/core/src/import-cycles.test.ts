import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Modules must not import each other in a circle, not even for types: events know nothing of their
// listeners (reactions subscribe in app-events.ts), the pattern every module copies. deps.ts is
// left out: it is the type of what every service receives, including the event buses.

const srcDir = import.meta.dirname;
const depsFile = path.join(srcDir, "deps.ts");
const sources = readdirSync(srcDir, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
  .map((f) => path.join(srcDir, f));

function localImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/gms)].map(
    (m) => m[1] as string,
  );
  return specs.map((s) => path.resolve(path.dirname(file), s)).filter((f) => f !== depsFile);
}

function findCycles(): string[][] {
  const graph = new Map(sources.map((f) => [f, localImports(f)]));
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "visiting");
    stack.push(f);
    for (const dep of graph.get(f) ?? []) {
      if (state.get(dep) === "visiting")
        cycles.push(stack.slice(stack.indexOf(dep)).map((p) => path.relative(srcDir, p)));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of sources) if (!state.has(f)) visit(f);
  return cycles;
}

describe("core import graph", () => {
  it("has no import cycles", () => {
    expect(findCycles()).toEqual([]);
  });
});
