-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "email_type" ADD VALUE 'DESK_TICKET_RECEIVED';
ALTER TYPE "email_type" ADD VALUE 'DESK_TICKET_REPLY';
ALTER TYPE "email_type" ADD VALUE 'DESK_CSAT_SURVEY';

-- AlterTable
ALTER TABLE "automation_executions" ADD COLUMN     "dedupe_key" VARCHAR(200),
ADD COLUMN     "depth" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "email_logs" ADD COLUMN     "from_address" VARCHAR(320),
ADD COLUMN     "headers" JSONB,
ADD COLUMN     "reply_to" VARCHAR(320);

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "status_changed_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "desk_settings" (
    "organization_id" UUID NOT NULL,
    "auto_close_days" INTEGER NOT NULL DEFAULT 7,
    "csat_enabled" BOOLEAN NOT NULL DEFAULT true,
    "help_center_enabled" BOOLEAN NOT NULL DEFAULT true,
    "help_center_title" VARCHAR(120),
    "email_sender_name" VARCHAR(120),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "desk_settings_pkey" PRIMARY KEY ("organization_id")
);

-- CreateTable
CREATE TABLE "desk_custom_fields" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "key" VARCHAR(50) NOT NULL,
    "label" VARCHAR(100) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "options" JSONB NOT NULL DEFAULT '[]',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "desk_custom_fields_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "desk_attachments" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "ticket_id" UUID,
    "message_id" UUID,
    "storage_key" VARCHAR(500) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "mime_type" VARCHAR(150) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "uploaded_by_user_id" UUID,
    "uploaded_by_contact_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "desk_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_email_references" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "message_id" VARCHAR(998) NOT NULL,
    "direction" VARCHAR(10) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_email_references_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_article_votes" (
    "id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "visitor_id" VARCHAR(64) NOT NULL,
    "helpful" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "kb_article_votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_article_views" (
    "article_id" UUID NOT NULL,
    "visitor_id" VARCHAR(64) NOT NULL,
    "hour" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "kb_article_views_pkey" PRIMARY KEY ("article_id","visitor_id","hour")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "type" VARCHAR(50) NOT NULL,
    "in_app" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "desk_custom_fields_organization_id_position_idx" ON "desk_custom_fields"("organization_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "desk_custom_fields_organization_id_key_key" ON "desk_custom_fields"("organization_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "desk_attachments_storage_key_key" ON "desk_attachments"("storage_key");

-- CreateIndex
CREATE INDEX "desk_attachments_ticket_id_idx" ON "desk_attachments"("ticket_id");

-- CreateIndex
CREATE INDEX "desk_attachments_message_id_idx" ON "desk_attachments"("message_id");

-- CreateIndex
CREATE INDEX "desk_attachments_organization_id_created_at_idx" ON "desk_attachments"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "ticket_email_references_ticket_id_idx" ON "ticket_email_references"("ticket_id");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_email_references_organization_id_message_id_key" ON "ticket_email_references"("organization_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "kb_article_votes_article_id_visitor_id_key" ON "kb_article_votes"("article_id", "visitor_id");

-- CreateIndex
CREATE INDEX "kb_article_views_hour_idx" ON "kb_article_views"("hour");

-- CreateIndex
CREATE UNIQUE INDEX "notification_preferences_user_id_type_key" ON "notification_preferences"("user_id", "type");

-- CreateIndex
CREATE UNIQUE INDEX "automation_executions_rule_id_dedupe_key_key" ON "automation_executions"("rule_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "tickets_status_resolved_at_idx" ON "tickets"("status", "resolved_at");

-- CreateIndex
CREATE INDEX "tickets_status_status_changed_at_idx" ON "tickets"("status", "status_changed_at");

-- AddForeignKey
ALTER TABLE "desk_settings" ADD CONSTRAINT "desk_settings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_custom_fields" ADD CONSTRAINT "desk_custom_fields_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_attachments" ADD CONSTRAINT "desk_attachments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_attachments" ADD CONSTRAINT "desk_attachments_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_attachments" ADD CONSTRAINT "desk_attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "ticket_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_attachments" ADD CONSTRAINT "desk_attachments_uploaded_by_user_id_fkey" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_attachments" ADD CONSTRAINT "desk_attachments_uploaded_by_contact_id_fkey" FOREIGN KEY ("uploaded_by_contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_email_references" ADD CONSTRAINT "ticket_email_references_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket_email_references" ADD CONSTRAINT "ticket_email_references_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_article_votes" ADD CONSTRAINT "kb_article_votes_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "kb_articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kb_article_views" ADD CONSTRAINT "kb_article_views_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "kb_articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


