import { spaBuild } from "@quartet/vite-config/spa-build";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The admin server (port 3001) serves dist/ and /trpc. In `vite dev` the API is proxied there;
// the Origin header is rewritten so the server's same-origin CSRF check accepts proxied calls.
const apiOrigin = "http://localhost:3001";

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    spaBuild({
      budgets: {
        "sign-in": { modules: ["src/i18n/en.ts", "src/pages/sign-in.page.tsx"], maxGzipKb: 250 },
        users: { modules: ["src/i18n/en.ts", "src/pages/users.page.tsx"], maxGzipKb: 250 },
        // The charts (recharts) load with this page only, never with the entry.
        revenue: { modules: ["src/i18n/en.ts", "src/pages/billing/revenue.page.tsx"], maxGzipKb: 330 },
      },
    }),
  ],
  // Static files copied as-is (boot script, favicon); kept under src/ with the rest of the SPA.
  publicDir: "src/public",
  server: {
    port: 5174,
    proxy: Object.fromEntries(
      ["/trpc", "/auth/oauth"].map((path) => [
        path,
        { target: apiOrigin, changeOrigin: true, headers: { origin: apiOrigin } },
      ]),
    ),
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: "hidden" },
});
