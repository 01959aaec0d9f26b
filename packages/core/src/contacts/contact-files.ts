// Where a member downloads the files an export lists, and which Inbox media values are ours.
// The same rules as the file routes (packages/http/src/desk-files.plugin.ts and the Inbox files
// plugin, `/files/inbox/messages/<id>/<part>`).

/** A Desk attachment, for members of its workspace. */
export const deskFilePath = (attachmentId: string) => `/files/desk/attachments/${attachmentId}`;

/** An Inbox message's stored media or its thumbnail, for members of its workspace. */
export const inboxMediaPath = (messageId: string, part: "media" | "thumbnail") =>
  `/files/inbox/messages/${messageId}/${part}`;

/** Storage keys are ours; a URL is a platform's link never fetched into storage (nothing stored). */
export const isStoredMedia = (value: string | null): value is string =>
  !!value && !/^https?:\/\//i.test(value);
