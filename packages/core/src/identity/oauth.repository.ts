import type { DbOrTx } from "@quartet/db/client";
import type { AuthProvider } from "@quartet/db/enums";

// Linked outside identities (OAuthAccount rows) and accounts created through one.

export const identitySelect = { id: true, provider: true, providerUserId: true, createdAt: true } as const;

export function findLinkedIdentity(db: DbOrTx, provider: AuthProvider, providerUserId: string) {
  return db.oAuthAccount.findUnique({
    where: { provider_providerUserId: { provider, providerUserId } },
    select: { id: true, userId: true },
  });
}

export function listIdentities(db: DbOrTx, userId: string) {
  return db.oAuthAccount.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: identitySelect,
  });
}

export function linkIdentity(
  db: DbOrTx,
  data: { userId: string; provider: AuthProvider; providerUserId: string; now: Date },
) {
  const { now, ...row } = data;
  return db.oAuthAccount.create({ data: { ...row, createdAt: now }, select: { id: true } });
}

export async function removeIdentity(db: DbOrTx, id: string): Promise<void> {
  await db.oAuthAccount.deleteMany({ where: { id } });
}

export function hasPassword(db: DbOrTx, userId: string): Promise<boolean> {
  return db.user
    .findUnique({ where: { id: userId }, select: { passwordHash: true } })
    .then((u) => Boolean(u?.passwordHash));
}

/** An account whose address the provider has verified: ACTIVE at once, no password. */
export function createProviderUser(
  db: DbOrTx,
  data: {
    email: string;
    name: string | null;
    avatarUrl: string | null;
    provider: AuthProvider;
    locale: string;
    now: Date;
  },
) {
  return db.user.create({
    data: {
      email: data.email,
      name: data.name?.slice(0, 100) ?? null,
      avatarUrl: data.avatarUrl?.startsWith("https://") ? data.avatarUrl.slice(0, 500) : null,
      passwordHash: null,
      providerName: data.provider,
      locale: data.locale,
      status: "ACTIVE",
      emailVerifiedAt: data.now,
      createdAt: data.now,
      lastReadNotificationsAt: data.now,
    },
    select: { id: true, email: true, name: true, locale: true },
  });
}
