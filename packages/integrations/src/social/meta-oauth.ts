import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ChannelError, channelError } from "./errors.ts";
import { META_DIALOG_BASE_URL, type MetaGraph } from "./meta-graph.ts";
import type { TokenSet } from "./types.ts";

// Connecting Messenger and Instagram: Facebook Login (the OAuth dialog with a state bound to the
// session) → code exchange → a long-lived user token → the person's Pages with their Page tokens
// (which never expire when obtained from a long-lived user token) and each Page's linked Instagram
// professional account.
// https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
// WhatsApp connects with a token + phone number id + WABA id instead (no OAuth here).

export const MESSENGER_SCOPES = [
  "pages_show_list",
  "pages_messaging",
  "pages_manage_metadata",
  "pages_read_engagement",
  "business_management",
];
export const INSTAGRAM_SCOPES = [...MESSENGER_SCOPES, "instagram_basic", "instagram_manage_messages"];

export interface MetaPage {
  pageId: string;
  name: string;
  /** The Page token: what ChannelCredentials.accessToken holds for FACEBOOK and INSTAGRAM. */
  accessToken: string;
  /** Whether the person may send messages as the Page (the MESSAGING task). */
  canMessage: boolean;
  instagram: {
    accountId: string;
    username: string | null;
    name: string | null;
    avatarUrl: string | null;
  } | null;
}

export interface MetaOAuthClient {
  /** The Facebook Login dialog URL. `state` must be random and bound to the person's session. */
  authorizationUrl(input: { redirectUri: string; state: string; platform: "FACEBOOK" | "INSTAGRAM" }): URL;
  /** The callback's code → a long-lived user token. */
  exchangeCode(input: { code: string; redirectUri: string }): Promise<TokenSet>;
  /** The Pages the user token can manage, with Page tokens and linked Instagram accounts. */
  listPages(userAccessToken: string): Promise<MetaPage[]>;
}

/** A fresh OAuth state (256 random bits, base64url). */
export function createOAuthState(): string {
  return randomBytes(32).toString("base64url");
}

/** Constant-time state check (the callback's state against the one kept in the session). */
export function sameState(expected: string | null | undefined, received: string | null | undefined): boolean {
  if (!expected || !received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

function tokenSet(answer: unknown, now: Date): TokenSet {
  const parsed = tokenAnswer.safeParse(answer);
  if (!parsed.success) throw channelError("UNKNOWN", { detail: "no access_token in Meta's answer" });
  return {
    accessToken: parsed.data.access_token,
    refreshToken: null,
    // No expires_in: the token doesn't expire.
    expiresAt: parsed.data.expires_in ? new Date(now.getTime() + parsed.data.expires_in * 1000) : null,
    refreshTokenExpiresAt: null,
    scopes: [],
    accountId: null,
  };
}

/** Trades a token for a long-lived one (60 days for user tokens). Meta's "refresh". */
export async function exchangeForLongLived(
  graph: MetaGraph,
  token: string,
  now = new Date(),
): Promise<TokenSet> {
  const answer = await graph.call("oauth/access_token", {
    query: {
      grant_type: "fb_exchange_token",
      client_id: graph.config.appId,
      client_secret: graph.config.appSecret,
      fb_exchange_token: token,
    },
  });
  return tokenSet(answer, now);
}

const pagesAnswer = z.object({
  data: z.array(z.unknown()),
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});
const pageItem = z.object({
  id: z.string().min(1),
  name: z.string().default(""),
  access_token: z.string().min(1),
  tasks: z.array(z.string()).optional(),
  instagram_business_account: z
    .object({
      id: z.string().min(1),
      username: z.string().optional(),
      name: z.string().optional(),
      profile_picture_url: z.string().optional(),
    })
    .optional(),
});

export function metaOAuthClient(graph: MetaGraph): MetaOAuthClient {
  const dialogBase = (graph.config.dialogBaseUrl ?? META_DIALOG_BASE_URL).replace(/\/+$/, "");
  return {
    authorizationUrl({ redirectUri, state, platform }) {
      if (!state || state.length < 16)
        throw new Error("The OAuth state must be a random value of 16+ characters");
      const url = new URL(`${dialogBase}/dialog/oauth`);
      url.searchParams.set("client_id", graph.config.appId);
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("state", state);
      url.searchParams.set("response_type", "code");
      url.searchParams.set(
        "scope",
        (platform === "INSTAGRAM" ? INSTAGRAM_SCOPES : MESSENGER_SCOPES).join(","),
      );
      return url;
    },

    async exchangeCode({ code, redirectUri }) {
      const now = new Date();
      let short: TokenSet;
      try {
        short = tokenSet(
          await graph.call("oauth/access_token", {
            query: {
              client_id: graph.config.appId,
              client_secret: graph.config.appSecret,
              redirect_uri: redirectUri,
              code,
            },
          }),
          now,
        );
      } catch (error) {
        // A bad, reused or expired code is the person's flow failing, not an outage.
        if (error instanceof ChannelError && !error.retryable)
          throw new ChannelError({
            code: "INVALID_REQUEST",
            message:
              "Facebook refused the sign-in (the code is invalid or was already used). Try connecting again.",
            providerCode: error.providerCode,
            detail: error.detail,
            httpStatus: error.httpStatus,
          });
        throw error;
      }
      return exchangeForLongLived(graph, short.accessToken, now);
    },

    async listPages(userAccessToken) {
      const pages: MetaPage[] = [];
      let after: string | undefined;
      for (let page = 0; page < 20; page++) {
        const answer = pagesAnswer.safeParse(
          await graph.call("me/accounts", {
            token: userAccessToken,
            query: {
              fields:
                "id,name,access_token,tasks,instagram_business_account{id,username,name,profile_picture_url}",
              limit: 100,
              after,
            },
          }),
        );
        if (!answer.success) throw channelError("UNKNOWN", { detail: "unexpected answer to me/accounts" });
        for (const raw of answer.data.data) {
          const p = pageItem.safeParse(raw);
          if (!p.success) continue;
          const ig = p.data.instagram_business_account;
          pages.push({
            pageId: p.data.id,
            name: p.data.name,
            accessToken: p.data.access_token,
            canMessage:
              !p.data.tasks || p.data.tasks.includes("MESSAGING") || p.data.tasks.includes("MANAGE"),
            instagram: ig
              ? {
                  accountId: ig.id,
                  username: ig.username ?? null,
                  name: ig.name ?? null,
                  avatarUrl: ig.profile_picture_url ?? null,
                }
              : null,
          });
        }
        after = answer.data.paging?.next ? answer.data.paging.cursors?.after : undefined;
        if (!after) break;
      }
      return pages;
    },
  };
}
