import { sessionCookie, validateSessionToken } from "@quartet/auth/session";
import type { Deps } from "@quartet/core/deps";
import { AppError } from "@quartet/core/errors";
import {
  type ConnectProvider,
  type ConnectRequest,
  channelsPagePath,
  connectFlowCookie,
  connectMetaPages,
  finishConnect,
  listMetaPages,
  metaPickCookie,
  startConnect,
} from "@quartet/core/inbox/connections/connection-oauth.service";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { sendAppError } from "./json-errors.ts";

// Connecting Inbox channels through the platforms' sign-in (the flow lives in
// core/inbox/connections/connection-oauth.service.ts):
// - GET  /inbox/connect/meta/start?orgId=…[&platform=INSTAGRAM]  and  /inbox/connect/tiktok/start?orgId=…
//   set the sealed flow cookie and redirect to Facebook Login / TikTok;
// - GET  /inbox/connect/:provider/callback  finishes it and returns to the workspace's Channels page
//   (`?connected=TIKTOK`, `?connect=meta` to pick Pages, or `?connectError=<reason>`);
// - GET  /inbox/connect/meta/pages  lists the Pages to pick (JSON); POST connects the chosen ones.

export const INBOX_CONNECT_PREFIX = "/inbox/connect";

const providerParams = z.object({ provider: z.enum(["meta", "tiktok"]) });
const startQuery = z.object({
  orgId: z.uuid(),
  platform: z.enum(["FACEBOOK", "INSTAGRAM"]).default("FACEBOOK"),
});
const callbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(500).optional(),
});

export const inboxConnectPlugin: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const session = sessionCookie("WEB", deps.config.production);
  const flowCookie = connectFlowCookie(deps.config.production);
  const pickCookie = metaPickCookie(deps.config.production);
  const appOrigin = deps.config.webUrl.replace(/\/+$/, "");

  async function who(req: FastifyRequest): Promise<ConnectRequest> {
    const token = req.cookies[session.name];
    const auth = token ? await validateSessionToken(deps.db, token, "WEB", deps.clock.now()) : null;
    if (!auth || auth.session.twoFactorPending) return { sessionId: null, userId: null };
    return { sessionId: auth.session.id, userId: auth.user.id };
  }

  const noStore = (reply: FastifyReply) =>
    reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");

  app.get(`${INBOX_CONNECT_PREFIX}/:provider/start`, async (req, reply) => {
    const { provider } = providerParams.parse(req.params);
    const parsed = startQuery.safeParse(req.query);
    if (!parsed.success) throw new AppError("BAD_REQUEST", "Open this from Settings → Channels.");
    const platform = provider === "tiktok" ? "TIKTOK" : parsed.data.platform;
    try {
      const started = await startConnect(deps, await who(req), { orgId: parsed.data.orgId, platform });
      reply.setCookie(flowCookie.name, started.cookie, flowCookie.options);
      return noStore(reply).redirect(started.redirectUrl, 302);
    } catch (error) {
      if (error instanceof AppError && error.reason === "SIGN_IN_REQUIRED")
        return noStore(reply).redirect(`${appOrigin}/sign-in`, 302);
      if (error instanceof AppError && error.code === "FORBIDDEN") {
        const page = await channelsPagePath(deps, parsed.data.orgId);
        return noStore(reply).redirect(`${appOrigin}${page}?connectError=FORBIDDEN`, 302);
      }
      throw error;
    }
  });

  app.get(`${INBOX_CONNECT_PREFIX}/:provider/callback`, async (req, reply) => {
    const { provider } = providerParams.parse(req.params);
    const query = callbackQuery.parse(req.query);
    const outcome = await finishConnect(
      deps,
      await who(req),
      provider as ConnectProvider,
      query,
      req.cookies[flowCookie.name],
    );
    // The flow is spent whatever happened.
    reply.clearCookie(flowCookie.name, { path: "/" });
    const page = await channelsPagePath(deps, outcome.orgId);
    let target: string;
    if (outcome.kind === "PICK_PAGES") {
      reply.setCookie(pickCookie.name, outcome.pickCookie, pickCookie.options);
      target = `${page}?connect=meta`;
    } else if (outcome.kind === "CONNECTED") {
      target = `${page}?connected=${outcome.connection.platform}`;
    } else {
      req.log.info({ provider, reason: outcome.reason }, "inbox channel connect refused");
      target = `${page}${page.includes("?") ? "&" : "?"}connectError=${outcome.reason}`;
    }
    return noStore(reply).redirect(`${appOrigin}${target}`, 302);
  });

  // Refusals carry their reason and details (a plan limit opens the upgrade dialog).
  const answerAppError = (reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError && error.code !== "INTERNAL") return sendAppError(noStore(reply), error);
    throw error;
  };

  app.get(`${INBOX_CONNECT_PREFIX}/meta/pages`, async (req, reply) => {
    try {
      const pick = await listMetaPages(deps, await who(req), req.cookies[pickCookie.name]);
      return noStore(reply).send(pick);
    } catch (error) {
      return answerAppError(reply, error);
    }
  });

  // A POST from our own origin only (the server's CSRF check) with the session's pick cookie.
  app.post(`${INBOX_CONNECT_PREFIX}/meta/pages`, { bodyLimit: 16 * 1024 }, async (req, reply) => {
    try {
      const result = await connectMetaPages(
        deps,
        await who(req),
        req.cookies[pickCookie.name],
        req.body as never,
      );
      reply.clearCookie(pickCookie.name, { path: "/" });
      return noStore(reply).send(result);
    } catch (error) {
      return answerAppError(reply, error);
    }
  });
};
