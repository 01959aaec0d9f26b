-- Reports: the backlog right now (open and pending tickets by status, priority and assignee, for the
-- workspace or a team) read from this index alone (an index-only scan), not from the table rows.
-- Hand-written: Prisma's schema language has no partial indexes (noted on the Ticket model).
CREATE INDEX "tickets_open_backlog_idx" ON "tickets" ("organization_id", "team_id", "status", "priority", "assignee_id")
WHERE "status" IN ('OPEN', 'PENDING') AND "deleted_at" IS NULL AND "merged_into_id" IS NULL;
