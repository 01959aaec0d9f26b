-- Email campaigns (with recipients), marketing consent, mail delivery events and suppressions,
-- SEO submissions (IndexNow).

-- AlterTable
ALTER TABLE "users" ADD COLUMN "marketing_consent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "marketing_consent_at" TIMESTAMPTZ;

-- CreateEnum
CREATE TYPE "email_campaign_status" AS ENUM ('DRAFT', 'SCHEDULED', 'SENDING', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "email_campaign_recipient_status" AS ENUM ('PENDING', 'QUEUED', 'SKIPPED');

-- CreateTable
CREATE TABLE "email_campaigns" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email_type" "email_type" NOT NULL DEFAULT 'ADMIN_CUSTOM',
    "subject" VARCHAR(300) NOT NULL,
    "content" TEXT,
    "translations" JSONB NOT NULL DEFAULT '{}',
    "link_url" VARCHAR(2000),
    "link_label" VARCHAR(100),
    "recipients_filter" JSONB,
    "status" "email_campaign_status" NOT NULL DEFAULT 'DRAFT',
    "scheduled_at" TIMESTAMPTZ,
    "timezone" VARCHAR(64) NOT NULL DEFAULT 'UTC',
    "total_recipients" INTEGER NOT NULL DEFAULT 0,
    "sent_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "expanded_at" TIMESTAMPTZ,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "sent_at" TIMESTAMPTZ,

    CONSTRAINT "email_campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_campaign_recipients" (
    "id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "locale" VARCHAR(10) NOT NULL DEFAULT 'en',
    "status" "email_campaign_recipient_status" NOT NULL DEFAULT 'PENDING',
    "email_log_id" UUID,
    "skip_reason" VARCHAR(50),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "email_campaign_recipients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_suppressions" (
    "id" UUID NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "reason" VARCHAR(20) NOT NULL,
    "email_log_id" UUID,
    "detail" VARCHAR(500),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_suppressions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mail_webhook_events" (
    "id" UUID NOT NULL,
    "webhook_id" VARCHAR(255) NOT NULL,
    "type" VARCHAR(50) NOT NULL,
    "provider_message_id" VARCHAR(255),
    "email_log_id" UUID,
    "outcome" VARCHAR(30) NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mail_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seo_submissions" (
    "id" UUID NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "platform" VARCHAR(50) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "reason" VARCHAR(50),
    "organization_id" UUID,
    "http_status" INTEGER,
    "submitted_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ,
    "response" JSONB,
    "requested_by" UUID,

    CONSTRAINT "seo_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "email_campaigns_status_idx" ON "email_campaigns"("status");
CREATE INDEX "email_campaigns_created_at_idx" ON "email_campaigns"("created_at" DESC);
CREATE INDEX "email_campaigns_status_scheduled_at_idx" ON "email_campaigns"("status", "scheduled_at");
CREATE UNIQUE INDEX "email_campaign_recipients_email_log_id_key" ON "email_campaign_recipients"("email_log_id");
CREATE INDEX "email_campaign_recipients_campaign_id_status_id_idx" ON "email_campaign_recipients"("campaign_id", "status", "id");
CREATE INDEX "email_campaign_recipients_user_id_idx" ON "email_campaign_recipients"("user_id");
CREATE UNIQUE INDEX "email_campaign_recipients_campaign_id_user_id_key" ON "email_campaign_recipients"("campaign_id", "user_id");
CREATE UNIQUE INDEX "email_suppressions_email_key" ON "email_suppressions"("email");
CREATE UNIQUE INDEX "mail_webhook_events_webhook_id_key" ON "mail_webhook_events"("webhook_id");
CREATE INDEX "mail_webhook_events_received_at_idx" ON "mail_webhook_events"("received_at" DESC);
CREATE INDEX "seo_submissions_platform_idx" ON "seo_submissions"("platform");
CREATE INDEX "seo_submissions_submitted_at_id_idx" ON "seo_submissions"("submitted_at" DESC, "id");

-- AddForeignKey
ALTER TABLE "email_campaign_recipients" ADD CONSTRAINT "email_campaign_recipients_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "email_campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "email_campaign_recipients" ADD CONSTRAINT "email_campaign_recipients_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
