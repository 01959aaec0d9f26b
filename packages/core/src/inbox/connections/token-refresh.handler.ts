import type { Db } from "@quartet/db/client";
import { ChannelError } from "@quartet/integrations/social/errors";
import type { JobSender } from "@quartet/jobs/queue";
import type { AppConfig, Clock, Deps, Logger } from "../../deps.ts";
import * as repo from "./connection.repository.ts";
import { markConnectionExpired, notifyOutages } from "./connection-health.service.ts";
import { channelProvider } from "./connection-providers.ts";
import { connectionCredentials, sealToken } from "./connection-secrets.ts";

// `inbox.token-refresh` (cron): refreshes platform tokens before they expire, through each
// provider's refreshToken (TikTok's refresh token, Meta's long-lived exchange). A token is due
// when it expires within `withinDays`, but not before half its life has passed (TikTok's access
// tokens live a day; refreshing them every run would be pointless). A refusal marks the
// connection EXPIRED and mails the owners (once per outage); an outage of the platform leaves it
// for the next run. The run also mails owners about outages a send marked without mailing.

export interface TokenRefreshDeps {
  db: Db;
  boss: JobSender;
  clock: Clock;
  log: Logger;
  config: AppConfig;
  social?: Deps["social"];
}

export interface TokenRefreshReport {
  checked: number;
  refreshed: number;
  expired: number;
  /** The platform was down or rate-limited: tried again next run. */
  postponed: number;
  outagesReported: number;
}

export const DEFAULT_REFRESH_WITHIN_DAYS = 7;
const DAY_MS = 86_400_000;
const BATCH = 100;

/** Refresh now? Within the window, and past half the token's life (from its last refresh). */
export function refreshDue(
  now: Date,
  row: { tokenExpiresAt: Date | null; lastRefreshAt: Date | null },
  withinDays: number,
): boolean {
  if (!row.tokenExpiresAt) return false;
  const left = row.tokenExpiresAt.getTime() - now.getTime();
  if (left > withinDays * DAY_MS) return false;
  if (left <= 0 || !row.lastRefreshAt) return true;
  const life = row.tokenExpiresAt.getTime() - row.lastRefreshAt.getTime();
  return left <= life / 2;
}

export async function handleTokenRefresh(
  deps: TokenRefreshDeps,
  payload: { withinDays?: number } = {},
): Promise<TokenRefreshReport> {
  const withinDays = payload.withinDays ?? DEFAULT_REFRESH_WITHIN_DAYS;
  const now = deps.clock.now();
  const report: TokenRefreshReport = {
    checked: 0,
    refreshed: 0,
    expired: 0,
    postponed: 0,
    outagesReported: 0,
  };
  const before = new Date(now.getTime() + withinDays * DAY_MS);
  let afterId: string | null = null;
  for (;;) {
    const rows = await repo.findExpiringConnections(deps.db, before, BATCH, afterId);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]?.id ?? null;
    for (const row of rows) {
      if (!refreshDue(now, { tokenExpiresAt: row.tokenExpiresAt, lastRefreshAt: row.lastSyncAt }, withinDays))
        continue;
      report.checked++;
      const outcome = await refreshOne(deps, row, now);
      report[outcome]++;
    }
  }
  // Outages a send marked without mailing (markConnectionExpired without mail deps).
  report.outagesReported = await deps.db.$transaction((tx) => notifyOutages(tx, deps));
  deps.log.info(report, "inbox token refresh");
  return report;
}

type ExpiringRow = Awaited<ReturnType<typeof repo.findExpiringConnections>>[number];

async function refreshOne(
  deps: TokenRefreshDeps,
  row: ExpiringRow,
  now: Date,
): Promise<"refreshed" | "expired" | "postponed"> {
  const expire = async (reason: string) => {
    await deps.db.$transaction((tx) => markConnectionExpired(tx, row.id, reason, deps));
    return "expired" as const;
  };
  let credentials: ReturnType<typeof connectionCredentials>;
  try {
    credentials = connectionCredentials(deps.config, row);
  } catch (error) {
    // Sealed under a key no longer in the ring: only a reconnect gives it a token again.
    deps.log.error({ err: error, connectionId: row.id }, "connection token can't be opened");
    return expire(
      "The stored access can't be read any more (encryption key changed). Reconnect the channel.",
    );
  }
  let tokens: Awaited<ReturnType<ReturnType<typeof channelProvider>["refreshToken"]>>;
  try {
    tokens = await channelProvider(deps, row.platform).refreshToken(credentials);
  } catch (error) {
    if (error instanceof ChannelError && (error.retryable || error.code === "NOT_CONFIGURED")) {
      deps.log.warn({ connectionId: row.id, code: error.code }, "token refresh postponed");
      return "postponed";
    }
    if (error instanceof ChannelError) return expire(error.reason);
    throw error;
  }
  if (!tokens) {
    // Nothing to refresh with: once the token is past its expiry, the channel is down.
    if (row.tokenExpiresAt && row.tokenExpiresAt.getTime() <= now.getTime())
      return expire(
        "The access token expired and the platform offers no way to renew it. Reconnect the channel.",
      );
    return "postponed";
  }
  const stored = await repo.storeRefreshedTokens(
    deps.db,
    row.id,
    { accessToken: row.accessToken },
    {
      accessToken: sealToken(deps.config, tokens.accessToken),
      // A platform that doesn't rotate refresh tokens keeps the one we have.
      refreshToken: tokens.refreshToken ? sealToken(deps.config, tokens.refreshToken) : row.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
      now,
    },
  );
  if (!stored)
    deps.log.info({ connectionId: row.id }, "token changed meanwhile (reconnected): refresh dropped");
  return "refreshed";
}
