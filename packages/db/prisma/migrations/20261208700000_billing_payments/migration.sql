-- Payments (issue 9): checkouts at Stripe or on the offline checkout page, lifecycle notices sent
-- once, and downgrades scheduled for the next renewal.

-- CreateEnum
CREATE TYPE "checkout_kind" AS ENUM ('SUBSCRIPTION', 'DAY_PASS');

-- CreateEnum
CREATE TYPE "checkout_status" AS ENUM ('OPEN', 'COMPLETED', 'DECLINED', 'EXPIRED');

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN "scheduled_plan" "plan",
ADD COLUMN "scheduled_interval" "billing_interval";

-- CreateTable
CREATE TABLE "billing_checkouts" (
    "id" UUID NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "provider_session_id" VARCHAR(255),
    "kind" "checkout_kind" NOT NULL,
    "status" "checkout_status" NOT NULL DEFAULT 'OPEN',
    "organization_id" UUID,
    "user_id" UUID NOT NULL,
    "plan" "plan",
    "interval" "billing_interval",
    "amount" DECIMAL(10,2) NOT NULL,
    "discount_amount" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'USD',
    "coupon_id" UUID,
    "coupon_redemption_id" UUID,
    "trial_days" INTEGER NOT NULL DEFAULT 0,
    "fail_renewals" BOOLEAN NOT NULL DEFAULT false,
    "url" VARCHAR(2000),
    "expires_at" TIMESTAMPTZ NOT NULL,
    "completed_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_checkouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_notices" (
    "id" UUID NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "billing_checkouts_provider_session_id_key" ON "billing_checkouts"("provider_session_id");

-- CreateIndex
CREATE INDEX "billing_checkouts_status_expires_at_idx" ON "billing_checkouts"("status", "expires_at");

-- CreateIndex
CREATE INDEX "billing_checkouts_organization_id_created_at_idx" ON "billing_checkouts"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "billing_checkouts_user_id_created_at_idx" ON "billing_checkouts"("user_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "billing_notices_key_key" ON "billing_notices"("key");

-- CreateIndex
CREATE INDEX "billing_notices_created_at_idx" ON "billing_notices"("created_at");

-- AddForeignKey
ALTER TABLE "billing_checkouts" ADD CONSTRAINT "billing_checkouts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_checkouts" ADD CONSTRAINT "billing_checkouts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_checkouts" ADD CONSTRAINT "billing_checkouts_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE SET NULL ON UPDATE CASCADE;
