import { decryptSecret, encryptSecret, keyIdOf, sealedKeyId } from "@quartet/auth/crypto";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { TOTP_SECRET_PURPOSE } from "../identity/identity.shared.ts";
import { openToken, sealToken } from "../inbox/connections/connection-secrets.ts";
import { testConfig } from "../testing/deps.ts";
import { useTestEnv } from "../testing/integration.ts";
import { handleReencryptSecrets, secretKeyUsage } from "./reencrypt-secrets.handler.ts";

// Key rotation on real Postgres: secrets sealed under the old key (and in the pre-ring "v1." format)
// are rewritten under the new one by security.reencrypt-secrets, still decrypt to the same values,
// and the old key can then leave the ring.

const { db, deps } = await useTestEnv();

const OLD = "old-key-0123456789abcdef0123456789abcdef";
const NEW = "new-key-fedcba9876543210fedcba9876543210";
const before = { ...testConfig, encryptionKey: OLD };
const rotated = { ...testConfig, encryptionKey: NEW, previousEncryptionKeys: [OLD] };
const onlyNew = { ...testConfig, encryptionKey: NEW };

/** The format before key ids: "v1.<iv>.<tag>.<ct>" (still readable, always re-encrypted). */
function legacySeal(key: string, purpose: string, value: string): string {
  const sealed = encryptSecret(key, purpose, new TextEncoder().encode(value));
  const [, iv, ct, tag] = sealed.split(":");
  return ["v1", iv, tag, ct].join(".");
}

describe("security.reencrypt-secrets", () => {
  it("moves connection tokens and TOTP secrets to the newest key; values unchanged; reruns do nothing", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const tokens = Array.from({ length: 7 }, (_, i) => `EAAG-token-${i}-${"x".repeat(40)}`);
    const ids: string[] = [];
    for (const [i, token] of tokens.entries()) {
      const row = await db.platformConnection.create({
        data: {
          organizationId: org.id,
          platform: "FACEBOOK",
          platformUserId: `page-${i}-${Date.now()}`,
          accessToken: sealToken(before, token),
          refreshToken: i % 2 === 0 ? sealToken(before, `refresh-${i}`) : null,
        },
      });
      ids.push(row.id);
    }
    // One already under the new key, one disconnected (wiped), one legacy-format value.
    const current = await db.platformConnection.create({
      data: {
        organizationId: org.id,
        platform: "TIKTOK",
        platformUserId: `tt-${Date.now()}`,
        accessToken: sealToken(rotated, "already-new"),
      },
    });
    await db.platformConnection.create({
      data: {
        organizationId: org.id,
        platform: "WHATSAPP",
        platformUserId: `wa-${Date.now()}`,
        accessToken: "",
        status: "DISCONNECTED",
      },
    });
    const legacy = await db.platformConnection.create({
      data: {
        organizationId: org.id,
        platform: "INSTAGRAM",
        platformUserId: `ig-${Date.now()}`,
        accessToken: legacySeal(OLD, "inbox-connection-token", "legacy-token"),
      },
    });
    const totpKey = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const twoFactor = await makeUser(db);
    await db.user.update({
      where: { id: twoFactor.id },
      data: { twoFactorSecret: encryptSecret(OLD, TOTP_SECRET_PURPOSE, totpKey), twoFactorEnabled: true },
    });
    const untouchedBefore = (await db.platformConnection.findUniqueOrThrow({ where: { id: current.id } }))
      .accessToken;

    const usageBefore = await secretKeyUsage({ db, config: rotated });
    expect(usageBefore.remaining).toBeGreaterThanOrEqual(7 + 4 + 1 + 1);
    expect(usageBefore.connections[keyIdOf(OLD)]).toBeGreaterThanOrEqual(11);
    expect(usageBefore.connections.legacy).toBeGreaterThanOrEqual(1);

    // Small batches: the walk pages through the table.
    const report = await handleReencryptSecrets({ db, config: rotated, log: deps.log }, { batchSize: 3 });
    expect(report.primaryKeyId).toBe(keyIdOf(NEW));
    expect(report.connections.reencrypted).toBeGreaterThanOrEqual(8);
    expect(report.totpSecrets.reencrypted).toBeGreaterThanOrEqual(1);
    expect(report.connections.unreadable + report.totpSecrets.unreadable).toBe(0);

    for (const [i, id] of ids.entries()) {
      const row = await db.platformConnection.findUniqueOrThrow({ where: { id } });
      expect(row.accessToken).not.toContain(tokens[i] as string);
      expect(sealedKeyId(row.accessToken)).toBe(keyIdOf(NEW));
      // Readable without the old key now.
      expect(openToken(onlyNew, row.accessToken)).toBe(tokens[i]);
      if (i % 2 === 0) {
        expect(sealedKeyId(row.refreshToken as string)).toBe(keyIdOf(NEW));
        expect(openToken(onlyNew, row.refreshToken)).toBe(`refresh-${i}`);
      } else expect(row.refreshToken).toBeNull();
    }
    const legacyAfter = await db.platformConnection.findUniqueOrThrow({ where: { id: legacy.id } });
    expect(openToken(onlyNew, legacyAfter.accessToken)).toBe("legacy-token");
    expect((await db.platformConnection.findUniqueOrThrow({ where: { id: current.id } })).accessToken).toBe(
      untouchedBefore,
    );
    const user = await db.user.findUniqueOrThrow({ where: { id: twoFactor.id } });
    expect(sealedKeyId(user.twoFactorSecret as string)).toBe(keyIdOf(NEW));
    expect(decryptSecret(NEW, TOTP_SECRET_PURPOSE, user.twoFactorSecret as string)).toEqual(totpKey);

    expect((await secretKeyUsage({ db, config: rotated })).remaining).toBe(0);
    const again = await handleReencryptSecrets({ db, config: rotated, log: deps.log });
    expect(again.connections.reencrypted + again.totpSecrets.reencrypted).toBe(0);
  });

  it("counts a value no key of the ring can open, and leaves it as it was", async () => {
    const owner = await makeUser(db);
    const org = await makeOrg(db, owner);
    const lost = sealToken({ ...testConfig, encryptionKey: "a-key-nobody-has-any-more-0123456789" }, "t");
    const row = await db.platformConnection.create({
      data: {
        organizationId: org.id,
        platform: "FACEBOOK",
        platformUserId: `lost-${Date.now()}`,
        accessToken: lost,
      },
    });
    const report = await handleReencryptSecrets({ db, config: rotated, log: deps.log });
    expect(report.connections.unreadable).toBe(1);
    expect((await db.platformConnection.findUniqueOrThrow({ where: { id: row.id } })).accessToken).toBe(lost);
  });
});
