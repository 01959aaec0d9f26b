-- Inbox: files an agent uploads before sending them (see inbox-uploads.prisma).
-- CreateTable
CREATE TABLE "inbox_uploads" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "storage_key" VARCHAR(500) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "mime_type" VARCHAR(150) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "uploaded_by_user_id" UUID,
    "message_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ,

    CONSTRAINT "inbox_uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbox_uploads_storage_key_key" ON "inbox_uploads"("storage_key");

-- CreateIndex
CREATE INDEX "inbox_uploads_organization_id_created_at_idx" ON "inbox_uploads"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "inbox_uploads_message_id_idx" ON "inbox_uploads"("message_id");


-- Hand-written: the foreign keys the schema leaves out (plain ids there).
ALTER TABLE "inbox_uploads" ADD CONSTRAINT "inbox_uploads_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inbox_uploads" ADD CONSTRAINT "inbox_uploads_uploaded_by_user_id_fkey" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- A message deleted (retention, a deleted conversation) takes its upload row with it.
ALTER TABLE "inbox_uploads" ADD CONSTRAINT "inbox_uploads_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
