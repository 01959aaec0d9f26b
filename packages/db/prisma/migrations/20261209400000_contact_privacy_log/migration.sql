-- Contacts: the workspace's log of privacy requests (GDPR export and erase) about a contact.

-- CreateTable
CREATE TABLE "contact_privacy_logs" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "action" VARCHAR(20) NOT NULL,
    "contact_id" UUID NOT NULL,
    "actor_user_id" UUID,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_privacy_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_privacy_logs_organization_id_created_at_idx" ON "contact_privacy_logs"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "contact_privacy_logs_contact_id_idx" ON "contact_privacy_logs"("contact_id");

-- Hand-written (the model has no Prisma relations): the workspace owns its log; the actor may leave.
-- No foreign key on contact_id: an erased contact is gone, its log row stays.
ALTER TABLE "contact_privacy_logs" ADD CONSTRAINT "contact_privacy_logs_organization_id_fkey"
    FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contact_privacy_logs" ADD CONSTRAINT "contact_privacy_logs_actor_user_id_fkey"
    FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
