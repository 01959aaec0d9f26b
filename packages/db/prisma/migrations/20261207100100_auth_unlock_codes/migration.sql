-- Sign-in lockout keyed by address (known or not, so both cost the same writes), with a one-time
-- code mailed to the owner to unlock it. Replaces users.failed_login_count / users.locked_until.

-- AlterEnum
ALTER TYPE "auth_event_type" ADD VALUE 'UNLOCK_CODE_SENT';
ALTER TYPE "auth_event_type" ADD VALUE 'UNLOCK_CODE_FAILED';

-- AlterEnum
ALTER TYPE "email_type" ADD VALUE 'UNLOCK_CODE';

-- CreateTable
CREATE TABLE "sign_in_lockouts" (
    "email" VARCHAR(255) NOT NULL,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "failed_ips" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "window_start" TIMESTAMPTZ NOT NULL,
    "locked_until" TIMESTAMPTZ,
    "lock_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "sign_in_lockouts_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "unlock_codes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,

    CONSTRAINT "unlock_codes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sign_in_lockouts_updated_at_idx" ON "sign_in_lockouts"("updated_at");

-- CreateIndex
CREATE INDEX "unlock_codes_user_id_created_at_idx" ON "unlock_codes"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "unlock_codes_expires_at_idx" ON "unlock_codes"("expires_at");

-- AddForeignKey
ALTER TABLE "unlock_codes" ADD CONSTRAINT "unlock_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Carry over the lockouts in force.
INSERT INTO "sign_in_lockouts" ("email", "failed_count", "failed_ips", "window_start", "locked_until", "lock_count", "updated_at")
SELECT "email", "failed_login_count", ARRAY[]::TEXT[], now(), "locked_until", 1, now()
FROM "users"
WHERE "deleted_at" IS NULL AND "locked_until" > now();

-- AlterTable
ALTER TABLE "users" DROP COLUMN "failed_login_count",
DROP COLUMN "locked_until";
