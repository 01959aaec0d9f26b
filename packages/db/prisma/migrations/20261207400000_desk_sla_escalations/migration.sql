-- SLA escalations: one row per ticket, level and target (the once-only guard of desk.sla-check).
CREATE TABLE "sla_escalations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "policy_id" UUID,
    "level" VARCHAR(20) NOT NULL,
    "target" VARCHAR(20) NOT NULL,
    "due_at" TIMESTAMPTZ,
    "actions" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_escalations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sla_escalations_ticket_id_level_target_key" ON "sla_escalations"("ticket_id", "level", "target");

-- CreateIndex
CREATE INDEX "sla_escalations_organization_id_created_at_idx" ON "sla_escalations"("organization_id", "created_at");

-- AddForeignKey
ALTER TABLE "sla_escalations" ADD CONSTRAINT "sla_escalations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sla_escalations" ADD CONSTRAINT "sla_escalations_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
