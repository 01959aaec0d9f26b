-- Admin tasks (filezzy AdminTask): recurring tasks create their next occurrence on completion.
CREATE TYPE "admin_task_status" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED');

CREATE TABLE "admin_tasks" (
    "id" UUID NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "description" TEXT,
    "category" VARCHAR(50) NOT NULL,
    "due_date" TIMESTAMPTZ,
    "recurring" VARCHAR(20),
    "interval_days" INTEGER,
    "status" "admin_task_status" NOT NULL DEFAULT 'PENDING',
    "completed_at" TIMESTAMPTZ,
    "completed_by" UUID,
    "created_by" UUID,
    "previous_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "admin_tasks_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "admin_tasks_previous_id_key" ON "admin_tasks"("previous_id");
CREATE INDEX "admin_tasks_category_idx" ON "admin_tasks"("category");
CREATE INDEX "admin_tasks_status_due_date_idx" ON "admin_tasks"("status", "due_date");
CREATE INDEX "admin_tasks_due_date_idx" ON "admin_tasks"("due_date");
CREATE INDEX "admin_tasks_created_at_idx" ON "admin_tasks"("created_at" DESC);
