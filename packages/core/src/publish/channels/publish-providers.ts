import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import type { PublishProvider } from "@quartet/integrations/social/publish";
import { sandboxPublishProvider } from "@quartet/integrations/social/publish-sandbox";
import type { Deps } from "../../deps.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";

// The publish providers of this process. Only the sandbox is built in: it "publishes" into
// publish_sandbox_posts (a page of the app), keyed by the publication's idempotency key. Its
// account id is the channel's own id. Tests (and later the real platforms) pass their own.

export interface PublishProviders {
  get(providerIdentifier: string): PublishProvider | null;
}

export type PublishDeps = Pick<Deps, "db" | "config"> & { publishers?: PublishProviders };

/** The sandbox over the database: one stored post per idempotency key, ever. */
export function sandboxStore(db: DbOrTx) {
  return {
    async insert(entry: {
      accountId: string;
      idempotencyKey: string;
      text: string;
      title: string | null;
      media: readonly unknown[];
      replyToReleaseId: string | null;
    }) {
      const existing = await db.sandboxPost.findUnique({
        where: { idempotencyKey: entry.idempotencyKey },
        select: { id: true },
      });
      if (existing) return existing;
      const channel = await db.integration.findUniqueOrThrow({
        where: { id: entry.accountId },
        select: { organizationId: true },
      });
      try {
        return await db.sandboxPost.create({
          data: {
            organizationId: channel.organizationId,
            integrationId: entry.accountId,
            idempotencyKey: entry.idempotencyKey,
            content: entry.text,
            title: entry.title,
            media: entry.media as Prisma.InputJsonValue,
            replyToId: entry.replyToReleaseId,
          },
          select: { id: true },
        });
      } catch (error) {
        // A concurrent publish under the same key got there first: that one is the post.
        if (!isUniqueViolation(error)) throw error;
        return db.sandboxPost.findUniqueOrThrow({
          where: { idempotencyKey: entry.idempotencyKey },
          select: { id: true },
        });
      }
    },
    findByKey: (_accountId: string, idempotencyKey: string) =>
      db.sandboxPost.findUnique({ where: { idempotencyKey }, select: { id: true } }),
  };
}

export function defaultPublishProviders(deps: Pick<Deps, "db" | "config">): PublishProviders {
  const sandbox = sandboxPublishProvider(sandboxStore(deps.db), {
    urlOf: (id) => `${deps.config.webUrl}/publish/sandbox/${id}`,
  });
  return { get: (id) => (id === "sandbox" ? sandbox : null) };
}

export const publishersOf = (deps: PublishDeps): PublishProviders =>
  deps.publishers ?? defaultPublishProviders(deps);
