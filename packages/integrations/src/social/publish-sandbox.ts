import { ChannelError } from "./errors.ts";
import type { PublishProvider, PublishRequest, PublishResult } from "./publish.ts";

// The built-in sandbox channel: "publishes" into a store Quartet keeps (a table shown as a page in
// the app), so compose → schedule → publish works offline, in tests and in the demo. The store is
// keyed by the idempotency key: a second publish under one key returns the first post, and
// findByIdempotencyKey answers the recovery path exactly as a real platform's lookup would.
//
// To try the error paths offline, a post whose text contains a marker fails on purpose:
//   [sandbox:unavailable]  a transient outage (retryable: the publisher backs off and retries)
//   [sandbox:reject]       a refusal the customer must act on (not retried)

export interface SandboxPublishStore {
  /** Stores the post unless one exists under the key; returns the stored post's id either way. */
  insert(entry: {
    accountId: string;
    idempotencyKey: string;
    text: string;
    title: string | null;
    media: PublishRequest["media"];
    replyToReleaseId: string | null;
  }): Promise<{ id: string }>;
  findByKey(accountId: string, idempotencyKey: string): Promise<{ id: string } | null>;
}

export const SANDBOX_FAIL_TRANSIENT = "[sandbox:unavailable]";
export const SANDBOX_FAIL_REJECT = "[sandbox:reject]";

export function sandboxPublishProvider(
  store: SandboxPublishStore,
  options: { urlOf: (id: string) => string | null },
): PublishProvider {
  const result = (id: string): PublishResult => ({ releaseId: id, releaseURL: options.urlOf(id) });
  return {
    identifier: "sandbox",
    external: false,
    async publish(credentials, request) {
      if (request.text.includes(SANDBOX_FAIL_TRANSIENT))
        throw new ChannelError({
          code: "UNAVAILABLE",
          message: "The sandbox is pretending to be down.",
          retryable: true,
        });
      if (request.text.includes(SANDBOX_FAIL_REJECT))
        throw new ChannelError({
          code: "INVALID_REQUEST",
          message: "The sandbox refused this post (it contains [sandbox:reject]).",
          retryable: false,
        });
      const stored = await store.insert({
        accountId: credentials.accountId,
        idempotencyKey: request.idempotencyKey,
        text: request.text,
        title: request.title ?? null,
        media: request.media,
        replyToReleaseId: request.replyToReleaseId ?? null,
      });
      return result(stored.id);
    },
    async findByIdempotencyKey(credentials, idempotencyKey) {
      const found = await store.findByKey(credentials.accountId, idempotencyKey);
      return found ? result(found.id) : null;
    },
  };
}
