import { sessionCookie, validateSessionToken } from "@quartet/auth/session";
import type { Deps } from "@quartet/core/deps";
import { AppError } from "@quartet/core/errors";
import {
  finishOAuth,
  oauthFlowCookie,
  oauthLinkCookie,
  oauthProviderIds,
  startOAuth,
} from "@quartet/core/identity/oauth.service";
import type { SessionKind } from "@quartet/db/enums";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";

// Sign-in through Google, GitHub or an OpenID Connect provider (the flow itself lives in
// core/identity/oauth.service.ts):
// - GET /auth/oauth/:provider/start[?intent=link] sets the sealed flow cookie and redirects to the
//   provider;
// - GET /auth/oauth/:provider/callback finishes it: session cookie and a redirect into the app, or
//   a redirect to the sign-in page (Account → Security for links) with `oauthError=<reason>`.
// A provider that isn't configured answers 404.

const params = z.object({ provider: z.enum(oauthProviderIds) });
const startQuery = z.object({ intent: z.enum(["signin", "link"]).default("signin") });

export const OAUTH_PREFIX = "/auth/oauth";

export const oauthPlugin: FastifyPluginAsync<{ deps: Deps; kind: SessionKind }> = async (
  app,
  { deps, kind },
) => {
  const session = sessionCookie(kind, deps.config.production);
  const flowCookie = oauthFlowCookie(kind, deps.config.production);
  const linkCookie = oauthLinkCookie(deps.config.production);
  const appOrigin = (kind === "ADMIN" ? deps.config.adminUrl : deps.config.webUrl).replace(/\/+$/, "");

  async function requestOf(req: FastifyRequest) {
    const token = req.cookies[session.name];
    const auth = token ? await validateSessionToken(deps.db, token, kind, deps.clock.now()) : null;
    return {
      ip: req.ip,
      userAgent: req.headers["user-agent"] ?? "",
      kind,
      currentSessionId: auth?.session.id ?? null,
      currentUserId: auth && !auth.session.twoFactorPending ? auth.user.id : null,
    };
  }

  const noStore = (reply: FastifyReply) =>
    reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");

  app.get(`${OAUTH_PREFIX}/:provider/start`, async (req, reply) => {
    const { provider } = params.parse(req.params);
    const { intent } = startQuery.parse(req.query);
    try {
      const started = await startOAuth(deps, await requestOf(req), provider, intent);
      reply.setCookie(flowCookie.name, started.cookie, flowCookie.options);
      return noStore(reply).redirect(started.redirectUrl, 302);
    } catch (error) {
      // Not signed in for a link, or rate limited: back to a page that explains.
      if (error instanceof AppError && error.code !== "NOT_FOUND") {
        const reason = error.reason ?? error.code;
        const page = intent === "link" && reason !== "SIGN_IN_REQUIRED" ? "/account/security" : "/sign-in";
        return noStore(reply).redirect(`${appOrigin}${page}?oauthError=${encodeURIComponent(reason)}`, 302);
      }
      throw error;
    }
  });

  app.get(`${OAUTH_PREFIX}/:provider/callback`, async (req, reply) => {
    const { provider } = params.parse(req.params);
    const callbackUrl = new URL(req.url, appOrigin);
    const outcome = await finishOAuth(
      deps,
      await requestOf(req),
      provider,
      callbackUrl,
      req.cookies[flowCookie.name],
    );
    // The flow is spent whatever happened.
    reply.clearCookie(flowCookie.name, { path: "/" });
    if (outcome.kind === "SIGNED_IN" || outcome.kind === "TWO_FACTOR_REQUIRED") {
      const maxAge = Math.max(
        0,
        Math.floor((outcome.session.absoluteExpiresAt.getTime() - deps.clock.now().getTime()) / 1000),
      );
      reply.setCookie(session.name, outcome.session.token, { ...session.options, maxAge });
    }
    if (outcome.kind === "LINK_PENDING")
      reply.setCookie(linkCookie.name, outcome.linkCookie, linkCookie.options);
    if (outcome.kind === "FAILED")
      req.log.info({ provider, reason: outcome.reason }, "oauth sign-in refused");
    return noStore(reply).redirect(`${appOrigin}${outcome.redirect}`, 302);
  });
};
