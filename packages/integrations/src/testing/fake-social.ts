import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SocialProvidersConfig } from "../social/registry.ts";
import { signedMeta, signedTikTok } from "./social-payloads.ts";

/**
 * A local stand-in for Meta's Graph API (WhatsApp Cloud API, Messenger/Instagram Send API, Facebook
 * Login token endpoints) and TikTok's Business Messaging API, on 127.0.0.1 with a random port. It
 * answers with the documented payloads and error objects, records every request, and signs webhook
 * deliveries like the platforms do. One server plays both platforms (path prefixes).
 *
 *   const fake = await startFakeSocial();
 *   const providers = socialProviders(fake.config());       // every base URL points here
 *   await providers.require("WHATSAPP").sendMessage({ accessToken: "wa-token", accountId: "1001" }, { to: "33611", text: "Hi" });
 *   fake.sent            // [{ platform: "WHATSAPP", accountId: "1001", to: "33611", kind: "text", id: "wamid…", … }]
 *   fake.requests        // every call: method, path, query, headers, json / form
 *   await fake.close();
 *
 * Behaviour you can set:
 * - Tokens: every token is valid until `expireToken(t)` (Meta then answers error 190, TikTok 40105).
 *   Meta calls must carry a matching appsecret_proof when they send one.
 * - `closeWindow(recipient)`: free text to that WhatsApp number → 131047; Messenger/Instagram without
 *   the HUMAN_AGENT tag → error 10/2018278. Templates still go through.
 * - `failNext(match, failure)`: the next request whose "METHOD /path" matches gets `failure` instead:
 *   `{ meta: { code, subcode?, message?, status? } }`, `{ tiktok: { code, message? } }` or
 *   `{ status, body? }` (e.g. 503).
 * - `addMedia({ id, bytes, mimeType })`: WhatsApp `GET /{id}` → a lookaside URL here (bearer token
 *   required); TikTok media download → a URL here; `mediaUrl(id)` is a plain CDN-style URL (Messenger).
 * - `setTemplates(wabaId, templates)`: what GET /{waba}/message_templates lists (every status: the
 *   fake ignores the status filter so the client's own APPROVED filter is exercised).
 * - `setPages(userToken, pages)`, `setObject(id, fields)` (GET /{id}: phone numbers, pages, IG
 *   accounts, PSID/IGSID profiles), `setTikTokBusiness(id, fields)`.
 * - OAuth: `approveMetaLogin(dialogUrl, { userToken? })` / `approveTikTokLogin(authorizeUrl, { businessId })`
 *   play the person approving: they return the app's callback URL with `code` and `state`. Codes are
 *   single-use and bound to the client and redirect URI (and the PKCE challenge for TikTok).
 *
 * Webhooks: `signMeta(body)` / `signTikTok(body, at?)` give `{ raw, headers }` with this fake's
 * secrets; `deliverMeta(url, body)` / `deliverTikTok(url, body, at?)` POST them (a Response).
 * Payload builders: ./social-payloads.ts.
 */

export interface FakeSocialOptions {
  metaAppId?: string;
  metaAppSecret?: string;
  metaVerifyToken?: string;
  tiktokClientKey?: string;
  tiktokClientSecret?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the platform prefix, e.g. "/1001/messages" or "/open_api/v1.3/business/message/send/". */
  path: string;
  platform: "META" | "TIKTOK" | "MEDIA";
  query: Record<string, string>;
  headers: IncomingMessage["headers"];
  json: unknown;
  /** Multipart fields; files as { filename, type, size, bytes }. */
  form: Record<string, string | FakeFormFile> | null;
}

export interface FakeFormFile {
  filename: string;
  type: string;
  size: number;
  bytes: Buffer;
}

export interface FakeSentMessage {
  platform: "WHATSAPP" | "MESSENGER" | "TIKTOK";
  /** phone_number_id / page id / TikTok business id. */
  accountId: string;
  to: string;
  kind: string;
  id: string;
  body: unknown;
}

export type FakeFailure =
  | { meta: { code: number; subcode?: number; message?: string; status?: number; details?: string } }
  | { tiktok: { code: number; message?: string } }
  | { status: number; body?: unknown };

interface FakeMedia {
  bytes: Buffer;
  mimeType: string;
  filename?: string;
}

export interface FakeTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: unknown[];
}

export interface FakePage {
  id: string;
  name: string;
  access_token: string;
  tasks?: string[];
  instagram_business_account?: { id: string; username?: string; name?: string; profile_picture_url?: string };
}

export interface FakeSocial {
  baseUrl: string;
  graphBaseUrl: string;
  dialogBaseUrl: string;
  tiktokApiBaseUrl: string;
  tiktokAuthorizeUrl: string;
  readonly options: Required<FakeSocialOptions>;
  /** A SocialProvidersConfig pointing every platform here (media downloads allowed to loopback). */
  config(overrides?: { tiktokPkce?: boolean; timeoutMs?: number }): SocialProvidersConfig;
  readonly requests: RecordedRequest[];
  readonly sent: FakeSentMessage[];
  expireToken(token: string): void;
  closeWindow(recipient: string): void;
  openWindow(recipient: string): void;
  failNext(match: string | RegExp, failure: FakeFailure): void;
  addMedia(media: { id?: string; bytes: Buffer | Uint8Array; mimeType: string; filename?: string }): string;
  mediaUrl(id: string): string;
  setTemplates(wabaId: string, templates: FakeTemplate[]): void;
  setPages(userToken: string, pages: FakePage[]): void;
  setObject(id: string, fields: Record<string, unknown>): void;
  setTikTokBusiness(
    id: string,
    fields: { username?: string; display_name?: string; profile_image?: string },
  ): void;
  approveMetaLogin(dialogUrl: string | URL, options?: { userToken?: string }): URL;
  approveTikTokLogin(authorizeUrl: string | URL, options: { businessId: string }): URL;
  signMeta(body: unknown): { raw: Buffer; headers: Record<string, string> };
  signTikTok(body: unknown, at?: Date): { raw: Buffer; headers: Record<string, string> };
  deliverMeta(url: string, body: unknown): Promise<Response>;
  deliverTikTok(url: string, body: unknown, at?: Date): Promise<Response>;
  /** Forget recorded requests and sent messages (state like tokens and media stays). */
  clearRecords(): void;
  close(): Promise<void>;
}

const GRAPH_PREFIX = "/graph/v21.0";
const DIALOG_PREFIX = "/facebook/v21.0";
const TIKTOK_PREFIX = "/tiktok";
const TIKTOK_AUTH_PATH = "/tiktok-auth/v2/auth/authorize/";

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseForm(raw: Buffer, contentType: string): Promise<RecordedRequest["form"]> {
  const form = await new Request("http://fake/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  }).formData();
  const out: NonNullable<RecordedRequest["form"]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") out[key] = value;
    else
      out[key] = {
        filename: value.name,
        type: value.type,
        size: value.size,
        bytes: Buffer.from(await value.arrayBuffer()),
      };
  }
  return out;
}

const id = (prefix: string) => `${prefix}${randomBytes(9).toString("base64url")}`;

export async function startFakeSocial(input: FakeSocialOptions = {}): Promise<FakeSocial> {
  const options: Required<FakeSocialOptions> = {
    metaAppId: input.metaAppId ?? "fake-meta-app",
    metaAppSecret: input.metaAppSecret ?? "fake-meta-app-secret",
    metaVerifyToken: input.metaVerifyToken ?? "fake-verify-token",
    tiktokClientKey: input.tiktokClientKey ?? "fake-tiktok-client",
    tiktokClientSecret: input.tiktokClientSecret ?? "fake-tiktok-client-secret",
  };
  const requests: RecordedRequest[] = [];
  const sent: FakeSentMessage[] = [];
  const expired = new Set<string>();
  const closedWindows = new Set<string>();
  const failures: { match: string | RegExp; failure: FakeFailure }[] = [];
  const media = new Map<string, FakeMedia>();
  const templates = new Map<string, FakeTemplate[]>();
  const pages = new Map<string, FakePage[]>();
  const objects = new Map<string, Record<string, unknown>>();
  const businesses = new Map<string, Record<string, unknown>>();
  const metaCodes = new Map<string, { redirectUri: string; userToken: string; used: boolean }>();
  const tiktokCodes = new Map<
    string,
    { redirectUri: string; businessId: string; challenge: string | null; used: boolean }
  >();
  const tiktokRefresh = new Map<string, string>();
  let baseUrl = "";

  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  const metaErrorBody = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
    error: {
      message,
      type: code === 190 ? "OAuthException" : "OAuthException",
      code,
      ...extra,
      fbtrace_id: id("A"),
    },
  });
  const tiktokAnswer = (code: number, message: string, data: unknown = {}) => ({
    code,
    message,
    request_id: id("req-"),
    data,
  });

  function takeFailure(signature: string): FakeFailure | null {
    const index = failures.findIndex(({ match }) =>
      typeof match === "string" ? signature.includes(match) : match.test(signature),
    );
    if (index === -1) return null;
    return failures.splice(index, 1)[0]!.failure;
  }

  function sendFailure(res: ServerResponse, failure: FakeFailure) {
    if ("meta" in failure) {
      const f = failure.meta;
      return json(
        res,
        f.status ?? (f.code === 190 ? 401 : f.code === 4 || f.code === 130429 ? 429 : 400),
        metaErrorBody(f.code, f.message ?? `(#${f.code}) Fake failure`, {
          ...(f.subcode ? { error_subcode: f.subcode } : {}),
          ...(f.details ? { error_data: { messaging_product: "whatsapp", details: f.details } } : {}),
        }),
      );
    }
    if ("tiktok" in failure)
      return json(res, 200, tiktokAnswer(failure.tiktok.code, failure.tiktok.message ?? "Fake failure"));
    return json(res, failure.status, failure.body ?? { error: "fake failure" });
  }

  // ── Meta ───────────────────────────────────────────────────────────────────────────────────

  /** The request's token when valid; otherwise answers the error and returns null. */
  function metaToken(req: RecordedRequest, res: ServerResponse): string | null {
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : (req.query.access_token ?? null);
    if (!token) {
      json(
        res,
        400,
        metaErrorBody(
          2500,
          "An active access token must be used to query information about the current user.",
        ),
      );
      return null;
    }
    if (expired.has(token)) {
      json(
        res,
        401,
        metaErrorBody(190, "Error validating access token: Session has expired.", { error_subcode: 463 }),
      );
      return null;
    }
    const proof = req.query.appsecret_proof;
    if (proof !== undefined) {
      const expected = createHmac("sha256", options.metaAppSecret).update(token).digest("hex");
      if (proof !== expected) {
        json(res, 400, metaErrorBody(100, "Invalid appsecret_proof provided in the API argument"));
        return null;
      }
    }
    return token;
  }

  function handleMeta(req: RecordedRequest, res: ServerResponse) {
    const segments = req.path.split("/").filter(Boolean);
    const [first, second] = segments;

    if (req.method === "GET" && first === "oauth" && second === "access_token") {
      const q = req.query;
      if (q.client_id !== options.metaAppId || q.client_secret !== options.metaAppSecret)
        return json(res, 400, metaErrorBody(1, "Error validating client secret."));
      if (q.grant_type === "fb_exchange_token") {
        const token = q.fb_exchange_token ?? "";
        if (!token || expired.has(token))
          return json(
            res,
            400,
            metaErrorBody(190, "Error validating access token: Session has expired.", { error_subcode: 463 }),
          );
        const longLived = id("EAAL");
        // The new token manages the same pages.
        const owned = pages.get(token);
        if (owned) pages.set(longLived, owned);
        return json(res, 200, { access_token: longLived, token_type: "bearer", expires_in: 5_183_944 });
      }
      const issued = metaCodes.get(q.code ?? "");
      if (!issued || issued.used || issued.redirectUri !== q.redirect_uri) {
        if (issued) issued.used = true;
        return json(
          res,
          400,
          metaErrorBody(100, "This authorization code has been used.", { error_subcode: 36009 }),
        );
      }
      issued.used = true;
      return json(res, 200, { access_token: issued.userToken, token_type: "bearer", expires_in: 5_400 });
    }

    const token = metaToken(req, res);
    if (!token) return;

    if (req.method === "GET" && first === "me" && second === "accounts") {
      const list = pages.get(token) ?? [];
      const limit = Number(req.query.limit ?? 25);
      const start = Number(req.query.after ?? 0);
      const slice = list.slice(start, start + limit);
      const more = start + limit < list.length;
      return json(res, 200, {
        data: slice,
        paging: {
          cursors: { before: String(start), after: String(start + slice.length) },
          ...(more ? { next: `${baseUrl}${GRAPH_PREFIX}/me/accounts?after=${start + slice.length}` } : {}),
        },
      });
    }

    if (req.method === "POST" && second === "messages" && first) {
      const body = (req.json ?? {}) as Record<string, unknown>;
      if (body.messaging_product === "whatsapp") {
        if (body.status === "read") return json(res, 200, { success: true });
        const to = String(body.to ?? "");
        const type = String(body.type ?? "");
        if (!to || !type) return json(res, 400, metaErrorBody(100, "(#100) The parameter to is required."));
        if (type !== "template" && closedWindows.has(to))
          return json(
            res,
            400,
            metaErrorBody(131047, "Re-engagement message", {
              error_data: {
                messaging_product: "whatsapp",
                details:
                  "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
              },
            }),
          );
        const wamid = id("wamid.");
        sent.push({ platform: "WHATSAPP", accountId: first, to, kind: type, id: wamid, body });
        return json(res, 200, {
          messaging_product: "whatsapp",
          contacts: [{ input: to, wa_id: to.replace(/^\+/, "") }],
          messages: [{ id: wamid, ...(type === "template" ? { message_status: "accepted" } : {}) }],
        });
      }
      // Messenger / Instagram Send API (JSON or multipart with filedata).
      const fields: Record<string, unknown> = req.form
        ? Object.fromEntries(
            Object.entries(req.form).map(([k, v]) => {
              if (typeof v !== "string") return [k, v];
              try {
                return [k, JSON.parse(v)];
              } catch {
                return [k, v];
              }
            }),
          )
        : body;
      const recipient = (fields.recipient as { id?: string } | undefined)?.id;
      if (!recipient) return json(res, 400, metaErrorBody(100, "(#100) The parameter recipient is required"));
      if (fields.sender_action) return json(res, 200, { recipient_id: recipient });
      const tagged = fields.messaging_type === "MESSAGE_TAG" && fields.tag === "HUMAN_AGENT";
      if (closedWindows.has(recipient) && !tagged)
        return json(
          res,
          400,
          metaErrorBody(10, "(#10) This message is sent outside of allowed window.", {
            error_subcode: 2018278,
          }),
        );
      const mid = id("m_");
      const message = fields.message as { text?: string; attachment?: { type?: string } } | undefined;
      sent.push({
        platform: "MESSENGER",
        accountId: first,
        to: recipient,
        kind: message?.attachment?.type ?? "text",
        id: mid,
        body: fields,
      });
      return json(res, 200, { recipient_id: recipient, message_id: mid });
    }

    if (req.method === "POST" && second === "media" && first) {
      const file = req.form?.file;
      if (!file || typeof file === "string" || req.form?.messaging_product !== "whatsapp")
        return json(
          res,
          400,
          metaErrorBody(100, "(#100) Param file must be a file with one of the following types"),
        );
      const mediaId = id("");
      media.set(mediaId, { bytes: file.bytes, mimeType: file.type, filename: file.filename });
      return json(res, 200, { id: mediaId });
    }

    if (req.method === "POST" && second === "subscribed_apps") return json(res, 200, { success: true });

    if (req.method === "GET" && second === "message_templates" && first) {
      const list = templates.get(first) ?? [];
      const limit = Number(req.query.limit ?? 25);
      const start = Number(req.query.after ?? 0);
      const slice = list.slice(start, start + limit).map((t, i) => ({
        id: t.id ?? `tpl-${start + i}`,
        name: t.name,
        language: t.language,
        status: t.status,
        category: t.category ?? "UTILITY",
        components: t.components ?? [],
      }));
      const more = start + limit < list.length;
      return json(res, 200, {
        data: slice,
        paging: {
          cursors: { before: String(start), after: String(start + slice.length) },
          ...(more
            ? { next: `${baseUrl}${GRAPH_PREFIX}/${first}/message_templates?after=${start + slice.length}` }
            : {}),
        },
      });
    }

    if (req.method === "GET" && segments.length === 1 && first) {
      const item = media.get(first);
      if (item)
        return json(res, 200, {
          messaging_product: "whatsapp",
          url: `${baseUrl}/lookaside/${first}`,
          mime_type: item.mimeType,
          sha256: createHash("sha256").update(item.bytes).digest("hex"),
          file_size: item.bytes.length,
          id: first,
        });
      const object = objects.get(first);
      if (object) {
        const wanted = req.query.fields?.split(",").map((f) => f.split("{")[0]!.trim());
        return json(res, 200, {
          id: first,
          ...Object.fromEntries(Object.entries(object).filter(([k]) => !wanted || wanted.includes(k))),
        });
      }
    }

    return json(
      res,
      400,
      metaErrorBody(
        100,
        `Unsupported ${req.method.toLowerCase()} request. Object with ID '${first}' does not exist.`,
        {
          error_subcode: 33,
        },
      ),
    );
  }

  // ── TikTok ─────────────────────────────────────────────────────────────────────────────────

  function handleTikTok(req: RecordedRequest, res: ServerResponse) {
    const path = req.path.replace(/^\/open_api\/v1\.3\//, "");
    const body = (req.json ?? {}) as Record<string, unknown>;

    if (path === "tt_user/oauth2/token/" || path === "tt_user/oauth2/refresh_token/") {
      if (body.client_id !== options.tiktokClientKey || body.client_secret !== options.tiktokClientSecret)
        return json(res, 200, tiktokAnswer(40001, "Invalid client credentials."));
      let businessId: string;
      if (path === "tt_user/oauth2/token/") {
        const issued = tiktokCodes.get(String(body.auth_code ?? ""));
        const verifier = typeof body.code_verifier === "string" ? body.code_verifier : null;
        const challengeOk =
          !issued?.challenge ||
          (verifier !== null && createHash("sha256").update(verifier).digest("hex") === issued.challenge);
        if (!issued || issued.used || issued.redirectUri !== body.redirect_uri || !challengeOk) {
          if (issued) issued.used = true;
          return json(res, 200, tiktokAnswer(40002, "Invalid auth_code."));
        }
        issued.used = true;
        businessId = issued.businessId;
      } else {
        const owner = tiktokRefresh.get(String(body.refresh_token ?? ""));
        if (!owner || body.grant_type !== "refresh_token")
          return json(res, 200, tiktokAnswer(40002, "Invalid refresh_token."));
        tiktokRefresh.delete(String(body.refresh_token));
        businessId = owner;
      }
      const refresh = id("rft.");
      tiktokRefresh.set(refresh, businessId);
      return json(
        res,
        200,
        tiktokAnswer(0, "OK", {
          open_id: businessId,
          scope: "user.info.basic,message.list.read,message.list.send,message.list.manage",
          access_token: id("act."),
          refresh_token: refresh,
          expires_in: 86_400,
          refresh_token_expires_in: 31_536_000,
          token_type: "Bearer",
        }),
      );
    }

    const token = req.headers["access-token"];
    if (typeof token !== "string" || !token || expired.has(token))
      return json(res, 200, tiktokAnswer(40105, "The access token is invalid or has been revoked."));

    if (path === "business/message/send/" && req.method === "POST") {
      const recipient = String(body.recipient ?? "");
      if (body.recipient_type !== "CONVERSATION" || !recipient || !body.business_id)
        return json(res, 200, tiktokAnswer(40002, "recipient_type, recipient and business_id are required."));
      const type = String(body.message_type ?? "");
      if (type !== "TEXT" && type !== "IMAGE")
        return json(res, 200, tiktokAnswer(40002, "Unsupported message_type."));
      const messageId = id("tt-out-");
      sent.push({
        platform: "TIKTOK",
        accountId: String(body.business_id),
        to: recipient,
        kind: type,
        id: messageId,
        body,
      });
      return json(res, 200, tiktokAnswer(0, "OK", { message: { message_id: messageId } }));
    }
    if (path === "business/message/media/upload/" && req.method === "POST") {
      const file = req.form?.file;
      if (!file || typeof file === "string" || req.form?.media_type !== "IMAGE")
        return json(res, 200, tiktokAnswer(40002, "file and media_type are required."));
      const mediaId = id("tt-media-");
      media.set(mediaId, { bytes: file.bytes, mimeType: file.type, filename: file.filename });
      return json(res, 200, tiktokAnswer(0, "OK", { media_id: mediaId }));
    }
    if (path === "business/message/media/download/" && req.method === "POST") {
      const mediaId = String(body.media_id ?? "");
      if (!media.has(mediaId) || !body.conversation_id || !body.message_id)
        return json(res, 200, tiktokAnswer(40002, "The media does not exist."));
      return json(res, 200, tiktokAnswer(0, "OK", { download_url: `${baseUrl}/cdn/${mediaId}` }));
    }
    if (path === "business/get/" && req.method === "GET") {
      const business = businesses.get(req.query.business_id ?? "");
      if (!business) return json(res, 200, tiktokAnswer(40002, "business_id does not exist."));
      return json(res, 200, tiktokAnswer(0, "OK", business));
    }
    return json(res, 404, tiktokAnswer(40400, "Not found."));
  }

  // ── Media hosts ────────────────────────────────────────────────────────────────────────────

  function handleMedia(
    req: RecordedRequest,
    res: ServerResponse,
    kind: "lookaside" | "cdn",
    mediaId: string,
  ) {
    const item = media.get(mediaId);
    if (kind === "lookaside") {
      const auth = req.headers.authorization;
      const token = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
      if (!token || expired.has(token)) return json(res, 401, { error: "unauthorized" });
    }
    if (!item) return json(res, 404, { error: "not found" });
    res.writeHead(200, {
      "content-type": item.mimeType,
      "content-length": item.bytes.length,
      ...(item.filename ? { "content-disposition": `attachment; filename="${item.filename}"` } : {}),
    });
    res.end(item.bytes);
  }

  const server: Server = createServer(async (incoming, res) => {
    try {
      const url = new URL(incoming.url ?? "/", "http://fake");
      const raw = await readBody(incoming);
      const contentType = incoming.headers["content-type"] ?? "";
      let parsedJson: unknown = null;
      let form: RecordedRequest["form"] = null;
      if (contentType.startsWith("multipart/form-data")) form = await parseForm(raw, contentType);
      else if (raw.length) {
        try {
          parsedJson = JSON.parse(raw.toString("utf8"));
        } catch {
          parsedJson = null;
        }
      }
      const platform: RecordedRequest["platform"] = url.pathname.startsWith(GRAPH_PREFIX)
        ? "META"
        : url.pathname.startsWith(`${TIKTOK_PREFIX}/`)
          ? "TIKTOK"
          : "MEDIA";
      const path =
        platform === "META"
          ? url.pathname.slice(GRAPH_PREFIX.length)
          : platform === "TIKTOK"
            ? url.pathname.slice(TIKTOK_PREFIX.length)
            : url.pathname;
      const req: RecordedRequest = {
        method: incoming.method ?? "GET",
        path,
        platform,
        query: Object.fromEntries(url.searchParams),
        headers: incoming.headers,
        json: parsedJson,
        form,
      };
      requests.push(req);
      const failure = takeFailure(`${req.method} ${path}`);
      if (failure) return sendFailure(res, failure);
      if (platform === "META") return handleMeta(req, res);
      if (platform === "TIKTOK") return handleTikTok(req, res);
      const [, kind, mediaId] = path.split("/");
      if ((kind === "lookaside" || kind === "cdn") && mediaId) return handleMedia(req, res, kind, mediaId);
      return json(res, 404, { error: "not found" });
    } catch (error) {
      json(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSocial = {
    baseUrl,
    graphBaseUrl: `${baseUrl}${GRAPH_PREFIX}`,
    dialogBaseUrl: `${baseUrl}${DIALOG_PREFIX}`,
    tiktokApiBaseUrl: `${baseUrl}${TIKTOK_PREFIX}`,
    tiktokAuthorizeUrl: `${baseUrl}${TIKTOK_AUTH_PATH}`,
    options,
    config: (overrides = {}) => ({
      meta: {
        appId: options.metaAppId,
        appSecret: options.metaAppSecret,
        verifyToken: options.metaVerifyToken,
        graphBaseUrl: `${baseUrl}${GRAPH_PREFIX}`,
        dialogBaseUrl: `${baseUrl}${DIALOG_PREFIX}`,
      },
      tiktok: {
        clientKey: options.tiktokClientKey,
        clientSecret: options.tiktokClientSecret,
        apiBaseUrl: `${baseUrl}${TIKTOK_PREFIX}`,
        authorizeUrl: `${baseUrl}${TIKTOK_AUTH_PATH}`,
        pkce: overrides.tiktokPkce ?? false,
      },
      timeoutMs: overrides.timeoutMs ?? 5_000,
      media: { allowPrivateAddresses: true, timeoutMs: 5_000 },
    }),
    requests,
    sent,
    expireToken: (token) => void expired.add(token),
    closeWindow: (recipient) => void closedWindows.add(recipient),
    openWindow: (recipient) => void closedWindows.delete(recipient),
    failNext: (match, failure) => void failures.push({ match, failure }),
    addMedia(item) {
      const mediaId = item.id ?? id("media-");
      media.set(mediaId, {
        bytes: Buffer.from(item.bytes),
        mimeType: item.mimeType,
        filename: item.filename,
      });
      return mediaId;
    },
    mediaUrl: (mediaId) => `${baseUrl}/cdn/${mediaId}`,
    setTemplates: (wabaId, list) => void templates.set(wabaId, list),
    setPages: (userToken, list) => void pages.set(userToken, list),
    setObject: (objectId, fields) => void objects.set(objectId, fields),
    setTikTokBusiness: (businessId, fields) => void businesses.set(businessId, fields),
    approveMetaLogin(dialogUrl, approve = {}) {
      const url = new URL(dialogUrl);
      if (!url.pathname.startsWith(`${DIALOG_PREFIX}/dialog/oauth`))
        throw new Error("Not this fake's dialog URL");
      if (url.searchParams.get("client_id") !== options.metaAppId) throw new Error("Unknown client_id");
      const redirectUri = url.searchParams.get("redirect_uri");
      if (!redirectUri) throw new Error("redirect_uri is required");
      const code = id("AQ");
      metaCodes.set(code, { redirectUri, userToken: approve.userToken ?? id("EAAS"), used: false });
      const callback = new URL(redirectUri);
      callback.searchParams.set("code", code);
      const state = url.searchParams.get("state");
      if (state) callback.searchParams.set("state", state);
      return callback;
    },
    approveTikTokLogin(authorizeUrl, approve) {
      const url = new URL(authorizeUrl);
      if (url.searchParams.get("client_key") !== options.tiktokClientKey)
        throw new Error("Unknown client_key");
      const redirectUri = url.searchParams.get("redirect_uri");
      if (!redirectUri) throw new Error("redirect_uri is required");
      const code = id("ttcode.");
      const method = url.searchParams.get("code_challenge_method");
      tiktokCodes.set(code, {
        redirectUri,
        businessId: approve.businessId,
        challenge: method === "S256" ? url.searchParams.get("code_challenge") : null,
        used: false,
      });
      const callback = new URL(redirectUri);
      callback.searchParams.set("code", code);
      const state = url.searchParams.get("state");
      if (state) callback.searchParams.set("state", state);
      return callback;
    },
    signMeta: (body) => signedMeta(body, options.metaAppSecret),
    signTikTok: (body, at) => signedTikTok(body, options.tiktokClientSecret, at),
    async deliverMeta(url, body) {
      const { raw, headers } = signedMeta(body, options.metaAppSecret);
      return fetch(url, { method: "POST", headers, body: raw });
    },
    async deliverTikTok(url, body, at) {
      const { raw, headers } = signedTikTok(body, options.tiktokClientSecret, at);
      return fetch(url, { method: "POST", headers, body: raw });
    },
    clearRecords() {
      requests.length = 0;
      sent.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}
