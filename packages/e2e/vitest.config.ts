import { defineConfig } from "vitest/config";

// One run: a real PostgreSQL, the real web/admin/worker processes, and Debian's Chromium.
export default defineConfig({
  test: {
    include: ["src/**/*.e2e.ts"],
    globalSetup: ["src/harness/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
