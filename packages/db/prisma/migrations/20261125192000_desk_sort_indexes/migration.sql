-- DropIndex
DROP INDEX "tickets_organization_id_sla_due_at_idx";

-- CreateIndex
CREATE INDEX "tickets_organization_id_priority_updated_at_id_idx" ON "tickets"("organization_id", "priority" DESC, "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tickets_organization_id_sla_due_at_id_idx" ON "tickets"("organization_id", "sla_due_at", "id");


