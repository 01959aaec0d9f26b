import { randomUUID } from "node:crypto";
import type { MessageEvent } from "@quartet/integrations/social/types";
import type { z } from "zod";
import { fillContactEmail, findContactIdByEmail } from "../../contacts/contact.repository.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { widgetMetadataSchema } from "../connections/connection.schema.ts";
import { openToken } from "../connections/connection-secrets.ts";
import { ingestEvents } from "../inbound/ingest.service.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import { newVisitorId, signVisitorToken, type VisitorClaims, verifyVisitorToken } from "./visitor-token.ts";
import * as repo from "./widget.repository.ts";
import {
  type IdentifyInput,
  identifyInput,
  type PollInput,
  pollInput,
  type ReadInput,
  readInput,
  type SendMessageInput,
  type StartSessionInput,
  sendMessageInput,
  startSessionInput,
  type VisitorMessage,
  type VisitorPoll,
  type VisitorSession,
  type WidgetLook,
} from "./widget.schema.ts";

// The website chat widget's public side: a visitor (no account) on a workspace's site chats with
// its agents. The visitor is a signed token (visitor-token.ts) the widget keeps in localStorage;
// their messages enter the inbox through ingestEvents like any platform's; agent replies are read
// from the messages table (long poll, woken by the realtime hub) and count as delivered when the
// visitor's browser fetches them, read when the widget shows them.

export type WidgetDeps = Pick<Deps, "db" | "boss" | "clock" | "log" | "config" | "realtime" | "events">;

const HISTORY = 50;
const PAGE = 100;

function badRequest(error: z.ZodError): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
  return new AppError("BAD_REQUEST", error.issues[0]?.message ?? "Some fields are invalid.", fieldErrors);
}

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw badRequest(parsed.error);
  return parsed.data;
}

const unavailable = () =>
  new AppError("NOT_FOUND", "This chat isn't available.", undefined, "WIDGET_UNAVAILABLE");
const badToken = () =>
  new AppError(
    "UNAUTHORIZED",
    "This chat session has ended. Reload the page to start again.",
    undefined,
    "VISITOR_TOKEN",
  );

interface OpenWidget {
  row: repo.WidgetRow;
  secret: string;
  look: WidgetLook;
}

/** The widget behind a public key, live (a disconnected widget answers as unknown). */
async function openWidget(deps: WidgetDeps, publicKey: string): Promise<OpenWidget> {
  const row = await repo.findWidget(deps.db, publicKey);
  if (row?.status !== "ACTIVE") throw unavailable();
  let secret: string | null;
  try {
    secret = openToken(deps.config, row.accessToken);
  } catch (error) {
    // Sealed under a key the ring no longer has: the widget needs a reconnect, not a 500.
    deps.log.error({ err: error, connectionId: row.id }, "chat widget secret can't be opened");
    secret = null;
  }
  if (!secret) throw unavailable();
  const meta = widgetMetadataSchema.parse(row.metadata ?? {});
  return { row, secret, look: { name: row.platformDisplayName ?? "Chat", ...meta } };
}

function visitor(deps: WidgetDeps, widget: OpenWidget, token: string | null | undefined): VisitorClaims {
  const claims = verifyVisitorToken(widget.secret, widget.row.id, token, deps.clock.now());
  if (!claims) throw badToken();
  return claims;
}

const cursorOf = (m: { createdAt: Date; id: string }) => `${m.createdAt.getTime()}_${m.id}`;
const laterThan = (m: { createdAt: Date; id: string }, key: repo.MessageKey) =>
  m.createdAt.getTime() > key.at.getTime() || (m.createdAt.getTime() === key.at.getTime() && m.id > key.id);

function keyOf(cursor: string | undefined): repo.MessageKey | null {
  if (!cursor) return null;
  const [ms, id] = cursor.split("_");
  return { at: new Date(Number(ms)), id: id ?? "" };
}

function toVisitorMessage(m: repo.VisitorMessageRow, delivered: Set<string>): VisitorMessage {
  const text =
    m.content ?? (m.contentType === "TEXT" ? "" : m.mediaFileName ? `📎 ${m.mediaFileName}` : "📎");
  return {
    id: m.id,
    from: m.direction === "INBOUND" ? "visitor" : "agent",
    text,
    agentName: m.direction === "OUTBOUND" ? (m.sentByUser?.name?.split(/\s+/)[0] ?? null) : null,
    createdAt: m.createdAt.toISOString(),
    status: delivered.has(m.id) ? "DELIVERED" : repo.visibleStatus(m.status),
  };
}

/** Marks the agent replies in `rows` delivered (the visitor's browser has them) and tells the inbox. */
async function deliver(
  deps: WidgetDeps,
  orgId: string,
  conversationId: string,
  rows: repo.VisitorMessageRow[],
): Promise<VisitorMessage[]> {
  const pending = rows
    .filter((m) => m.direction === "OUTBOUND" && (m.status === "PENDING" || m.status === "SENT"))
    .map((m) => m.id);
  let moved: { id: string }[] = [];
  if (pending.length) {
    moved = await deps.db.$transaction(async (tx) => {
      const done = await repo.markDelivered(tx, conversationId, pending, deps.clock.now());
      for (const m of done)
        await publishInboxEvent(tx, {
          topic: "inbox.message",
          organizationId: orgId,
          conversationId,
          messageId: m.id,
          kind: "status",
        });
      return done;
    });
  }
  const delivered = new Set(moved.map((m) => m.id));
  return rows.map((m) => toVisitorMessage(m, delivered));
}

/**
 * Opens the widget for a visitor: a returning visitor (valid token) keeps their identity and
 * thread; anyone else becomes a new visitor. Name and email given here are kept in the token and
 * identify the contact when the first message arrives.
 */
export async function startSession(
  deps: WidgetDeps,
  raw: StartSessionInput | unknown,
): Promise<VisitorSession> {
  const input = parse(startSessionInput, raw);
  const widget = await openWidget(deps, input.publicKey);
  const now = deps.clock.now();
  const known = verifyVisitorToken(widget.secret, widget.row.id, input.visitorToken, now);
  let claims: VisitorClaims = known ?? {
    v: 1,
    vid: newVisitorId(),
    iat: now.getTime(),
    name: null,
    email: null,
  };
  if (input.name || input.email)
    claims = { ...claims, name: input.name || claims.name, email: input.email ?? claims.email };
  // Renewed on each visit: a regular visitor never hits the token's age limit.
  claims = { ...claims, iat: now.getTime() };

  let messages: VisitorMessage[] = [];
  let cursor: string | null = null;
  const conversation = known ? await repo.findVisitorConversation(deps.db, widget.row.id, claims.vid) : null;
  if (conversation) {
    const rows = await repo.lastVisitorMessages(deps.db, conversation.id, HISTORY);
    messages = await deliver(deps, widget.row.organizationId, conversation.id, rows);
    const last = rows.at(-1);
    cursor = last ? cursorOf(last) : null;
    if (input.pageUrl) await repo.noteVisitorPage(deps.db, conversation.id, input.pageUrl, now);
  }
  return {
    visitorToken: signVisitorToken(widget.secret, widget.row.id, claims),
    visitor: { name: claims.name, email: claims.email },
    widget: widget.look,
    messages,
    cursor,
  };
}

/** The visitor writes: one inbound message through the inbox's one ingest path. */
export async function sendVisitorMessage(
  deps: WidgetDeps,
  token: string | null | undefined,
  raw: SendMessageInput | unknown,
): Promise<VisitorMessage> {
  const input = parse(sendMessageInput, raw);
  const widget = await openWidget(deps, input.publicKey);
  const claims = visitor(deps, widget, token);
  const now = deps.clock.now();
  const event: MessageEvent = {
    kind: "message",
    platform: "WEBCHAT",
    accountId: widget.row.platformUserId,
    timestamp: now,
    conversationExternalId: claims.vid,
    // Scoped to the visitor: one visitor's client id can't collide with another's.
    externalMessageId: `${claims.vid}:${input.clientMessageId ?? randomUUID()}`,
    direction: "INBOUND",
    sentByThisApp: null,
    contact: { externalId: claims.vid, name: claims.name, username: null, phone: null, email: claims.email },
    contentType: "TEXT",
    text: input.text,
    media: null,
    location: null,
    replyToExternalId: null,
    unsupportedType: null,
  };
  const connection = {
    id: widget.row.id,
    organizationId: widget.row.organizationId,
    platform: "WEBCHAT" as const,
    platformUserId: widget.row.platformUserId,
  };
  const result = await ingestEvents(deps, connection, [event]);
  const stored = result.messages[0];
  if (!stored) throw new AppError("INTERNAL", "The message could not be stored.");
  if (input.pageUrl) await repo.noteVisitorPage(deps.db, stored.conversationId, input.pageUrl, now);
  const row = await deps.db.message.findUniqueOrThrow({
    where: { id: stored.messageId },
    select: {
      id: true,
      direction: true,
      content: true,
      contentType: true,
      mediaFileName: true,
      status: true,
      createdAt: true,
      sentByUser: { select: { name: true } },
    },
  });
  return toVisitorMessage(row, new Set());
}

/**
 * The visitor gives their email (and name): kept in a new token, and the contact behind their
 * conversation is identified by it: the email is added to their contact, or, when another
 * contact of the workspace has it, the conversation moves to that contact.
 */
export async function identifyVisitor(
  deps: WidgetDeps,
  token: string | null | undefined,
  raw: IdentifyInput | unknown,
): Promise<{ visitorToken: string; visitor: { name: string | null; email: string | null } }> {
  const input = parse(identifyInput, raw);
  const widget = await openWidget(deps, input.publicKey);
  const old = visitor(deps, widget, token);
  const now = deps.clock.now();
  const claims: VisitorClaims = {
    ...old,
    email: input.email,
    name: input.name || old.name,
    iat: now.getTime(),
  };
  const orgId = widget.row.organizationId;
  const conversation = await repo.findVisitorConversation(deps.db, widget.row.id, claims.vid);
  if (conversation?.contactId) {
    const contactId = conversation.contactId;
    await deps.db.$transaction(async (tx) => {
      const owner = await findContactIdByEmail(tx, orgId, input.email);
      if (!owner) await fillContactEmail(tx, orgId, contactId, input.email, now);
      else if (owner !== contactId)
        await repo.moveVisitorToContact(tx, {
          orgId,
          conversationId: conversation.id,
          fromContactId: contactId,
          toContactId: owner,
          identity: `${widget.row.platformUserId}:${claims.vid}`,
        });
      if (claims.name)
        await tx.contact.updateMany({
          where: { id: owner ?? contactId, organizationId: orgId, name: null },
          data: { name: claims.name },
        });
      await tx.conversation.updateMany({
        where: { id: conversation.id, contactName: null },
        data: { contactName: claims.name },
      });
      await publishInboxEvent(tx, {
        topic: "inbox.conversation",
        organizationId: orgId,
        conversationId: conversation.id,
        kind: "updated",
      });
    });
  }
  return {
    visitorToken: signVisitorToken(widget.secret, widget.row.id, claims),
    visitor: { name: claims.name, email: claims.email },
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * New messages of the visitor's thread after `after`, waiting up to `wait` seconds for one (woken
 * by the realtime hub when this process has one, else checking every second). Agent replies
 * returned are marked delivered.
 */
export async function pollVisitorMessages(
  deps: WidgetDeps,
  token: string | null | undefined,
  raw: PollInput | unknown,
  signal: AbortSignal = new AbortController().signal,
): Promise<VisitorPoll> {
  const input = parse(pollInput, raw);
  const widget = await openWidget(deps, input.publicKey);
  const claims = visitor(deps, widget, token);
  const orgId = widget.row.organizationId;
  const after = keyOf(input.after);
  const deadline = Date.now() + input.wait * 1000;
  // Subscribe before the first read, so a reply committed in between still wakes us.
  const subscription = input.wait > 0 && deps.realtime ? await deps.realtime.subscribe(orgId) : null;
  try {
    let conversationId: string | null = null;
    let closing = false;
    for (;;) {
      conversationId ??= (await repo.findVisitorConversation(deps.db, widget.row.id, claims.vid))?.id ?? null;
      const rows = conversationId ? await repo.listVisitorMessages(deps.db, conversationId, after, PAGE) : [];
      const left = deadline - Date.now();
      if (rows.length > 0 || left <= 0 || signal.aborted || closing) {
        const messages = conversationId ? await deliver(deps, orgId, conversationId, rows) : [];
        const last = rows.at(-1);
        const cursor = last && (!after || laterThan(last, after)) ? cursorOf(last) : (input.after ?? null);
        return { messages, cursor };
      }
      if (!subscription) {
        await sleep(Math.min(1000, left), signal);
        continue;
      }
      // Wait for an event about this thread (or any inbox message while the thread doesn't exist).
      for (;;) {
        const item = await subscription.next({ signal, timeoutMs: Math.max(1, deadline - Date.now()) });
        // The process is shutting down: answer now, the widget polls again (another process).
        if (typeof item === "object" && item.type === "closed") closing = true;
        if (item === "timeout" || item === "aborted" || item.type !== "rows") break;
        const relevant = item.rows.some((r) => {
          if (r.topic !== "inbox.message") return false;
          const payload = r.payload as { conversationId?: string };
          return conversationId === null || payload.conversationId === conversationId;
        });
        if (relevant) break;
      }
    }
  } finally {
    subscription?.unsubscribe();
  }
}

/** The widget showed agent replies up to `upTo`: they are READ. */
export async function markVisitorRead(
  deps: WidgetDeps,
  token: string | null | undefined,
  raw: ReadInput | unknown,
): Promise<{ read: number }> {
  const input = parse(readInput, raw);
  const widget = await openWidget(deps, input.publicKey);
  const claims = visitor(deps, widget, token);
  const conversation = await repo.findVisitorConversation(deps.db, widget.row.id, claims.vid);
  if (!conversation) return { read: 0 };
  const upTo = await repo.findMessageKey(deps.db, conversation.id, input.upTo);
  if (!upTo) {
    const message = "This message isn't in your conversation.";
    throw new AppError("BAD_REQUEST", message, { upTo: message });
  }
  const moved = await deps.db.$transaction(async (tx) => {
    const done = await repo.markReadUpTo(
      tx,
      conversation.id,
      { at: upTo.createdAt, id: upTo.id },
      deps.clock.now(),
    );
    for (const m of done)
      await publishInboxEvent(tx, {
        topic: "inbox.message",
        organizationId: widget.row.organizationId,
        conversationId: conversation.id,
        messageId: m.id,
        kind: "status",
      });
    return done;
  });
  return { read: moved.length };
}

/** The widget's look for the preview page (a live widget only). */
export async function widgetLook(deps: WidgetDeps, publicKey: string): Promise<WidgetLook> {
  return (await openWidget(deps, parse(startSessionInput.pick({ publicKey: true }), { publicKey }).publicKey))
    .look;
}
