import { spaBuild } from "@quartet/vite-config/spa-build";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";

// The Fastify server (apps/web/server) serves dist/, /trpc, /files, /hooks and /api. In `vite` dev
// those are proxied to it; the Origin header is rewritten so the server's CSRF check sees its own
// origin.
const apiTarget = "http://localhost:3000";
const serverPaths = ["/trpc", "/files", "/hooks", "/api", "/auth/oauth", "/inbox/connect", "/chat"];
const proxyToServer: ProxyOptions = {
  target: apiTarget,
  changeOrigin: true,
  configure: (proxy) => {
    proxy.on("proxyReq", (req) => {
      if (req.getHeader("origin")) req.setHeader("origin", apiTarget);
    });
  },
};

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    spaBuild({
      // What a person downloads before the screen shows (in English; fr and ar weigh the same): the
      // entry, the language, the screen's own strings (src/i18n/lazy-areas.ts), layouts and page.
      budgets: {
        "sign-in": { modules: ["src/i18n/en.ts", "src/pages/auth/sign-in.tsx"], maxGzipKb: 250 },
        "help center": {
          modules: [
            "src/i18n/en.ts",
            "src/i18n/areas/help.ts",
            "src/pages/help/help-layout.tsx",
            "src/pages/help/help-home.tsx",
          ],
          maxGzipKb: 250,
        },
        "ticket list": {
          modules: [
            "src/i18n/en.ts",
            "src/pages/app-layout.tsx",
            "src/pages/workspace/workspace-layout.tsx",
            "src/pages/desk/tickets-list.tsx",
          ],
          maxGzipKb: 250,
        },
      },
    }),
  ],
  resolve: { dedupe: ["react", "react-dom", "@tanstack/react-query", "@trpc/react-query", "@trpc/client"] },
  server: {
    port: 5173,
    proxy: Object.fromEntries(serverPaths.map((path) => [path, proxyToServer])),
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: "hidden" },
});
