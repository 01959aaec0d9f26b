import { defineConfig } from "vitest/config";

/** Shared vitest preset for Node packages: integration tests get the real Postgres from @quartet/db's global setup. */
export function nodePreset(options: { database?: boolean } = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "server/**/*.test.ts"],
      environment: "node",
      testTimeout: 30_000,
      hookTimeout: 60_000,
      pool: "forks",
      ...(options.database
        ? { globalSetup: [new URL("../../packages/db/src/testing/global-setup.ts", import.meta.url).pathname] }
        : {}),
    },
  });
}
