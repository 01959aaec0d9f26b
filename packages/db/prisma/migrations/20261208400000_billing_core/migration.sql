-- Billing core (issue 9): subscriptions per workspace, payments, Day Passes, coupons and their
-- redemptions, the credits ledger, provider events (idempotent webhooks), usage counters for
-- entitlements, and named sequences for receipt numbers.
-- Reconciliation: users.tier is dropped (the tier is derived by billing's tierOf); the provider
-- customer id moves from organizations.payment_id to subscriptions.provider_customer_id;
-- organizations.plan / is_trialing stay as projections of the subscription.

-- CreateEnum
CREATE TYPE "billing_interval" AS ENUM ('MONTHLY', 'YEARLY');

-- CreateEnum
CREATE TYPE "subscription_status" AS ENUM ('INCOMPLETE', 'TRIALING', 'ACTIVE', 'PAST_DUE', 'CANCELED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "payment_provider" AS ENUM ('STRIPE', 'PAYPAL', 'PADDLE', 'OFFLINE', 'MANUAL');

-- CreateEnum
CREATE TYPE "payment_status" AS ENUM ('PENDING', 'COMPLETED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED');

-- CreateEnum
CREATE TYPE "payment_type" AS ENUM ('SUBSCRIPTION_INITIAL', 'SUBSCRIPTION_RENEWAL', 'SUBSCRIPTION_UPGRADE', 'DAY_PASS_PURCHASE');

-- CreateEnum
CREATE TYPE "day_pass_source" AS ENUM ('PURCHASE', 'ADMIN_GRANT', 'PROMO');

-- CreateEnum
CREATE TYPE "coupon_discount_type" AS ENUM ('PERCENT', 'FIXED');

-- CreateEnum
CREATE TYPE "coupon_target" AS ENUM ('PRO', 'BUSINESS', 'DAY_PASS');

-- CreateEnum
CREATE TYPE "coupon_duration" AS ENUM ('ONCE', 'REPEATING', 'FOREVER');

-- CreateEnum
CREATE TYPE "credit_type" AS ENUM ('AI_IMAGES', 'AI_CONTENT', 'AI_ANALYSIS');

-- CreateEnum
CREATE TYPE "credit_entry_kind" AS ENUM ('GRANT', 'SPEND', 'REFUND', 'EXPIRE', 'ADJUST');

-- CreateEnum
CREATE TYPE "billing_event_status" AS ENUM ('RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED');

-- AlterTable
ALTER TABLE "users" DROP COLUMN "tier";

-- AlterTable
ALTER TABLE "organizations" DROP COLUMN "payment_id";

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "plan" "plan" NOT NULL,
    "interval" "billing_interval" NOT NULL DEFAULT 'MONTHLY',
    "status" "subscription_status" NOT NULL,
    "plan_version" INTEGER NOT NULL DEFAULT 1,
    "price_amount" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'USD',
    "provider" "payment_provider" NOT NULL,
    "provider_subscription_id" VARCHAR(255),
    "provider_customer_id" VARCHAR(255),
    "provider_price_id" VARCHAR(255),
    "current_period_start" TIMESTAMPTZ,
    "current_period_end" TIMESTAMPTZ,
    "trial_started_at" TIMESTAMPTZ,
    "trial_ends_at" TIMESTAMPTZ,
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "cancel_at" TIMESTAMPTZ,
    "canceled_at" TIMESTAMPTZ,
    "ended_at" TIMESTAMPTZ,
    "past_due_since" TIMESTAMPTZ,
    "grace_ends_at" TIMESTAMPTZ,
    "dunning_count" INTEGER NOT NULL DEFAULT 0,
    "is_lifetime" BOOLEAN NOT NULL DEFAULT false,
    "limit_overrides" JSONB NOT NULL DEFAULT '{}',
    "coupon_id" UUID,
    "last_event_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "organization_id" UUID,
    "user_id" UUID,
    "subscription_id" UUID,
    "type" "payment_type" NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'PENDING',
    "provider" "payment_provider" NOT NULL,
    "provider_payment_id" VARCHAR(255),
    "provider_invoice_id" VARCHAR(255),
    "amount" DECIMAL(10,2) NOT NULL,
    "discount_amount" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "refunded_amount" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'USD',
    "plan" "plan",
    "interval" "billing_interval",
    "period_start" TIMESTAMPTZ,
    "period_end" TIMESTAMPTZ,
    "coupon_id" UUID,
    "receipt_number" VARCHAR(32),
    "country" VARCHAR(2),
    "description" VARCHAR(255),
    "failure_reason" VARCHAR(255),
    "paid_at" TIMESTAMPTZ,
    "failed_at" TIMESTAMPTZ,
    "refunded_at" TIMESTAMPTZ,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "day_passes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "source" "day_pass_source" NOT NULL DEFAULT 'PURCHASE',
    "payment_id" UUID,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "ends_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "granted_by_id" UUID,
    "reason" VARCHAR(500),
    "expiring_soon_notified_at" TIMESTAMPTZ,
    "expired_notified_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "day_passes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coupons" (
    "id" UUID NOT NULL,
    "code" VARCHAR(50) NOT NULL,
    "description" VARCHAR(255),
    "discount_type" "coupon_discount_type" NOT NULL,
    "discount_value" DECIMAL(10,2) NOT NULL,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'USD',
    "duration" "coupon_duration" NOT NULL DEFAULT 'ONCE',
    "duration_in_months" INTEGER,
    "valid_from" TIMESTAMPTZ NOT NULL,
    "valid_until" TIMESTAMPTZ NOT NULL,
    "usage_limit" INTEGER,
    "used_count" INTEGER NOT NULL DEFAULT 0,
    "per_user_limit" INTEGER,
    "tier_restrict" "user_tier"[] DEFAULT ARRAY[]::"user_tier"[],
    "country_restrict" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "applies_to" "coupon_target"[] DEFAULT ARRAY[]::"coupon_target"[],
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "coupons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coupon_redemptions" (
    "id" UUID NOT NULL,
    "coupon_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID,
    "payment_id" UUID,
    "target" "coupon_target" NOT NULL,
    "discount_amount" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'USD',
    "country" VARCHAR(2),
    "released_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coupon_redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credits" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "type" "credit_type" NOT NULL DEFAULT 'AI_IMAGES',
    "credits" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "credits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_ledger_entries" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "type" "credit_type" NOT NULL,
    "kind" "credit_entry_kind" NOT NULL,
    "delta" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "reference" VARCHAR(120),
    "reason" VARCHAR(255),
    "user_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_events" (
    "id" UUID NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "provider_event_id" VARCHAR(255) NOT NULL,
    "type" VARCHAR(100) NOT NULL,
    "event_created_at" TIMESTAMPTZ NOT NULL,
    "organization_id" UUID,
    "payload" JSONB NOT NULL,
    "status" "billing_event_status" NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "received_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ,

    CONSTRAINT "billing_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_counters" (
    "id" UUID NOT NULL,
    "subject" VARCHAR(80) NOT NULL,
    "metric" VARCHAR(80) NOT NULL,
    "period_key" VARCHAR(20) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "organization_id" UUID,
    "user_id" UUID,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_counters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_sequences" (
    "name" VARCHAR(50) NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "billing_sequences_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_organization_id_key" ON "subscriptions"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_provider_subscription_id_key" ON "subscriptions"("provider_subscription_id");

-- CreateIndex
CREATE INDEX "subscriptions_status_idx" ON "subscriptions"("status");

-- CreateIndex
CREATE INDEX "subscriptions_status_current_period_end_idx" ON "subscriptions"("status", "current_period_end");

-- CreateIndex
CREATE INDEX "subscriptions_status_trial_ends_at_idx" ON "subscriptions"("status", "trial_ends_at");

-- CreateIndex
CREATE INDEX "subscriptions_status_grace_ends_at_idx" ON "subscriptions"("status", "grace_ends_at");

-- CreateIndex
CREATE INDEX "subscriptions_provider_customer_id_idx" ON "subscriptions"("provider_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_receipt_number_key" ON "payments"("receipt_number");

-- CreateIndex
CREATE INDEX "payments_organization_id_created_at_idx" ON "payments"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payments_user_id_created_at_idx" ON "payments"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payments_subscription_id_idx" ON "payments"("subscription_id");

-- CreateIndex
CREATE INDEX "payments_provider_invoice_id_idx" ON "payments"("provider_invoice_id");

-- CreateIndex
CREATE INDEX "payments_status_created_at_idx" ON "payments"("status", "created_at");

-- CreateIndex
CREATE INDEX "payments_type_status_created_at_idx" ON "payments"("type", "status", "created_at");

-- CreateIndex
CREATE INDEX "payments_created_at_idx" ON "payments"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payments_provider_provider_payment_id_key" ON "payments"("provider", "provider_payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "day_passes_payment_id_key" ON "day_passes"("payment_id");

-- CreateIndex
CREATE INDEX "day_passes_user_id_ends_at_idx" ON "day_passes"("user_id", "ends_at" DESC);

-- CreateIndex
CREATE INDEX "day_passes_ends_at_idx" ON "day_passes"("ends_at");

-- CreateIndex
CREATE INDEX "day_passes_created_at_idx" ON "day_passes"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "coupons_code_key" ON "coupons"("code");

-- CreateIndex
CREATE INDEX "coupons_valid_from_valid_until_idx" ON "coupons"("valid_from", "valid_until");

-- CreateIndex
CREATE INDEX "coupons_is_active_idx" ON "coupons"("is_active");

-- CreateIndex
CREATE INDEX "coupon_redemptions_coupon_id_user_id_idx" ON "coupon_redemptions"("coupon_id", "user_id");

-- CreateIndex
CREATE INDEX "coupon_redemptions_organization_id_idx" ON "coupon_redemptions"("organization_id");

-- CreateIndex
CREATE INDEX "coupon_redemptions_user_id_idx" ON "coupon_redemptions"("user_id");

-- CreateIndex
CREATE INDEX "coupon_redemptions_payment_id_idx" ON "coupon_redemptions"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "credits_organization_id_type_key" ON "credits"("organization_id", "type");

-- CreateIndex
CREATE INDEX "credit_ledger_entries_organization_id_created_at_idx" ON "credit_ledger_entries"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "credit_ledger_entries_organization_id_type_reference_key" ON "credit_ledger_entries"("organization_id", "type", "reference");

-- CreateIndex
CREATE INDEX "billing_events_status_received_at_idx" ON "billing_events"("status", "received_at");

-- CreateIndex
CREATE INDEX "billing_events_organization_id_event_created_at_idx" ON "billing_events"("organization_id", "event_created_at");

-- CreateIndex
CREATE INDEX "billing_events_type_received_at_idx" ON "billing_events"("type", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "billing_events_provider_provider_event_id_key" ON "billing_events"("provider", "provider_event_id");

-- CreateIndex
CREATE INDEX "usage_counters_organization_id_idx" ON "usage_counters"("organization_id");

-- CreateIndex
CREATE INDEX "usage_counters_user_id_idx" ON "usage_counters"("user_id");

-- CreateIndex
CREATE INDEX "usage_counters_expires_at_idx" ON "usage_counters"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "usage_counters_subject_metric_period_key_key" ON "usage_counters"("subject", "metric", "period_key");

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "day_passes" ADD CONSTRAINT "day_passes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "day_passes" ADD CONSTRAINT "day_passes_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_redemptions" ADD CONSTRAINT "coupon_redemptions_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_redemptions" ADD CONSTRAINT "coupon_redemptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_redemptions" ADD CONSTRAINT "coupon_redemptions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_redemptions" ADD CONSTRAINT "coupon_redemptions_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credits" ADD CONSTRAINT "credits_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_ledger_entries" ADD CONSTRAINT "credit_ledger_entries_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_events" ADD CONSTRAINT "billing_events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_counters" ADD CONSTRAINT "usage_counters_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_counters" ADD CONSTRAINT "usage_counters_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Invariants the code relies on, enforced by the database as well.
ALTER TABLE "credits" ADD CONSTRAINT "credits_non_negative" CHECK ("credits" >= 0);
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_used_count_within_limit"
    CHECK ("used_count" >= 0 AND ("usage_limit" IS NULL OR "used_count" <= "usage_limit"));
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_discount_value_valid"
    CHECK ("discount_value" > 0 AND ("discount_type" <> 'PERCENT' OR "discount_value" <= 100));
ALTER TABLE "usage_counters" ADD CONSTRAINT "usage_counters_count_non_negative" CHECK ("count" >= 0);
ALTER TABLE "day_passes" ADD CONSTRAINT "day_passes_window_valid" CHECK ("ends_at" > "starts_at");

-- Workspaces already on a paid plan get the subscription that is now the truth (a comp, no money).
INSERT INTO "subscriptions" ("id", "organization_id", "plan", "interval", "status", "provider",
    "current_period_start", "created_at", "updated_at")
SELECT gen_random_uuid(), o."id", o."plan", 'MONTHLY', CASE WHEN o."is_trialing" THEN 'TRIALING'::"subscription_status" ELSE 'ACTIVE'::"subscription_status" END,
    'MANUAL', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM "organizations" o
WHERE o."plan" <> 'FREE';
