import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// Prisma's CLI would download a native schema engine; offline we point it at our WASM-backed shim.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL("./engine/schema-engine.mjs", import.meta.url),
);

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations", seed: "tsx ../../tooling/scripts/seed.ts" },
  // Not env(): `prisma generate` must work without a database.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
