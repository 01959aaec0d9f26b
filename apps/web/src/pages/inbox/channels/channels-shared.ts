import type { RouterOutputs } from "../../../lib/trpc.ts";

export type ChannelList = RouterOutputs["inboxConnections"]["list"];
export type Channel = ChannelList["items"][number];
export type Platform = Channel["platform"];

/** The connect flows of the OAuth platforms (inbox-connect.plugin.ts), started by a full page load. */
export function oauthStartUrl(orgId: string, platform: "FACEBOOK" | "INSTAGRAM" | "TIKTOK"): string {
  if (platform === "TIKTOK") return `/inbox/connect/tiktok/start?orgId=${encodeURIComponent(orgId)}`;
  const query = new URLSearchParams({ orgId, platform });
  return `/inbox/connect/meta/start?${query}`;
}

/** Badge colour per status: working, needs a reconnect, or switched off. */
export const STATUS_VARIANT = {
  ACTIVE: "success",
  EXPIRED: "warning",
  ERROR: "destructive",
  DISCONNECTED: "neutral",
} as const;

/** A plain-HTTP call of ours that answers in the JSON error shape (json-errors.ts). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly data: {
      code?: string;
      reason?: string;
      fieldErrors?: Record<string, string>;
      details?: Record<string, unknown>;
    },
  ) {
    super(message);
  }
}

export async function httpJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    credentials: "same-origin",
    ...init,
    headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } & HttpError["data"] };
  if (!res.ok) throw new HttpError(body.error?.message ?? `HTTP ${res.status}`, res.status, body.error ?? {});
  return body as T;
}
