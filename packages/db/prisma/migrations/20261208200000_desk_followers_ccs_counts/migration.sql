-- Desk: ticket followers, customer CCs on email tickets, new-ticket notification scope, view counts.

-- CreateTable
CREATE TABLE "ticket_followers" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "added_by_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_followers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_ccs" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "name" VARCHAR(200),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_ccs_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "notification_preferences" ADD COLUMN "scope" VARCHAR(20);

-- CreateIndex
CREATE UNIQUE INDEX "ticket_followers_ticket_id_user_id_key" ON "ticket_followers"("ticket_id", "user_id");
CREATE INDEX "ticket_followers_organization_id_user_id_idx" ON "ticket_followers"("organization_id", "user_id");
CREATE INDEX "ticket_followers_user_id_idx" ON "ticket_followers"("user_id");
CREATE INDEX "ticket_followers_added_by_id_idx" ON "ticket_followers"("added_by_id");
CREATE UNIQUE INDEX "ticket_ccs_ticket_id_email_key" ON "ticket_ccs"("ticket_id", "email");
CREATE INDEX "ticket_ccs_organization_id_email_idx" ON "ticket_ccs"("organization_id", "email");
CREATE INDEX "notification_preferences_type_scope_idx" ON "notification_preferences"("type", "scope");

-- AddForeignKey
ALTER TABLE "ticket_followers" ADD CONSTRAINT "ticket_followers_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ticket_followers" ADD CONSTRAINT "ticket_followers_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ticket_followers" ADD CONSTRAINT "ticket_followers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ticket_followers" ADD CONSTRAINT "ticket_followers_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ticket_ccs" ADD CONSTRAINT "ticket_ccs_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ticket_ccs" ADD CONSTRAINT "ticket_ccs_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- View counts (All, Mine, Unassigned and each saved view): the workspace's tickets that are not
-- closed, counted with one FILTER per view from this index alone (an index-only scan). Hand-written:
-- Prisma's schema language has no partial indexes (noted on the Ticket model).
CREATE INDEX "tickets_not_closed_counts_idx" ON "tickets" ("organization_id", "assignee_id", "team_id", "status", "priority")
INCLUDE ("contact_id", "tags")
WHERE "status" <> 'CLOSED' AND "deleted_at" IS NULL;
