-- Contacts: company, notes, digits-only phone for search; other addresses (identities) kept on merge.
ALTER TABLE "contacts"
  ADD COLUMN "company" VARCHAR(200),
  ADD COLUMN "notes" TEXT,
  ADD COLUMN "phone_digits" TEXT GENERATED ALWAYS AS (NULLIF(regexp_replace("phone", '[^0-9]', '', 'g'), '')) STORED;

-- CreateTable
CREATE TABLE "contact_identities" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "channel" VARCHAR(30) NOT NULL,
    "value" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_identities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contact_identities_organization_id_channel_value_key" ON "contact_identities"("organization_id", "channel", "value");

-- CreateIndex
CREATE INDEX "contact_identities_contact_id_idx" ON "contact_identities"("contact_id");

-- AddForeignKey
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Ticket notes: when the author last edited the text.
ALTER TABLE "ticket_notes" ADD COLUMN "edited_at" TIMESTAMPTZ;
