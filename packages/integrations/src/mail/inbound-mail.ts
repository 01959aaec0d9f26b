import { createHash } from "node:crypto";
import { type AddressObject, type HeaderValue, simpleParser } from "mailparser";

// Inbound mail as the help desk needs it: a raw RFC 5322 message (what an inbound relay posts)
// parsed with a real MIME parser (multipart, quoted-printable, base64, encoded words, charsets)
// into plain values. No policy here: what a mail means for a workspace is decided in core.

export interface InboundAddress {
  /** Lower-cased address. */
  address: string;
  name: string | null;
}

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
  size: number;
  /** Inline parts (images referenced from the HTML by cid:). */
  inline: boolean;
}

export interface InboundMail {
  /** The Message-ID with its angle brackets; derived from the bytes when the mail has none. */
  messageId: string;
  inReplyTo: string | null;
  /** Message-IDs of the thread, oldest first. */
  references: string[];
  subject: string;
  from: InboundAddress | null;
  /** Every address the mail was delivered for: To, Cc, Delivered-To, X-Original-To (deduplicated). */
  recipients: string[];
  /** The To and Cc headers' mailboxes as written (a help desk keeps the customer's other recipients as CCs). */
  to: InboundAddress[];
  cc: InboundAddress[];
  /** Headers that mark automatic mail (lower-cased names → raw values). */
  autoHeaders: {
    autoSubmitted: string | null;
    precedence: string | null;
    xAutoreply: string | null;
  };
  /** The plain-text body (mailparser converts an HTML-only body to text). */
  text: string;
  html: string | null;
  attachments: InboundAttachment[];
}

export class UnparsableMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnparsableMailError";
  }
}

const MESSAGE_ID = /<[^<>\s]+>/g;

/** `<a@b>` tokens of a header value (tolerates missing brackets for a single bare id). */
function messageIds(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const joined = Array.isArray(value) ? value.join(" ") : value;
  const found = joined.match(MESSAGE_ID);
  if (found) return found.map((id) => id.slice(0, 998));
  const bare = joined.trim();
  return bare && !/\s/.test(bare) && bare.includes("@") ? [`<${bare.slice(0, 996)}>`] : [];
}

function addresses(value: AddressObject | AddressObject[] | undefined): InboundAddress[] {
  if (!value) return [];
  const out: InboundAddress[] = [];
  const visit = (list: { address?: string | undefined; name: string; group?: unknown }[]) => {
    for (const entry of list) {
      if (entry.address) out.push({ address: entry.address.trim().toLowerCase(), name: entry.name || null });
      if (Array.isArray(entry.group)) visit(entry.group as typeof list);
    }
  };
  for (const obj of Array.isArray(value) ? value : [value]) visit(obj.value);
  return out;
}

/** A header's plain string value(s): Delivered-To may appear several times. */
function headerStrings(value: HeaderValue | undefined): string[] {
  if (value === undefined || value === null || value instanceof Date) return [];
  const one = (v: unknown): string[] => {
    if (typeof v === "string") return [v];
    if (v && typeof v === "object") {
      if ("value" in v && typeof v.value === "string") return [v.value];
      if ("text" in v && typeof v.text === "string") return [v.text];
    }
    return [];
  };
  return Array.isArray(value) ? value.flatMap(one) : one(value);
}

const ADDRESS_IN_TEXT = /[^\s<>,;"']+@[^\s<>,;"']+/g;

/**
 * Parses a raw message. Throws UnparsableMailError when the bytes are not a mail we can act on
 * (nothing parsable, or no sender address).
 */
export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  if (raw.length === 0) throw new UnparsableMailError("The message is empty.");
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (error) {
    throw new UnparsableMailError(
      `The message could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // mailparser accepts any bytes; a message without headers has no From and no date.
  const from = addresses(parsed.from)[0] ?? null;
  if (!from) throw new UnparsableMailError("The message has no sender address (From).");

  const header = (name: string) => headerStrings(parsed.headers.get(name));
  const to = addresses(parsed.to);
  const cc = addresses(parsed.cc);
  const recipients = new Set<string>();
  for (const a of [...to, ...cc]) recipients.add(a.address);
  for (const line of [...header("delivered-to"), ...header("x-original-to")])
    for (const m of line.match(ADDRESS_IN_TEXT) ?? []) recipients.add(m.toLowerCase());

  // Without a Message-ID, the bytes' hash stands in: a relay retrying the same mail is still a duplicate.
  const messageId =
    messageIds(parsed.messageId)[0] ?? `<${createHash("sha256").update(raw).digest("hex")}@no-message-id>`;
  const first = (name: string) => header(name)[0]?.trim() || null;

  return {
    messageId,
    inReplyTo: messageIds(parsed.inReplyTo)[0] ?? null,
    references: messageIds(parsed.references),
    subject: (parsed.subject ?? "").trim(),
    from,
    recipients: [...recipients],
    to,
    cc,
    autoHeaders: {
      autoSubmitted: first("auto-submitted"),
      precedence: first("precedence"),
      xAutoreply: first("x-autoreply") ?? first("x-autorespond"),
    },
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : null,
    attachments: parsed.attachments.map((a) => ({
      fileName: (a.filename ?? "attachment").slice(0, 255),
      contentType: (a.contentType || "application/octet-stream").slice(0, 150),
      content: a.content,
      size: a.size,
      inline: a.contentDisposition === "inline" || Boolean(a.related),
    })),
  };
}
