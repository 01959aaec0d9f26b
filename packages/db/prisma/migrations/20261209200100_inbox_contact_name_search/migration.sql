-- Hand-written: the inbox list's search also finds conversations by the words of the contact's name
-- (prefix matches: "ri lo" finds "Rita Lopez"), through this expression index ('simple' like the
-- messages' search vector; see conversation.repository.ts).
CREATE INDEX "conversations_contact_name_search_idx" ON "conversations"
  USING GIN (to_tsvector('simple'::regconfig, coalesce("contact_name", '')));
