-- Presence (collision detection): who views or types on a ticket right now.
CREATE TYPE "presence_resource_kind" AS ENUM ('DESK_TICKET');

CREATE TYPE "presence_state" AS ENUM ('VIEWING', 'TYPING');

-- UNLOGGED: heartbeats rewrite every row every few seconds; no WAL for data that lives seconds
-- (a crash empties the table, and people reappear on their next heartbeat). fillfactor leaves room
-- on each page so a heartbeat's update stays HOT (no indexed column changes: last_seen_at and
-- state are deliberately not indexed; the stale sweep scans this small table).
CREATE UNLOGGED TABLE "presences" (
    "organization_id" UUID NOT NULL,
    "resource_kind" "presence_resource_kind" NOT NULL,
    "resource_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "state" "presence_state" NOT NULL DEFAULT 'VIEWING',
    "last_seen_at" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "presences_pkey" PRIMARY KEY ("resource_kind","resource_id","user_id")
) WITH (fillfactor = 70);

-- CreateIndex
CREATE INDEX "presences_user_id_idx" ON "presences"("user_id");

-- AddForeignKey
ALTER TABLE "presences" ADD CONSTRAINT "presences_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "presences" ADD CONSTRAINT "presences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
