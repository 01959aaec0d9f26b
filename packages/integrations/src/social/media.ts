import { SafeFetchError, safeFetch } from "../http/safe-fetch.ts";
import { ChannelError, channelError } from "./errors.ts";
import type { FetchedMedia } from "./types.ts";

// Attachment downloads from URLs a platform hands out (WhatsApp's lookaside links, Messenger and
// Instagram CDN links, TikTok download URLs): through the SSRF-safe fetcher, since the URL comes
// from a payload and could point anywhere.

export interface MediaDownloadOptions {
  headers?: Record<string, string>;
  /** Tests and self-hosted fakes only: let the URL reach loopback / private addresses over http. */
  allowPrivateAddresses: boolean;
  maxBytes: number;
  timeoutMs: number;
}

/** WhatsApp accepts documents up to 100 MB; nothing a platform sends is larger. */
export const DEFAULT_MEDIA_MAX_BYTES = 100 * 1024 * 1024;

export async function downloadMedia(
  url: string,
  options: MediaDownloadOptions,
  fallback: { mimeType?: string | null; filename?: string | null } = {},
): Promise<FetchedMedia> {
  let response: Awaited<ReturnType<typeof safeFetch>>;
  try {
    response = await safeFetch(url, {
      headers: options.headers,
      allowPrivateAddresses: options.allowPrivateAddresses,
      maxResponseBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    if (error instanceof SafeFetchError) {
      const transient = error.code === "TIMEOUT" || error.code === "CONNECT" || error.code === "DNS";
      throw channelError(transient ? "UNAVAILABLE" : "MEDIA", { detail: error.message });
    }
    throw error;
  }
  if (response.status === 401 || response.status === 403)
    throw channelError("TOKEN_EXPIRED", { httpStatus: response.status, detail: "media download refused" });
  if (response.status === 429 || response.status >= 500)
    throw channelError(response.status === 429 ? "RATE_LIMITED" : "UNAVAILABLE", {
      httpStatus: response.status,
    });
  if (response.status !== 200)
    throw channelError("MEDIA", {
      httpStatus: response.status,
      detail: `the attachment is no longer available (HTTP ${response.status})`,
    });
  const contentType = response.headers["content-type"]?.split(";")[0]?.trim() || null;
  return {
    bytes: response.body,
    mimeType: fallback.mimeType ?? contentType,
    filename: fallback.filename ?? filenameFrom(response.headers["content-disposition"]),
  };
}

function filenameFrom(disposition: string | undefined): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return null;
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}

export function isChannelError(error: unknown): error is ChannelError {
  return error instanceof ChannelError;
}
