import type { Deps } from "@quartet/core/deps";
import { buildSitemapXml, robotsTxt } from "@quartet/core/platform/seo/sitemap.service";
import type { FastifyPluginAsync } from "fastify";

/**
 * `GET /sitemap.xml` (every public help-center page), `GET /robots.txt`, and the IndexNow key file
 * `GET /<key>.txt` that proves the submissions come from this site.
 */
export const seoPlugin: FastifyPluginAsync<{ deps: Deps; indexNowKey: string | null }> = async (
  app,
  options,
) => {
  const { deps, indexNowKey } = options;
  app.get("/sitemap.xml", async (_req, reply) =>
    reply
      .header("content-type", "application/xml; charset=utf-8")
      .header("cache-control", "public, max-age=600")
      .send(await buildSitemapXml(deps.db, deps.config.webUrl)),
  );
  app.get("/robots.txt", async (_req, reply) =>
    reply
      .header("content-type", "text/plain; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(robotsTxt(deps.config.webUrl)),
  );
  if (indexNowKey)
    app.get(`/${indexNowKey}.txt`, async (_req, reply) =>
      reply.header("content-type", "text/plain; charset=utf-8").send(indexNowKey),
    );
};
