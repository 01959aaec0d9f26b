-- AlterTable
ALTER TABLE "sla_policies" ADD COLUMN     "targets" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "sla_warn_at" TIMESTAMPTZ,
ADD COLUMN     "sla_warned_at" TIMESTAMPTZ;

-- CreateIndex
CREATE INDEX "tickets_sla_breached_sla_due_at_idx" ON "tickets"("sla_breached", "sla_due_at");

-- CreateIndex
CREATE INDEX "tickets_sla_warn_at_idx" ON "tickets"("sla_warn_at");
