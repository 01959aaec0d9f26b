-- Desk macros: saved replies with placeholders that can also set status, priority, tags and assignee.
CREATE TABLE "desk_macros" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" UUID,
    "name" VARCHAR(100) NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "actions" JSONB NOT NULL DEFAULT '{}',
    "is_shared" BOOLEAN NOT NULL DEFAULT false,
    "usage_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "desk_macros_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "desk_macros_organization_id_user_id_idx" ON "desk_macros"("organization_id", "user_id");

-- AddForeignKey
ALTER TABLE "desk_macros" ADD CONSTRAINT "desk_macros_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "desk_macros" ADD CONSTRAINT "desk_macros_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
