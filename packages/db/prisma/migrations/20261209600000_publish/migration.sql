-- CreateEnum
CREATE TYPE "post_state" AS ENUM ('QUEUE', 'PUBLISHED', 'ERROR', 'DRAFT');

-- CreateEnum
CREATE TYPE "approved_submit_for_order" AS ENUM ('NO', 'WAITING_CONFIRMATION', 'YES');

-- CreateEnum
CREATE TYPE "publication_state" AS ENUM ('PENDING', 'PUBLISHING', 'PUBLISHED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "order_status" AS ENUM ('PENDING', 'ACCEPTED', 'CANCELED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "webhook_delivery_status" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "publish_integrations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "internal_id" VARCHAR(200) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "picture" VARCHAR(1000),
    "provider_identifier" VARCHAR(40) NOT NULL,
    "type" VARCHAR(20) NOT NULL DEFAULT 'social',
    "token" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "token_expiration" TIMESTAMPTZ,
    "refresh_token" TEXT,
    "profile" VARCHAR(200),
    "posting_times" JSONB NOT NULL DEFAULT '[{"time":120},{"time":400},{"time":700}]',
    "custom_instance_details" TEXT,
    "customer_id" UUID,
    "root_internal_id" VARCHAR(200),
    "additional_settings" JSONB NOT NULL DEFAULT '[]',
    "in_between_steps" BOOLEAN NOT NULL DEFAULT false,
    "refresh_needed" BOOLEAN NOT NULL DEFAULT false,
    "connected_by_id" UUID,
    "deleted_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "publish_integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_customers" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "posts" (
    "id" UUID NOT NULL,
    "state" "post_state" NOT NULL DEFAULT 'QUEUE',
    "publish_date" TIMESTAMPTZ NOT NULL,
    "timezone" VARCHAR(64) NOT NULL DEFAULT 'UTC',
    "organization_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "group" VARCHAR(64) NOT NULL,
    "title" VARCHAR(300),
    "description" TEXT,
    "parent_post_id" UUID,
    "thread_order" INTEGER NOT NULL DEFAULT 0,
    "release_id" VARCHAR(300),
    "release_url" VARCHAR(1000),
    "settings" JSONB NOT NULL DEFAULT '{}',
    "image" JSONB NOT NULL DEFAULT '[]',
    "submitted_for_order_id" UUID,
    "submitted_for_organization_id" UUID,
    "approved_submit_for_order" "approved_submit_for_order" NOT NULL DEFAULT 'NO',
    "last_message_id" UUID,
    "interval_in_days" INTEGER,
    "repeat_count" INTEGER,
    "error" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "post_publications" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "occurrence" INTEGER NOT NULL DEFAULT 0,
    "scheduled_at" TIMESTAMPTZ NOT NULL,
    "state" "publication_state" NOT NULL DEFAULT 'PENDING',
    "idempotency_key" VARCHAR(120) NOT NULL,
    "attempt_id" UUID,
    "started_at" TIMESTAMPTZ,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "published_at" TIMESTAMPTZ,
    "release_id" VARCHAR(300),
    "release_url" VARCHAR(1000),
    "error_code" VARCHAR(60),
    "error_message" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "post_publications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_sandbox_posts" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "idempotency_key" VARCHAR(120) NOT NULL,
    "content" TEXT NOT NULL,
    "title" VARCHAR(300),
    "media" JSONB NOT NULL DEFAULT '[]',
    "reply_to_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publish_sandbox_posts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_media" (
    "id" UUID NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "path" VARCHAR(1000) NOT NULL,
    "organization_id" UUID NOT NULL,
    "thumbnail" VARCHAR(1000),
    "thumbnail_timestamp" INTEGER,
    "alt" VARCHAR(1000),
    "file_size" INTEGER NOT NULL DEFAULT 0,
    "type" VARCHAR(20) NOT NULL DEFAULT 'image',
    "mime_type" VARCHAR(100),
    "width" INTEGER,
    "height" INTEGER,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_media_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_tags" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "color" VARCHAR(9) NOT NULL,
    "organization_id" UUID NOT NULL,
    "deleted_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "publish_tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_post_tags" (
    "post_id" UUID NOT NULL,
    "tag_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publish_post_tags_pkey" PRIMARY KEY ("post_id","tag_id")
);

-- CreateTable
CREATE TABLE "publish_comments" (
    "id" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_sets" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "times" JSONB NOT NULL DEFAULT '[]',
    "timezone" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_signatures" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "auto_add" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_signatures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_webhooks" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(100),
    "url" VARCHAR(2000) NOT NULL,
    "events" JSONB NOT NULL DEFAULT '[]',
    "secret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_integrations_webhooks" (
    "webhook_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,

    CONSTRAINT "publish_integrations_webhooks_pkey" PRIMARY KEY ("webhook_id","integration_id")
);

-- CreateTable
CREATE TABLE "publish_webhook_deliveries" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "webhook_id" UUID NOT NULL,
    "message_id" VARCHAR(100) NOT NULL,
    "event" VARCHAR(60) NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "webhook_delivery_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "response_status" INTEGER,
    "response_body" VARCHAR(2000),
    "error" VARCHAR(1000),
    "next_attempt_at" TIMESTAMPTZ,
    "delivered_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "publish_webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_auto_posts" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "integrations" JSONB NOT NULL DEFAULT '[]',
    "template" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_run" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_auto_posts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_auto_post_items" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "auto_post_id" UUID NOT NULL,
    "guid" VARCHAR(1000) NOT NULL,
    "post_group" VARCHAR(64),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publish_auto_post_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_third_parties" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "provider" VARCHAR(40) NOT NULL,
    "api_key" TEXT NOT NULL,
    "webhook_url" VARCHAR(2000),
    "config" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,

    CONSTRAINT "publish_third_parties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_errors" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "post_id" UUID,
    "integration_id" UUID,
    "error" TEXT NOT NULL,
    "stack_trace" TEXT,
    "context" JSONB,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "publish_errors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "marketplace_message_groups" (
    "id" UUID NOT NULL,
    "buyer_organization_id" UUID NOT NULL,
    "buyer_id" UUID NOT NULL,
    "seller_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "marketplace_message_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "marketplace_orders" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "buyer_id" UUID NOT NULL,
    "seller_id" UUID NOT NULL,
    "status" "order_status" NOT NULL DEFAULT 'PENDING',
    "message_group_id" UUID NOT NULL,
    "capture_id" VARCHAR(200),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "marketplace_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "marketplace_order_items" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "price" INTEGER NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "marketplace_order_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "publish_integrations_provider_identifier_idx" ON "publish_integrations"("provider_identifier");

-- CreateIndex
CREATE INDEX "publish_integrations_customer_id_idx" ON "publish_integrations"("customer_id");

-- CreateIndex
CREATE INDEX "publish_integrations_refresh_needed_idx" ON "publish_integrations"("refresh_needed");

-- CreateIndex
CREATE INDEX "publish_integrations_disabled_idx" ON "publish_integrations"("disabled");

-- CreateIndex
CREATE INDEX "publish_integrations_organization_id_deleted_at_idx" ON "publish_integrations"("organization_id", "deleted_at");

-- CreateIndex
CREATE UNIQUE INDEX "publish_integrations_organization_id_internal_id_key" ON "publish_integrations"("organization_id", "internal_id");

-- CreateIndex
CREATE UNIQUE INDEX "publish_customers_organization_id_name_deleted_at_key" ON "publish_customers"("organization_id", "name", "deleted_at");

-- CreateIndex
CREATE INDEX "posts_group_idx" ON "posts"("group");

-- CreateIndex
CREATE INDEX "posts_publish_date_idx" ON "posts"("publish_date");

-- CreateIndex
CREATE INDEX "posts_state_idx" ON "posts"("state");

-- CreateIndex
CREATE INDEX "posts_organization_id_idx" ON "posts"("organization_id");

-- CreateIndex
CREATE INDEX "posts_integration_id_idx" ON "posts"("integration_id");

-- CreateIndex
CREATE INDEX "posts_parent_post_id_idx" ON "posts"("parent_post_id");

-- CreateIndex
CREATE INDEX "posts_organization_id_publish_date_idx" ON "posts"("organization_id", "publish_date");

-- CreateIndex
CREATE UNIQUE INDEX "post_publications_idempotency_key_key" ON "post_publications"("idempotency_key");

-- CreateIndex
CREATE INDEX "post_publications_state_scheduled_at_idx" ON "post_publications"("state", "scheduled_at");

-- CreateIndex
CREATE INDEX "post_publications_state_started_at_idx" ON "post_publications"("state", "started_at");

-- CreateIndex
CREATE INDEX "post_publications_organization_id_state_idx" ON "post_publications"("organization_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "post_publications_post_id_integration_id_occurrence_key" ON "post_publications"("post_id", "integration_id", "occurrence");

-- CreateIndex
CREATE UNIQUE INDEX "publish_sandbox_posts_idempotency_key_key" ON "publish_sandbox_posts"("idempotency_key");

-- CreateIndex
CREATE INDEX "publish_sandbox_posts_integration_id_created_at_idx" ON "publish_sandbox_posts"("integration_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "publish_media_name_idx" ON "publish_media"("name");

-- CreateIndex
CREATE INDEX "publish_media_organization_id_idx" ON "publish_media"("organization_id");

-- CreateIndex
CREATE INDEX "publish_media_type_idx" ON "publish_media"("type");

-- CreateIndex
CREATE INDEX "publish_tags_organization_id_idx" ON "publish_tags"("organization_id");

-- CreateIndex
CREATE INDEX "publish_post_tags_tag_id_idx" ON "publish_post_tags"("tag_id");

-- CreateIndex
CREATE INDEX "publish_comments_post_id_created_at_idx" ON "publish_comments"("post_id", "created_at");

-- CreateIndex
CREATE INDEX "publish_comments_organization_id_idx" ON "publish_comments"("organization_id");

-- CreateIndex
CREATE INDEX "publish_sets_organization_id_idx" ON "publish_sets"("organization_id");

-- CreateIndex
CREATE INDEX "publish_signatures_organization_id_idx" ON "publish_signatures"("organization_id");

-- CreateIndex
CREATE INDEX "publish_webhooks_organization_id_idx" ON "publish_webhooks"("organization_id");

-- CreateIndex
CREATE INDEX "publish_integrations_webhooks_integration_id_idx" ON "publish_integrations_webhooks"("integration_id");

-- CreateIndex
CREATE UNIQUE INDEX "publish_webhook_deliveries_message_id_key" ON "publish_webhook_deliveries"("message_id");

-- CreateIndex
CREATE INDEX "publish_webhook_deliveries_webhook_id_created_at_idx" ON "publish_webhook_deliveries"("webhook_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "publish_webhook_deliveries_status_next_attempt_at_idx" ON "publish_webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "publish_auto_posts_organization_id_idx" ON "publish_auto_posts"("organization_id");

-- CreateIndex
CREATE INDEX "publish_auto_posts_enabled_last_run_idx" ON "publish_auto_posts"("enabled", "last_run");

-- CreateIndex
CREATE UNIQUE INDEX "publish_auto_post_items_auto_post_id_guid_key" ON "publish_auto_post_items"("auto_post_id", "guid");

-- CreateIndex
CREATE INDEX "publish_third_parties_organization_id_idx" ON "publish_third_parties"("organization_id");

-- CreateIndex
CREATE INDEX "publish_errors_organization_id_resolved_created_at_idx" ON "publish_errors"("organization_id", "resolved", "created_at" DESC);

-- CreateIndex
CREATE INDEX "publish_errors_post_id_idx" ON "publish_errors"("post_id");

-- CreateIndex
CREATE INDEX "marketplace_message_groups_buyer_organization_id_idx" ON "marketplace_message_groups"("buyer_organization_id");

-- CreateIndex
CREATE INDEX "marketplace_message_groups_seller_id_idx" ON "marketplace_message_groups"("seller_id");

-- CreateIndex
CREATE UNIQUE INDEX "marketplace_message_groups_buyer_id_seller_id_key" ON "marketplace_message_groups"("buyer_id", "seller_id");

-- CreateIndex
CREATE INDEX "marketplace_orders_organization_id_idx" ON "marketplace_orders"("organization_id");

-- CreateIndex
CREATE INDEX "marketplace_orders_buyer_id_idx" ON "marketplace_orders"("buyer_id");

-- CreateIndex
CREATE INDEX "marketplace_orders_seller_id_idx" ON "marketplace_orders"("seller_id");

-- CreateIndex
CREATE INDEX "marketplace_orders_message_group_id_idx" ON "marketplace_orders"("message_group_id");

-- CreateIndex
CREATE INDEX "marketplace_order_items_order_id_idx" ON "marketplace_order_items"("order_id");

-- AddForeignKey
ALTER TABLE "publish_integrations" ADD CONSTRAINT "publish_integrations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_integrations" ADD CONSTRAINT "publish_integrations_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "publish_customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_integrations" ADD CONSTRAINT "publish_integrations_connected_by_id_fkey" FOREIGN KEY ("connected_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_customers" ADD CONSTRAINT "publish_customers_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "publish_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_parent_post_id_fkey" FOREIGN KEY ("parent_post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_submitted_for_order_id_fkey" FOREIGN KEY ("submitted_for_order_id") REFERENCES "marketplace_orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_submitted_for_organization_id_fkey" FOREIGN KEY ("submitted_for_organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_publications" ADD CONSTRAINT "post_publications_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_publications" ADD CONSTRAINT "post_publications_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_publications" ADD CONSTRAINT "post_publications_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "publish_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_sandbox_posts" ADD CONSTRAINT "publish_sandbox_posts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_sandbox_posts" ADD CONSTRAINT "publish_sandbox_posts_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "publish_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_media" ADD CONSTRAINT "publish_media_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_tags" ADD CONSTRAINT "publish_tags_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_post_tags" ADD CONSTRAINT "publish_post_tags_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_post_tags" ADD CONSTRAINT "publish_post_tags_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "publish_tags"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_post_tags" ADD CONSTRAINT "publish_post_tags_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_comments" ADD CONSTRAINT "publish_comments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_comments" ADD CONSTRAINT "publish_comments_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_comments" ADD CONSTRAINT "publish_comments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_sets" ADD CONSTRAINT "publish_sets_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_signatures" ADD CONSTRAINT "publish_signatures_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_webhooks" ADD CONSTRAINT "publish_webhooks_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_integrations_webhooks" ADD CONSTRAINT "publish_integrations_webhooks_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "publish_webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_integrations_webhooks" ADD CONSTRAINT "publish_integrations_webhooks_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "publish_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_integrations_webhooks" ADD CONSTRAINT "publish_integrations_webhooks_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_webhook_deliveries" ADD CONSTRAINT "publish_webhook_deliveries_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_webhook_deliveries" ADD CONSTRAINT "publish_webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "publish_webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_auto_posts" ADD CONSTRAINT "publish_auto_posts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_auto_post_items" ADD CONSTRAINT "publish_auto_post_items_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_auto_post_items" ADD CONSTRAINT "publish_auto_post_items_auto_post_id_fkey" FOREIGN KEY ("auto_post_id") REFERENCES "publish_auto_posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_third_parties" ADD CONSTRAINT "publish_third_parties_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_errors" ADD CONSTRAINT "publish_errors_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_errors" ADD CONSTRAINT "publish_errors_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_errors" ADD CONSTRAINT "publish_errors_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "publish_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_message_groups" ADD CONSTRAINT "marketplace_message_groups_buyer_organization_id_fkey" FOREIGN KEY ("buyer_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_message_groups" ADD CONSTRAINT "marketplace_message_groups_buyer_id_fkey" FOREIGN KEY ("buyer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_message_groups" ADD CONSTRAINT "marketplace_message_groups_seller_id_fkey" FOREIGN KEY ("seller_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_orders" ADD CONSTRAINT "marketplace_orders_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_orders" ADD CONSTRAINT "marketplace_orders_buyer_id_fkey" FOREIGN KEY ("buyer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_orders" ADD CONSTRAINT "marketplace_orders_seller_id_fkey" FOREIGN KEY ("seller_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_orders" ADD CONSTRAINT "marketplace_orders_message_group_id_fkey" FOREIGN KEY ("message_group_id") REFERENCES "marketplace_message_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_order_items" ADD CONSTRAINT "marketplace_order_items_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_order_items" ADD CONSTRAINT "marketplace_order_items_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "marketplace_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketplace_order_items" ADD CONSTRAINT "marketplace_order_items_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "publish_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Hand-written: one live customer name per workspace, at most one auto-added signature per
-- workspace, and the CHECKs Prisma can't express.
CREATE UNIQUE INDEX "publish_customers_live_name_key" ON "publish_customers" ("organization_id", lower("name")) WHERE "deleted_at" IS NULL;
CREATE UNIQUE INDEX "publish_signatures_one_auto_add_key" ON "publish_signatures" ("organization_id") WHERE "auto_add" AND "deleted_at" IS NULL;
ALTER TABLE "posts" ADD CONSTRAINT "posts_interval_in_days_check" CHECK ("interval_in_days" IS NULL OR "interval_in_days" BETWEEN 1 AND 365);
ALTER TABLE "posts" ADD CONSTRAINT "posts_repeat_count_check" CHECK ("repeat_count" IS NULL OR "repeat_count" >= 1);
ALTER TABLE "post_publications" ADD CONSTRAINT "post_publications_publishing_has_attempt_check" CHECK ("state" <> 'PUBLISHING' OR ("attempt_id" IS NOT NULL AND "started_at" IS NOT NULL));
