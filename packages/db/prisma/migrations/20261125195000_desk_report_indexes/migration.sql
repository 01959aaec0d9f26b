-- CreateIndex
CREATE INDEX "tickets_organization_id_resolved_at_idx" ON "tickets"("organization_id", "resolved_at");

-- CreateIndex
CREATE INDEX "tickets_organization_id_first_response_at_idx" ON "tickets"("organization_id", "first_response_at");


