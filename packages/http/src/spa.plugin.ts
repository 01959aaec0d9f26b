import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Paths that belong to the server, never to the SPA: unknown ones stay a JSON 404. */
const SERVER_PATHS = ["/trpc", "/hooks", "/files", "/api/"];

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves a built SPA (see tooling/vite/spa-build.mjs): hashed files under /assets/ are cached for
 * a year and sent as the precompressed .br or .gz the browser accepts; everything else
 * (index.html, boot.js, the favicon) is revalidated on each load so a deploy shows at once.
 * Client-side routes fall back to index.html. Source maps are not in the folder.
 */
export async function spaPlugin(app: FastifyInstance, options: { root: string }) {
  const { root } = options;
  if (!existsSync(join(root, "index.html"))) return;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    // The precompressed copies are served through their original names, not on their own.
    globIgnore: ["**/*.br", "**/*.gz"],
    setHeaders: (reply, path) => {
      reply.header("cache-control", path.includes("/assets/") ? IMMUTABLE : "no-cache");
    },
  });
  app.get("/*", async (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (SERVER_PATHS.some((p) => path.startsWith(p))) return reply.callNotFound();
    return reply.sendFile("index.html");
  });
}
