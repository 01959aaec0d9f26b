-- Desk ticket search: the workspace's content language (English, French or Arabic) stems words
-- (plurals, word forms), 'simple' keeps exact words and codes, and the requester's name and address,
-- the ticket number and the internal text (side-panel notes and internal messages) are searchable
-- by the workspace's agents. Customer-facing paths never search tickets.

-- The language Desk content is written in; NULL follows the workspace owner's locale (en by default).
ALTER TABLE "desk_settings" ADD COLUMN "language" VARCHAR(8);

-- A user locale ("fr", "fr-CA", "ar_EG", …) as a Desk content language: en, fr or ar.
CREATE FUNCTION "desk_language_from_locale"(locale TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE lower(split_part(replace(coalesce(locale, ''), '_', '-'), '-', 1))
                 WHEN 'fr' THEN 'fr' WHEN 'ar' THEN 'ar' ELSE 'en' END $$;

-- The text-search configuration of a Desk content language.
CREATE FUNCTION "desk_search_config"(language TEXT) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'ar' THEN 'arabic'::regconfig
                 ELSE 'english'::regconfig END $$;

-- The workspace's Desk content language: the saved setting, else its owner's locale, else en.
CREATE FUNCTION "desk_workspace_language"(org UUID) RETURNS TEXT
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(
          (SELECT s."language" FROM "desk_settings" s WHERE s."organization_id" = org),
          (SELECT "desk_language_from_locale"(u."locale")
             FROM "organizations" o JOIN "users" u ON u."id" = o."owner_id" WHERE o."id" = org),
          'en') $$;

-- Text only the workspace's people see: side-panel notes and internal messages (capped so that a
-- very long history can't exceed the tsvector size limit).
CREATE FUNCTION "desk_ticket_internal_text"(ticket UUID) RETURNS TEXT
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT left(coalesce(string_agg(m."message", E'\n'), ''), 100000) FROM (
          SELECT n."message" FROM "ticket_notes" n WHERE n."ticket_id" = ticket
          UNION ALL
          SELECT tm."message" FROM "ticket_messages" tm WHERE tm."ticket_id" = ticket AND tm."is_internal"
        ) m $$;

-- The weighted document: number and subject A, requester and tags B, description C, internal text D.
-- Words appear twice: stemmed by the workspace's language and as written ('simple').
CREATE FUNCTION "desk_ticket_search_vector"(
  cfg regconfig, number INTEGER, subject TEXT, tags TEXT[], description TEXT,
  requester_name TEXT, requester_email TEXT, internal_text TEXT
) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT
    setweight(to_tsvector('simple'::regconfig, coalesce(number::text, '')), 'A') ||
    setweight(to_tsvector(cfg, coalesce(subject, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(subject, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig,
      coalesce(requester_name, '') || ' ' || coalesce(requester_email, '') || ' ' ||
      replace(coalesce(requester_email, ''), '@', ' ')), 'B') ||
    setweight(to_tsvector(cfg, "desk_array_text"(tags)), 'B') ||
    setweight(to_tsvector('simple'::regconfig, "desk_array_text"(tags)), 'B') ||
    setweight(to_tsvector(cfg, coalesce(description, '')), 'C') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'C') ||
    setweight(to_tsvector(cfg, coalesce(internal_text, '')), 'D') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(internal_text, '')), 'D') $$;

-- A ticket's document from its current data (requester, workspace language, internal text).
CREATE FUNCTION "desk_ticket_document"(t "tickets", with_internal BOOLEAN) RETURNS tsvector
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT "desk_ticket_search_vector"(
          "desk_search_config"("desk_workspace_language"(t."organization_id")),
          t."number", t."subject", t."tags", t."description",
          c."name", c."email",
          CASE WHEN with_internal THEN "desk_ticket_internal_text"(t."id") END)
        FROM (SELECT NULL) one
        LEFT JOIN "contacts" c ON c."id" = t."contact_id" $$;

-- The stored column becomes a plain one kept by triggers (it needs other tables' data).
DROP INDEX "tickets_search_vector_idx";
ALTER TABLE "tickets" DROP COLUMN "search_vector";
ALTER TABLE "tickets" ADD COLUMN "search_vector" tsvector;

CREATE FUNCTION "desk_tickets_search_vector_trigger"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- A new ticket has no notes or internal messages yet.
  NEW."search_vector" := "desk_ticket_document"(NEW, TG_OP = 'UPDATE');
  RETURN NEW;
END $$;

CREATE TRIGGER "tickets_search_vector_insert" BEFORE INSERT ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION "desk_tickets_search_vector_trigger"();
CREATE TRIGGER "tickets_search_vector_update" BEFORE UPDATE OF "number", "subject", "tags", "description", "contact_id" ON "tickets"
  FOR EACH ROW
  WHEN (OLD."number" IS DISTINCT FROM NEW."number" OR OLD."subject" IS DISTINCT FROM NEW."subject"
     OR OLD."tags" IS DISTINCT FROM NEW."tags" OR OLD."description" IS DISTINCT FROM NEW."description"
     OR OLD."contact_id" IS DISTINCT FROM NEW."contact_id")
  EXECUTE FUNCTION "desk_tickets_search_vector_trigger"();

-- Recomputes the documents of these tickets (after their notes, internal messages or requester changed).
CREATE FUNCTION "desk_refresh_ticket_search"(ids UUID[]) RETURNS void
  LANGUAGE sql AS $$
  UPDATE "tickets" t SET "search_vector" = "desk_ticket_document"(t, true)
  WHERE t."id" = ANY(ids) $$;

-- Notes: statement-level, so a merge that moves many notes recomputes each ticket once.
CREATE FUNCTION "desk_ticket_notes_search_trigger"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "desk_refresh_ticket_search"(ARRAY(SELECT DISTINCT "ticket_id" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "desk_refresh_ticket_search"(ARRAY(SELECT DISTINCT "ticket_id" FROM old_rows));
  ELSE
    PERFORM "desk_refresh_ticket_search"(ARRAY(
      SELECT o."ticket_id" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        WHERE o."message" IS DISTINCT FROM n."message" OR o."ticket_id" IS DISTINCT FROM n."ticket_id"
      UNION
      SELECT n."ticket_id" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        WHERE o."message" IS DISTINCT FROM n."message" OR o."ticket_id" IS DISTINCT FROM n."ticket_id"));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ticket_notes_search_insert" AFTER INSERT ON "ticket_notes"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "desk_ticket_notes_search_trigger"();
CREATE TRIGGER "ticket_notes_search_update" AFTER UPDATE ON "ticket_notes"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "desk_ticket_notes_search_trigger"();
CREATE TRIGGER "ticket_notes_search_delete" AFTER DELETE ON "ticket_notes"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "desk_ticket_notes_search_trigger"();

-- Internal messages (public replies are not part of the document).
CREATE FUNCTION "desk_ticket_messages_search_trigger"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "desk_refresh_ticket_search"(ARRAY(SELECT DISTINCT "ticket_id" FROM new_rows WHERE "is_internal"));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "desk_refresh_ticket_search"(ARRAY(SELECT DISTINCT "ticket_id" FROM old_rows WHERE "is_internal"));
  ELSE
    PERFORM "desk_refresh_ticket_search"(ARRAY(
      SELECT o."ticket_id" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        WHERE (o."is_internal" OR n."is_internal")
          AND (o."message" IS DISTINCT FROM n."message" OR o."is_internal" IS DISTINCT FROM n."is_internal"
               OR o."ticket_id" IS DISTINCT FROM n."ticket_id")
      UNION
      SELECT n."ticket_id" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        WHERE (o."is_internal" OR n."is_internal")
          AND (o."message" IS DISTINCT FROM n."message" OR o."is_internal" IS DISTINCT FROM n."is_internal"
               OR o."ticket_id" IS DISTINCT FROM n."ticket_id")));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ticket_messages_search_insert" AFTER INSERT ON "ticket_messages"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "desk_ticket_messages_search_trigger"();
CREATE TRIGGER "ticket_messages_search_update" AFTER UPDATE ON "ticket_messages"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "desk_ticket_messages_search_trigger"();
CREATE TRIGGER "ticket_messages_search_delete" AFTER DELETE ON "ticket_messages"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "desk_ticket_messages_search_trigger"();

-- The requester's name or address changed: their tickets' documents follow.
CREATE FUNCTION "desk_contacts_search_trigger"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "desk_refresh_ticket_search"(ARRAY(
    SELECT t."id" FROM "tickets" t
    WHERE t."contact_id" IN (
      SELECT n."id" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
      WHERE o."name" IS DISTINCT FROM n."name" OR o."email" IS DISTINCT FROM n."email")));
  RETURN NULL;
END $$;

CREATE TRIGGER "contacts_search_update" AFTER UPDATE ON "contacts"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "desk_contacts_search_trigger"();

-- Backfill, then the index.
UPDATE "tickets" t SET "search_vector" = "desk_ticket_document"(t, true);
CREATE INDEX "tickets_search_vector_idx" ON "tickets" USING GIN ("search_vector");
