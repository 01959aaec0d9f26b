-- CreateIndex
CREATE INDEX "kb_articles_organization_id_updated_at_id_idx" ON "kb_articles"("organization_id", "updated_at" DESC, "id" DESC);


