-- Tools (issue 12, filezzy seed): catalogue, jobs, batches, usage logs and stored files (see tools.prisma).
-- CreateEnum
CREATE TYPE "tool_access_level" AS ENUM ('GUEST', 'FREE', 'PREMIUM');

-- CreateEnum
CREATE TYPE "tool_processing_type" AS ENUM ('API', 'CLI');

-- CreateEnum
CREATE TYPE "tool_job_status" AS ENUM ('QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "tool_batch_status" AS ENUM ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'PARTIAL');

-- CreateEnum
CREATE TYPE "tool_file_kind" AS ENUM ('INPUT', 'OUTPUT');

-- CreateTable
CREATE TABLE "tools" (
    "id" UUID NOT NULL,
    "slug" VARCHAR(80) NOT NULL,
    "category" VARCHAR(40) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "description" TEXT,
    "access_level" "tool_access_level" NOT NULL DEFAULT 'FREE',
    "counts_as_operation" BOOLEAN NOT NULL DEFAULT true,
    "processor" VARCHAR(60) NOT NULL,
    "processing_type" "tool_processing_type" NOT NULL DEFAULT 'API',
    "docker_service" VARCHAR(80),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "meta_title" VARCHAR(200),
    "meta_description" VARCHAR(400),
    "name_localized" JSONB,
    "description_localized" JSONB,
    "meta_title_localized" JSONB,
    "meta_description_localized" JSONB,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "tools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_jobs" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "organization_id" UUID,
    "tool_id" UUID NOT NULL,
    "batch_id" UUID,
    "status" "tool_job_status" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "input_file_ids" UUID[],
    "output_file_id" UUID,
    "output_file_ids" UUID[],
    "options" JSONB NOT NULL DEFAULT '{}',
    "metadata" JSONB,
    "processing_time_ms" INTEGER,
    "error_message" TEXT,
    "error_code" VARCHAR(40),
    "result_message" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "ip_hash" VARCHAR(64),
    "guest_key" VARCHAR(64),
    "notify_email" VARCHAR(255),
    "locale" VARCHAR(35) NOT NULL DEFAULT 'en',
    "email_notification_sent_at" TIMESTAMPTZ,
    "email_notification_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "completed_at" TIMESTAMPTZ,
    "expires_at" TIMESTAMPTZ NOT NULL DEFAULT (now() + '24:00:00'::interval),

    CONSTRAINT "tool_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_batches" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID,
    "tool_id" UUID,
    "status" "tool_batch_status" NOT NULL DEFAULT 'PENDING',
    "total_jobs" INTEGER NOT NULL,
    "completed_jobs" INTEGER NOT NULL DEFAULT 0,
    "failed_jobs" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,

    CONSTRAINT "tool_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_usage_logs" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "tool_id" UUID NOT NULL,
    "job_id" UUID,
    "file_size_mb" DECIMAL(10,2),
    "processing_time_ms" INTEGER,
    "status" VARCHAR(20) NOT NULL,
    "ip_hash" VARCHAR(64),
    "user_agent" VARCHAR(500),
    "country" VARCHAR(2),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_usage_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_files" (
    "id" UUID NOT NULL,
    "kind" "tool_file_kind" NOT NULL DEFAULT 'INPUT',
    "owner_user_id" UUID,
    "guest_key" VARCHAR(64),
    "ip_hash" VARCHAR(64),
    "job_id" UUID,
    "name" VARCHAR(255) NOT NULL,
    "mime" VARCHAR(150) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storage_key" VARCHAR(500) NOT NULL,
    "pages" INTEGER,
    "width" INTEGER,
    "height" INTEGER,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tools_slug_key" ON "tools"("slug");

-- CreateIndex
CREATE INDEX "tools_category_idx" ON "tools"("category");

-- CreateIndex
CREATE INDEX "tools_access_level_idx" ON "tools"("access_level");

-- CreateIndex
CREATE INDEX "tools_counts_as_operation_idx" ON "tools"("counts_as_operation");

-- CreateIndex
CREATE INDEX "tool_jobs_user_id_idx" ON "tool_jobs"("user_id");

-- CreateIndex
CREATE INDEX "tool_jobs_batch_id_idx" ON "tool_jobs"("batch_id");

-- CreateIndex
CREATE INDEX "tool_jobs_status_idx" ON "tool_jobs"("status");

-- CreateIndex
CREATE INDEX "tool_jobs_created_at_idx" ON "tool_jobs"("created_at");

-- CreateIndex
CREATE INDEX "tool_jobs_expires_at_idx" ON "tool_jobs"("expires_at");

-- CreateIndex
CREATE INDEX "tool_jobs_user_id_created_at_idx" ON "tool_jobs"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "tool_jobs_guest_key_created_at_idx" ON "tool_jobs"("guest_key", "created_at" DESC);

-- CreateIndex
CREATE INDEX "tool_jobs_expires_at_status_idx" ON "tool_jobs"("expires_at", "status");

-- CreateIndex
CREATE INDEX "tool_jobs_status_created_at_idx" ON "tool_jobs"("status", "created_at");

-- CreateIndex
CREATE INDEX "tool_jobs_organization_id_idx" ON "tool_jobs"("organization_id");

-- CreateIndex
CREATE INDEX "tool_batches_user_id_idx" ON "tool_batches"("user_id");

-- CreateIndex
CREATE INDEX "tool_batches_status_idx" ON "tool_batches"("status");

-- CreateIndex
CREATE INDEX "tool_batches_expires_at_idx" ON "tool_batches"("expires_at");

-- CreateIndex
CREATE INDEX "tool_batches_user_id_created_at_idx" ON "tool_batches"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "tool_usage_logs_user_id_idx" ON "tool_usage_logs"("user_id");

-- CreateIndex
CREATE INDEX "tool_usage_logs_tool_id_idx" ON "tool_usage_logs"("tool_id");

-- CreateIndex
CREATE INDEX "tool_usage_logs_created_at_idx" ON "tool_usage_logs"("created_at");

-- CreateIndex
CREATE INDEX "tool_usage_logs_tool_id_created_at_idx" ON "tool_usage_logs"("tool_id", "created_at");

-- CreateIndex
CREATE INDEX "tool_usage_logs_user_id_created_at_idx" ON "tool_usage_logs"("user_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "tool_files_storage_key_key" ON "tool_files"("storage_key");

-- CreateIndex
CREATE INDEX "tool_files_expires_at_idx" ON "tool_files"("expires_at");

-- CreateIndex
CREATE INDEX "tool_files_owner_user_id_created_at_idx" ON "tool_files"("owner_user_id", "created_at");

-- CreateIndex
CREATE INDEX "tool_files_guest_key_created_at_idx" ON "tool_files"("guest_key", "created_at");

-- CreateIndex
CREATE INDEX "tool_files_job_id_idx" ON "tool_files"("job_id");

-- AddForeignKey
ALTER TABLE "tool_jobs" ADD CONSTRAINT "tool_jobs_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_jobs" ADD CONSTRAINT "tool_jobs_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "tool_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_usage_logs" ADD CONSTRAINT "tool_usage_logs_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- Hand-written: the foreign keys to people and workspaces the schema leaves out (plain ids there).
ALTER TABLE "tool_jobs" ADD CONSTRAINT "tool_jobs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tool_jobs" ADD CONSTRAINT "tool_jobs_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tool_batches" ADD CONSTRAINT "tool_batches_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tool_batches" ADD CONSTRAINT "tool_batches_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tool_batches" ADD CONSTRAINT "tool_batches_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tools"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tool_usage_logs" ADD CONSTRAINT "tool_usage_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tool_files" ADD CONSTRAINT "tool_files_owner_user_id_fkey" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tool_files" ADD CONSTRAINT "tool_files_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "tool_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Progress is a percentage.
ALTER TABLE "tool_jobs" ADD CONSTRAINT "tool_jobs_progress_range" CHECK ("progress" BETWEEN 0 AND 100);
