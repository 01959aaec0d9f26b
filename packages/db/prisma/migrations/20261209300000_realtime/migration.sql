-- Real time: the event log behind live updates (tRPC subscriptions over SSE, fed by LISTEN/NOTIFY).

-- UNLOGGED: events live an hour and are re-derivable (a client that misses them refetches); no WAL
-- for them. A crash empties the table while realtime_streams (logged) keeps counting, so a client
-- resuming from an older seq is told to resync instead of silently missing events.
CREATE UNLOGGED TABLE "realtime_events" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID NOT NULL,
    "seq" BIGINT,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "realtime_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "realtime_streams" (
    "organization_id" UUID NOT NULL,
    "last_seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "realtime_streams_pkey" PRIMARY KEY ("organization_id")
);

-- CreateIndex
CREATE INDEX "realtime_events_created_at_idx" ON "realtime_events"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "realtime_events_organization_id_seq_key" ON "realtime_events"("organization_id", "seq");

-- AddForeignKey
ALTER TABLE "realtime_events" ADD CONSTRAINT "realtime_events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "realtime_streams" ADD CONSTRAINT "realtime_streams_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The per-workspace sequence is handed out at COMMIT, not at insert: a deferred constraint trigger
-- runs after the transaction's own work, so the realtime_streams row lock is always the last lock
-- a writer takes (no deadlock with ticket row locks, held for the commit only), and seqs follow
-- commit order: when seq N is visible, every seq below it is too. A rolled-back transaction never
-- reaches the trigger, so it burns no number. The NOTIFY carries only the workspace id: identical
-- payloads in one transaction are folded into one notification (a bulk action wakes listeners once).
CREATE FUNCTION "realtime_event_commit"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  next_seq BIGINT;
BEGIN
  -- The workspace was hard-deleted later in the same transaction (its events cascaded away).
  IF NOT EXISTS (SELECT 1 FROM realtime_events WHERE id = NEW.id) THEN
    RETURN NULL;
  END IF;
  INSERT INTO realtime_streams AS s (organization_id, last_seq) VALUES (NEW.organization_id, 1)
  ON CONFLICT (organization_id) DO UPDATE SET last_seq = s.last_seq + 1
  RETURNING s.last_seq INTO next_seq;
  UPDATE realtime_events SET seq = next_seq WHERE id = NEW.id;
  PERFORM pg_notify('quartet_realtime', NEW.organization_id::text);
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "realtime_events_commit"
AFTER INSERT ON "realtime_events"
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "realtime_event_commit"();
