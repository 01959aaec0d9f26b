import { defineConfig } from "vitest/config";

/**
 * Shared vitest preset for Node packages. Integration tests get the real Postgres from
 * @quartet/db's global setup; results also go to test-results/vitest.json for the CI summary.
 */
/** @param {{ database?: boolean }} [options] */
export function nodePreset(options = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "server/**/*.test.ts"],
      environment: "node",
      testTimeout: 30_000,
      hookTimeout: 120_000,
      pool: "forks",
      reporters: ["default", "json"],
      outputFile: { json: "test-results/vitest.json" },
      ...(options.database
        ? {
            globalSetup: [new URL("../../packages/db/src/testing/global-setup.ts", import.meta.url).pathname],
          }
        : {}),
    },
  });
}
