import type { Plugin } from "vite";

export interface SpaBuildOptions {
  /** Per screen: the lazily loaded modules it needs at once, and its initial JS budget (gzip). */
  budgets: Record<string, { modules: string[]; maxGzipKb: number }>;
}

export function spaBuild(options: SpaBuildOptions): Plugin;
