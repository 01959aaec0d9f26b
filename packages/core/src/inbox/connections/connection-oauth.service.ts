import { createHash } from "node:crypto";
import { hitRateLimit } from "@quartet/auth/rate-limit";
import { ChannelError } from "@quartet/integrations/social/errors";
import { createOAuthState, type MetaPage, sameState } from "@quartet/integrations/social/meta-oauth";
import type { ChannelCredentials } from "@quartet/integrations/social/types";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { seal, unseal } from "../../identity/oauth.service.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import type * as repo from "./connection.repository.ts";
import type { ConnectionItem } from "./connection.schema.ts";
import { saveConnection, toConnectionItem } from "./connection.service.ts";
import { channelProvider, metaOAuthClient, tiktokOAuthClient } from "./connection-providers.ts";
import { sealToken } from "./connection-secrets.ts";

// Connecting Messenger, Instagram (Facebook Login) and TikTok (its OAuth, PKCE when on) from
// Settings → Channels. The browser that starts a flow is the only one that can finish it: state,
// PKCE verifier, workspace, person and session travel in a short-lived sealed cookie (sealed like
// the sign-in flow's: oauth.service's seal), and the callback checks the state, that the same
// session of the same person comes back, and that they still manage the workspace. A state is
// spent on first use (a replayed callback is refused even with the cookie). Meta then lists the
// person's Pages: the user token waits in a second sealed cookie until they pick which to connect.

export const CONNECT_FLOW_TTL_MS = 10 * 60_000;
export const META_PICK_TTL_MS = 15 * 60_000;
const FLOW_PURPOSE = "inbox-connect-flow";
const PICK_PURPOSE = "inbox-connect-meta-pick";

export type ConnectProvider = "meta" | "tiktok";
export type OAuthPlatform = "FACEBOOK" | "INSTAGRAM" | "TIKTOK";

export interface ConnectCookieSpec {
  name: string;
  options: { httpOnly: true; secure: boolean; sameSite: "lax"; path: "/"; maxAge: number };
}

/** SameSite=Lax: the provider's top-level redirect back carries it. */
export function connectFlowCookie(production: boolean): ConnectCookieSpec {
  return {
    name: production ? "__Host-quartet_inbox_connect" : "quartet_inbox_connect",
    options: {
      httpOnly: true,
      secure: production,
      sameSite: "lax",
      path: "/",
      maxAge: CONNECT_FLOW_TTL_MS / 1000,
    },
  };
}

export function metaPickCookie(production: boolean): ConnectCookieSpec {
  return {
    name: production ? "__Host-quartet_inbox_meta_pick" : "quartet_inbox_meta_pick",
    options: {
      httpOnly: true,
      secure: production,
      sameSite: "lax",
      path: "/",
      maxAge: META_PICK_TTL_MS / 1000,
    },
  };
}

const flowSchema = z.object({
  v: z.literal(1),
  provider: z.enum(["meta", "tiktok"]),
  platform: z.enum(["FACEBOOK", "INSTAGRAM", "TIKTOK"]),
  state: z.string().min(16).max(200),
  codeVerifier: z.string().min(43).max(200).nullable(),
  orgId: z.uuid(),
  userId: z.uuid(),
  sessionId: z.string().min(1).max(128),
  expiresAt: z.number().int(),
});
type Flow = z.infer<typeof flowSchema>;

const pickSchema = z.object({
  v: z.literal(1),
  platform: z.enum(["FACEBOOK", "INSTAGRAM"]),
  orgId: z.uuid(),
  userId: z.uuid(),
  sessionId: z.string().min(1).max(128),
  userToken: z.string().min(1).max(2000),
  expiresAt: z.number().int(),
});
type PickFlow = z.infer<typeof pickSchema>;

/** Who is at the browser: the session the request's cookie names (null: signed out). */
export interface ConnectRequest {
  sessionId: string | null;
  userId: string | null;
}

export function connectRedirectUri(deps: Pick<Deps, "config">, provider: ConnectProvider): string {
  return `${deps.config.webUrl.replace(/\/+$/, "")}/inbox/connect/${provider}/callback`;
}

function signedIn(req: ConnectRequest): { sessionId: string; userId: string } {
  if (!req.sessionId || !req.userId)
    throw new AppError("UNAUTHORIZED", "Please sign in first.", undefined, "SIGN_IN_REQUIRED");
  return { sessionId: req.sessionId, userId: req.userId };
}

const notConfigured = () =>
  new AppError("NOT_FOUND", "This platform isn't set up on this server.", undefined, "NOT_CONFIGURED");

export interface StartedConnect {
  redirectUrl: string;
  cookie: string;
}

/**
 * Starts a connect flow for an OWNER or ADMIN of the workspace: a fresh state (and TikTok PKCE
 * verifier) sealed with the workspace, person and session into the flow cookie.
 */
export async function startConnect(
  deps: Deps,
  req: ConnectRequest,
  input: { orgId: string; platform: OAuthPlatform },
): Promise<StartedConnect> {
  const who = signedIn(req);
  await requireMembership(deps.db, input.orgId, who.userId, "ADMIN");
  const state = createOAuthState();
  const provider: ConnectProvider = input.platform === "TIKTOK" ? "tiktok" : "meta";
  let url: URL;
  let codeVerifier: string | null = null;
  if (provider === "meta") {
    const client = metaOAuthClient(deps);
    if (!client) throw notConfigured();
    const platform = input.platform === "INSTAGRAM" ? "INSTAGRAM" : "FACEBOOK";
    url = client.authorizationUrl({ redirectUri: connectRedirectUri(deps, "meta"), state, platform });
  } else {
    const client = tiktokOAuthClient(deps);
    if (!client) throw notConfigured();
    codeVerifier = client.createCodeVerifier();
    url = client.authorizationUrl({ redirectUri: connectRedirectUri(deps, "tiktok"), state, codeVerifier });
  }
  const flow: Flow = {
    v: 1,
    provider,
    platform: input.platform,
    state,
    codeVerifier,
    orgId: input.orgId,
    userId: who.userId,
    sessionId: who.sessionId,
    expiresAt: deps.clock.now().getTime() + CONNECT_FLOW_TTL_MS,
  };
  return { redirectUrl: url.toString(), cookie: seal(deps, FLOW_PURPOSE, flow) };
}

export type ConnectFailure =
  | "FLOW_EXPIRED"
  | "STATE_MISMATCH"
  | "STATE_USED"
  | "SESSION_MISMATCH"
  | "FORBIDDEN"
  | "CANCELLED"
  | "CODE_REJECTED"
  | "PROVIDER_UNREACHABLE"
  | "NO_ACCOUNT"
  | "PLAN_LIMIT"
  | "CONNECTED_ELSEWHERE";

export type ConnectOutcome =
  | { kind: "CONNECTED"; orgId: string; connection: ConnectionItem }
  /** Meta: pick the Pages / Instagram accounts to connect (the user token in the pick cookie). */
  | { kind: "PICK_PAGES"; orgId: string; pickCookie: string }
  | { kind: "FAILED"; orgId: string | null; reason: ConnectFailure };

/**
 * Finishes a flow from the provider's redirect. Every check happens before the code is traded:
 * the sealed flow (present, unexpired, this provider), the state, the same person's same session,
 * their role in the workspace, and the state's single use.
 */
export async function finishConnect(
  deps: Deps,
  req: ConnectRequest,
  provider: ConnectProvider,
  query: { code?: string; state?: string; error?: string },
  sealedFlow: string | undefined,
): Promise<ConnectOutcome> {
  const flow = unseal(deps, FLOW_PURPOSE, flowSchema, sealedFlow);
  if (!flow || flow.provider !== provider) return { kind: "FAILED", orgId: null, reason: "STATE_MISMATCH" };
  const fail = (reason: ConnectFailure): ConnectOutcome => ({ kind: "FAILED", orgId: flow.orgId, reason });
  if (flow.expiresAt < deps.clock.now().getTime()) return fail("FLOW_EXPIRED");
  if (!sameState(flow.state, query.state)) return fail("STATE_MISMATCH");
  if (req.sessionId !== flow.sessionId || req.userId !== flow.userId) return fail("SESSION_MISMATCH");
  try {
    await requireMembership(deps.db, flow.orgId, flow.userId, "ADMIN");
  } catch {
    return fail("FORBIDDEN");
  }
  if (!(await spendState(deps, flow.state))) return fail("STATE_USED");
  if (query.error || !query.code) return fail("CANCELLED");

  try {
    if (flow.provider === "meta") {
      const client = metaOAuthClient(deps);
      if (!client) return fail("PROVIDER_UNREACHABLE");
      const tokens = await client.exchangeCode({
        code: query.code,
        redirectUri: connectRedirectUri(deps, "meta"),
      });
      const pick: PickFlow = {
        v: 1,
        platform: flow.platform === "INSTAGRAM" ? "INSTAGRAM" : "FACEBOOK",
        orgId: flow.orgId,
        userId: flow.userId,
        sessionId: flow.sessionId,
        userToken: tokens.accessToken,
        expiresAt: deps.clock.now().getTime() + META_PICK_TTL_MS,
      };
      return { kind: "PICK_PAGES", orgId: flow.orgId, pickCookie: seal(deps, PICK_PURPOSE, pick) };
    }
    const client = tiktokOAuthClient(deps);
    if (!client) return fail("PROVIDER_UNREACHABLE");
    const tokens = await client.exchangeCode({
      code: query.code,
      redirectUri: connectRedirectUri(deps, "tiktok"),
      codeVerifier: flow.codeVerifier,
    });
    if (!tokens.accountId) return fail("NO_ACCOUNT");
    const credentials: ChannelCredentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accountId: tokens.accountId,
    };
    const provider = channelProvider(deps, "TIKTOK");
    const account = await provider.fetchAccount(credentials);
    await provider.subscribeWebhooks(credentials);
    const row = await deps.db.$transaction((tx) =>
      saveConnection(tx, deps, {
        orgId: flow.orgId,
        platform: "TIKTOK",
        platformUserId: tokens.accountId as string,
        userId: flow.userId,
        whenActive: "update",
        write: {
          platformDisplayName: account.displayName,
          platformUsername: account.username,
          accessToken: sealToken(deps.config, tokens.accessToken),
          refreshToken: tokens.refreshToken ? sealToken(deps.config, tokens.refreshToken) : null,
          tokenExpiresAt: tokens.expiresAt,
          metadata: {
            avatarUrl: account.avatarUrl,
            refreshTokenExpiresAt: tokens.refreshTokenExpiresAt?.toISOString() ?? null,
          },
        },
      }),
    );
    return { kind: "CONNECTED", orgId: flow.orgId, connection: toConnectionItem(row) };
  } catch (error) {
    return fail(failureOf(error));
  }
}

function failureOf(error: unknown): ConnectFailure {
  if (error instanceof ChannelError) return error.retryable ? "PROVIDER_UNREACHABLE" : "CODE_REJECTED";
  if (error instanceof AppError && error.reason === "PLAN_LIMIT") return "PLAN_LIMIT";
  if (error instanceof AppError && error.reason === "CONNECTED_ELSEWHERE") return "CONNECTED_ELSEWHERE";
  throw error;
}

/**
 * A state works once across every process: the first callback claims it in the rate-limit
 * counters (a fixed window longer than the flow's life); a replay finds it claimed.
 */
async function spendState(deps: Deps, state: string): Promise<boolean> {
  const key = `inbox-connect-state:${createHash("sha256").update(state).digest("base64url")}`;
  const hit = await hitRateLimit(
    deps.db,
    { key, limit: 1, windowSeconds: (CONNECT_FLOW_TTL_MS / 1000) * 2 },
    deps.clock.now(),
  );
  return hit.allowed;
}

// ── Meta: picking Pages and Instagram accounts ───────────────────────────────────────────────

export interface MetaPageChoice {
  pageId: string;
  name: string;
  canMessage: boolean;
  /** Already connected (ACTIVE or in trouble) in this workspace. */
  messengerConnected: boolean;
  instagram: { accountId: string; username: string | null; name: string | null; connected: boolean } | null;
}

export interface MetaPick {
  orgId: string;
  /** What the person started from: Messenger or Instagram (the page preselects it). */
  platform: "FACEBOOK" | "INSTAGRAM";
  pages: MetaPageChoice[];
}

function openPick(deps: Deps, req: ConnectRequest, sealed: string | undefined): PickFlow {
  const pick = unseal(deps, PICK_PURPOSE, pickSchema, sealed);
  if (!pick || pick.expiresAt < deps.clock.now().getTime())
    throw new AppError(
      "PRECONDITION_FAILED",
      "This Facebook sign-in has expired. Connect again.",
      undefined,
      "PICK_EXPIRED",
    );
  if (req.sessionId !== pick.sessionId || req.userId !== pick.userId)
    throw new AppError(
      "FORBIDDEN",
      "This Facebook sign-in belongs to another session.",
      undefined,
      "SESSION_MISMATCH",
    );
  return pick;
}

async function pagesOf(deps: Deps, pick: PickFlow): Promise<MetaPage[]> {
  const client = metaOAuthClient(deps);
  if (!client) throw notConfigured();
  try {
    return await client.listPages(pick.userToken);
  } catch (error) {
    if (!(error instanceof ChannelError)) throw error;
    throw new AppError(
      "PRECONDITION_FAILED",
      `${error.message} Connect again.`,
      undefined,
      "CHANNEL_REFUSED",
    );
  }
}

/** The Pages (and linked Instagram accounts) the person can connect, for the picker. */
export async function listMetaPages(
  deps: Deps,
  req: ConnectRequest,
  sealed: string | undefined,
): Promise<MetaPick> {
  const pick = openPick(deps, req, sealed);
  await requireMembership(deps.db, pick.orgId, pick.userId, "ADMIN");
  const pages = await pagesOf(deps, pick);
  const connected = await deps.db.platformConnection.findMany({
    where: {
      organizationId: pick.orgId,
      platform: { in: ["FACEBOOK", "INSTAGRAM"] },
      status: { not: "DISCONNECTED" },
    },
    select: { platform: true, platformUserId: true },
  });
  const has = (platform: string, id: string) =>
    connected.some((c) => c.platform === platform && c.platformUserId === id);
  return {
    orgId: pick.orgId,
    platform: pick.platform,
    pages: pages.map((p) => ({
      pageId: p.pageId,
      name: p.name,
      canMessage: p.canMessage,
      messengerConnected: has("FACEBOOK", p.pageId),
      instagram: p.instagram
        ? {
            accountId: p.instagram.accountId,
            username: p.instagram.username,
            name: p.instagram.name,
            connected: has("INSTAGRAM", p.instagram.accountId),
          }
        : null,
    })),
  };
}

export const connectMetaPagesInput = z.object({
  pages: z
    .array(
      z.object({
        pageId: z.string().trim().min(1).max(40).regex(/^\d+$/, "A Page id is a number."),
        messenger: z.boolean().default(false),
        instagram: z.boolean().default(false),
      }),
    )
    .min(1, "Choose at least one Page or Instagram account.")
    .max(50),
});
export type ConnectMetaPagesInput = z.input<typeof connectMetaPagesInput>;

/**
 * Connects the chosen Pages (Messenger) and their Instagram accounts with their Page tokens, after
 * subscribing each Page to this app's webhooks. All or nothing: the plan's channel limit is
 * reserved for the whole set in one transaction.
 */
export async function connectMetaPages(
  deps: Deps,
  req: ConnectRequest,
  sealed: string | undefined,
  rawInput: ConnectMetaPagesInput,
): Promise<{ orgId: string; connections: ConnectionItem[] }> {
  const parsed = connectMetaPagesInput.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "pages"] ??= issue.message;
    throw new AppError(
      "BAD_REQUEST",
      parsed.error.issues[0]?.message ?? "Choose what to connect.",
      fieldErrors,
    );
  }
  const pick = openPick(deps, req, sealed);
  await requireMembership(deps.db, pick.orgId, pick.userId, "ADMIN");
  const pages = await pagesOf(deps, pick);
  const chosen: { platform: "FACEBOOK" | "INSTAGRAM"; page: MetaPage }[] = [];
  for (const want of parsed.data.pages) {
    const page = pages.find((p) => p.pageId === want.pageId);
    if (!page) {
      const message = "This Page isn't among the Pages your Facebook account manages.";
      throw new AppError("BAD_REQUEST", message, { pages: message });
    }
    if (want.messenger) chosen.push({ platform: "FACEBOOK", page });
    if (want.instagram) {
      if (!page.instagram) {
        const message = `The Page “${page.name}” has no linked Instagram professional account.`;
        throw new AppError("BAD_REQUEST", message, { pages: message });
      }
      chosen.push({ platform: "INSTAGRAM", page });
    }
  }
  if (chosen.length === 0) {
    const message = "Choose Messenger or Instagram for at least one Page.";
    throw new AppError("BAD_REQUEST", message, { pages: message });
  }
  // Subscribe first: a Page Quartet can't hear from isn't worth connecting.
  for (const { platform, page } of chosen) {
    const credentials: ChannelCredentials = {
      accessToken: page.accessToken,
      accountId: platform === "INSTAGRAM" ? (page.instagram?.accountId ?? page.pageId) : page.pageId,
      pageId: page.pageId,
    };
    try {
      await channelProvider(deps, platform).subscribeWebhooks(credentials);
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      throw new AppError(
        "PRECONDITION_FAILED",
        `“${page.name}”: ${error.message}`,
        undefined,
        error.retryable ? "CHANNEL_UNAVAILABLE" : "CHANNEL_REFUSED",
      );
    }
  }
  const rows = await deps.db.$transaction(async (tx) => {
    const saved: repo.ConnectionRow[] = [];
    for (const { platform, page } of chosen) {
      const ig = platform === "INSTAGRAM" ? page.instagram : null;
      saved.push(
        await saveConnection(tx, deps, {
          orgId: pick.orgId,
          platform,
          platformUserId: ig ? ig.accountId : page.pageId,
          userId: pick.userId,
          whenActive: "update",
          write: {
            platformDisplayName: ig ? (ig.name ?? ig.username ?? page.name) : page.name,
            platformUsername: ig ? ig.username : null,
            accessToken: sealToken(deps.config, page.accessToken),
            // Page tokens from a long-lived user token don't expire.
            tokenExpiresAt: null,
            metadata: { pageId: page.pageId, pageName: page.name, avatarUrl: ig?.avatarUrl ?? null },
          },
        }),
      );
    }
    return saved;
  });
  deps.log.info({ orgId: pick.orgId, count: rows.length }, "inbox Meta channels connected");
  return { orgId: pick.orgId, connections: rows.map(toConnectionItem) };
}

/** The workspace's slug, for the redirect back to its Channels page. */
export async function channelsPagePath(deps: Deps, orgId: string | null): Promise<string> {
  if (!orgId) return "/";
  const org = await deps.db.organization.findFirst({
    where: { id: orgId, deletedAt: null },
    select: { slug: true },
  });
  return org ? `/w/${org.slug}/inbox/settings/channels` : "/";
}
