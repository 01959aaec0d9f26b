-- Mail sent at most once where the transport can tell: a SENDING state committed before the
-- transport call, and a stable Message-ID per mail.
ALTER TYPE "email_status" ADD VALUE IF NOT EXISTS 'SENDING' AFTER 'PENDING';

ALTER TABLE "email_logs" ADD COLUMN "message_id" VARCHAR(255),
ADD COLUMN "last_attempt_at" TIMESTAMPTZ;

-- The capture transport finds an earlier copy by its Message-ID.
CREATE INDEX "captured_mails_message_id_idx" ON "captured_mails"("message_id");
