import type { DbOrTx } from "@quartet/db/client";

// Reads and writes of inbox.media-fetch: the message's attachment reference and where it ended up.

export function findMessageForMedia(db: DbOrTx, messageId: string) {
  return db.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      organizationId: true,
      conversationId: true,
      attributes: true,
      mediaType: true,
      mediaFileName: true,
      platformConnection: {
        select: {
          id: true,
          platform: true,
          platformUserId: true,
          accessToken: true,
          refreshToken: true,
          metadata: true,
          status: true,
        },
      },
    },
  });
}

/** The attachment is in our storage under `key`: the row points at it (state "stored"). */
export async function markMediaStored(
  db: DbOrTx,
  messageId: string,
  m: { key: string; mimeType: string | null; size: number; filename: string | null; now: Date },
): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE messages
    SET media_url = ${m.key},
        media_type = COALESCE(media_type, ${m.mimeType}::text),
        media_size = ${m.size},
        media_file_name = COALESCE(media_file_name, ${m.filename}::text),
        attributes = jsonb_set(attributes, '{media}',
                               (COALESCE(attributes->'media', '{}'::jsonb) - 'error') || '{"state":"stored"}'::jsonb),
        updated_at = ${m.now}
    WHERE id = ${messageId}::uuid`;
  return n > 0;
}

/** The fetch failed: the message stays, its attachment reads "media unavailable" with the reason. */
export async function markMediaUnavailable(
  db: DbOrTx,
  messageId: string,
  reason: string,
  now: Date,
): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE messages
    SET attributes = jsonb_set(attributes, '{media}',
                               COALESCE(attributes->'media', '{}'::jsonb)
                               || jsonb_build_object('state', 'unavailable', 'error', ${reason.slice(0, 500)}::text)),
        updated_at = ${now}
    WHERE id = ${messageId}::uuid AND COALESCE(attributes->'media'->>'state', '') <> 'stored'`;
  return n > 0;
}
