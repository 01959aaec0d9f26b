import type { Tx } from "@quartet/db/client";
import { ChannelError } from "@quartet/integrations/social/errors";
import type { FetchedMedia, MediaRef } from "@quartet/integrations/social/types";
import type { inboxMediaFetchJob } from "@quartet/jobs/definitions";
import type { JobPayload } from "@quartet/jobs/job-definition";
import type { Deps } from "../../deps.ts";
import { connectionCredentials } from "../connections/connection-secrets.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import { sandboxMedia } from "../sandbox/sandbox-media.ts";
import * as repo from "./media-fetch.repository.ts";
import { type InboxSocialDeps, socialProvider } from "./social-providers.ts";

// inbox.media-fetch: an inbound attachment is copied from the platform into our storage, so it
// stays readable after the platform's link expires and is served to members only. The platform's
// reference stays in `attributes.media.ref`; `media_url` becomes our storage key. A failure keeps
// the message ("media unavailable", with the reason) and the job retries.

export type MediaFetchDeps = Pick<Deps, "db" | "clock" | "log" | "storage" | "config"> & InboxSocialDeps;

export type MediaFetchOutcome =
  | { outcome: "stored"; key: string; size: number }
  | { outcome: "missing" | "stored-before" | "no-media" }
  | { outcome: "unavailable"; reason: string };

/** Where a message's attachment lives in storage. */
export const inboxMediaKey = (m: { organizationId: string; conversationId: string; id: string }) =>
  `inbox/${m.organizationId}/${m.conversationId}/${m.id}`;

interface MediaAttribute {
  state?: string;
  ref?: MediaRef;
}

export async function handleInboxMediaFetch(
  deps: MediaFetchDeps,
  payload: JobPayload<typeof inboxMediaFetchJob>,
): Promise<MediaFetchOutcome> {
  const message = await repo.findMessageForMedia(deps.db, payload.messageId);
  if (!message) return { outcome: "missing" };
  const media = ((message.attributes ?? {}) as { media?: MediaAttribute }).media;
  if (!media?.ref) return { outcome: "no-media" };
  if (media.state === "stored") return { outcome: "stored-before" };

  let fetched: FetchedMedia;
  try {
    fetched = await fetchMedia(deps, message.platformConnection, media.ref);
  } catch (error) {
    const reason = error instanceof ChannelError ? error.reason : (error as Error).message;
    await deps.db.$transaction(async (tx) => {
      if (await repo.markMediaUnavailable(tx, message.id, reason, deps.clock.now()))
        await published(tx, message);
    });
    deps.log.warn({ messageId: message.id, err: reason }, "inbox media fetch failed");
    // A platform that said no for good (the media is gone, not ours) won't say yes on a retry.
    if (error instanceof ChannelError && !error.retryable) return { outcome: "unavailable", reason };
    throw error;
  }

  const key = inboxMediaKey(message);
  const mimeType = fetched.mimeType ?? message.mediaType ?? "application/octet-stream";
  await deps.storage.put(key, fetched.bytes, { contentType: mimeType, size: fetched.bytes.length });
  await deps.db.$transaction(async (tx) => {
    const stored = await repo.markMediaStored(tx, message.id, {
      key,
      mimeType: fetched.mimeType,
      size: fetched.bytes.length,
      filename: fetched.filename,
      now: deps.clock.now(),
    });
    if (stored) await published(tx, message);
  });
  return { outcome: "stored", key, size: fetched.bytes.length };
}

async function fetchMedia(
  deps: MediaFetchDeps,
  connection: NonNullable<Awaited<ReturnType<typeof repo.findMessageForMedia>>>["platformConnection"],
  ref: MediaRef,
): Promise<FetchedMedia> {
  if (connection.platform === "SANDBOX") {
    const sample = await sandboxMedia(ref.mediaId);
    if (!sample) throw new ChannelError({ code: "MEDIA", message: "This sandbox attachment doesn't exist." });
    return sample;
  }
  const provider = socialProvider(deps, connection.platform);
  // Local channels (the chat widget) hold no platform token.
  const credentials = provider.external
    ? connectionCredentials(deps.config, connection)
    : { accessToken: "", accountId: connection.platformUserId };
  return provider.fetchMedia(credentials, ref);
}

/** The message changed (its attachment): browsers refetch it. */
function published(tx: Tx, m: { id: string; organizationId: string; conversationId: string }) {
  return publishInboxEvent(tx, {
    topic: "inbox.message",
    organizationId: m.organizationId,
    conversationId: m.conversationId,
    messageId: m.id,
    kind: "status",
  });
}
