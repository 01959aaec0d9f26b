-- Desk reports read past days from the rollups: what they need to combine days exactly (counts,
-- CSAT per rating, log-bucket histograms of durations), the zone and time a day was counted in,
-- per-team agent rows, and owners' rebuild requests with their progress.

-- CreateEnum
CREATE TYPE "desk_metrics_rebuild_status" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "daily_ticket_metrics"
ADD COLUMN "timezone" VARCHAR(64) NOT NULL DEFAULT 'UTC',
ADD COLUMN "computed_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "first_response_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "sla_eligible" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "sla_met" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "csat_rating_1" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "csat_rating_2" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "csat_rating_3" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "csat_rating_4" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "csat_rating_5" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "first_response_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "first_response_counts" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "resolution_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "resolution_counts" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "first_response_p50_sec" DOUBLE PRECISION,
ADD COLUMN "first_response_p90_sec" DOUBLE PRECISION,
ADD COLUMN "resolution_p50_sec" DOUBLE PRECISION,
ADD COLUMN "resolution_p90_sec" DOUBLE PRECISION;

-- Rows written before this migration lack the new figures: back-date them so no report trusts
-- them (their days are computed live until the worker or a rebuild recomputes them).
UPDATE "daily_ticket_metrics" SET "computed_at" = '1970-01-01T00:00:00Z';

-- AlterTable
ALTER TABLE "agent_performance"
ADD COLUMN "team_id" UUID,
ADD COLUMN "computed_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "first_response_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "csat_sum" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "csat_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "first_response_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "first_response_counts" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "resolution_buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "resolution_counts" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- DropIndex
DROP INDEX "agent_performance_organization_id_date_agent_id_key";

-- CreateIndex
CREATE UNIQUE INDEX "agent_performance_organization_id_date_agent_id_team_id_key" ON "agent_performance"("organization_id", "date", "agent_id", "team_id");

-- CreateIndex
CREATE INDEX "agent_performance_organization_id_team_id_date_idx" ON "agent_performance"("organization_id", "team_id", "date");

-- CreateIndex
CREATE INDEX "tickets_organization_id_closed_at_idx" ON "tickets"("organization_id", "closed_at");

-- CreateTable
CREATE TABLE "desk_metrics_rebuilds" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "requested_by_id" UUID,
    "from_date" DATE NOT NULL,
    "to_date" DATE NOT NULL,
    "status" "desk_metrics_rebuild_status" NOT NULL DEFAULT 'QUEUED',
    "days_total" INTEGER NOT NULL,
    "days_done" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,

    CONSTRAINT "desk_metrics_rebuilds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "desk_metrics_rebuilds_organization_id_created_at_idx" ON "desk_metrics_rebuilds"("organization_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "desk_metrics_rebuilds" ADD CONSTRAINT "desk_metrics_rebuilds_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_metrics_rebuilds" ADD CONSTRAINT "desk_metrics_rebuilds_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
