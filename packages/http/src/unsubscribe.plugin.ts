import type { Deps } from "@quartet/core/deps";
import { describeUnsubscribeToken, unsubscribeByToken } from "@quartet/core/email/unsubscribe";
import { renderUnsubscribePage } from "@quartet/core/email/unsubscribe-page";
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";

export const UNSUBSCRIBE_PATH = "/unsubscribe";
const query = z.object({ token: z.string().max(300).default("") });

/**
 * One-click unsubscribe (RFC 8058) for campaign mail:
 * - `POST /unsubscribe?token=…` (what a mail client sends for `List-Unsubscribe-Post:
 *   List-Unsubscribe=One-Click`, and what the confirmation page's button posts): no session, no
 *   CSRF origin (the signed token is the authority); withdraws marketing consent, idempotently.
 * - `GET /unsubscribe?token=…`: a page that names the address and asks to confirm; a GET never
 *   unsubscribes (link scanners open every link).
 */
export const unsubscribePlugin: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  // Mail clients post a form body; its content is fixed by the RFC and not needed: the token decides.
  app.addContentTypeParser(
    ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"],
    { parseAs: "string", bodyLimit: 16 * 1024 },
    (_req, body, done) => done(null, body),
  );
  const html = (reply: import("fastify").FastifyReply, status: number, page: string) =>
    reply
      .code(status)
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("referrer-policy", "no-referrer")
      .send(page);

  app.get(UNSUBSCRIBE_PATH, async (req, reply) => {
    const { token } = query.parse(req.query);
    const person = await describeUnsubscribeToken(deps, token);
    if (!person)
      return html(
        reply,
        400,
        renderUnsubscribePage({ kind: "invalid", locale: "en", webUrl: deps.config.webUrl }),
      );
    return html(
      reply,
      200,
      renderUnsubscribePage({
        kind: person.marketingConsent ? "confirm" : "already",
        locale: person.locale,
        email: person.email,
        token,
        webUrl: deps.config.webUrl,
      }),
    );
  });

  app.post(UNSUBSCRIBE_PATH, { config: { skipCsrf: true } }, async (req, reply) => {
    const { token } = query.parse(req.query);
    const outcome = await unsubscribeByToken(deps, token);
    if (!outcome.ok) {
      deps.log.warn({ ip: req.ip, reason: outcome.reason }, "unsubscribe refused");
      return html(
        reply,
        400,
        renderUnsubscribePage({ kind: "invalid", locale: "en", webUrl: deps.config.webUrl }),
      );
    }
    const person = await describeUnsubscribeToken(deps, token);
    return html(
      reply,
      200,
      renderUnsubscribePage({
        kind: outcome.alreadyUnsubscribed ? "already" : "done",
        locale: outcome.locale,
        email: person?.email ?? null,
        webUrl: deps.config.webUrl,
      }),
    );
  });
};
