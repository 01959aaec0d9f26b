import { Button } from "@quartet/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import {
  FileText,
  ImageIcon,
  MapPin,
  MessageSquareDashed,
  Paperclip,
  SendHorizontal,
  SmilePlus,
} from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage, fieldErrorsOf } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useLiveRefetch } from "../../../lib/use-live.ts";
import type { PlayedCustomer } from "./sandbox-page.tsx";

type ThreadMessage = RouterOutputs["inboxSandbox"]["thread"]["messages"][number];
type MediaKind = "image" | "file" | "location";

const REACTIONS = ["👍", "❤️", "😂", "😮", "🙏"] as const;
/** How long the "phone" shows a reply as delivered before it is read. */
const READ_AFTER_MS = 1500;
/** Members don't get the inbox's live events: ask again this often while the page is open. */
const POLL_MS = 4000;

/**
 * The thread as the customer's phone shows it, and the composer that writes as them. While the page
 * is open and visible, the business's replies move to DELIVERED, then READ a moment later.
 */
export function SandboxThread({
  orgId,
  customer,
  onCreated,
  onActivity,
}: {
  orgId: string;
  customer: PlayedCustomer;
  onCreated: (customerId: string) => void;
  onActivity: () => void;
}) {
  const { t } = useTranslation();
  const name = customer.name ?? t("inboxSandbox.customers.unnamed");
  const thread = trpc.inboxSandbox.thread.useQuery(
    { orgId, customerId: customer.id ?? "" },
    { enabled: customer.id !== null, refetchInterval: POLL_MS, refetchIntervalInBackground: false },
  );
  const conversationId = thread.data?.conversationId ?? null;
  useLiveRefetch(orgId, {
    topics: ["inbox.message", "inbox.conversation"],
    match: (event) => (event.payload as { conversationId?: string }).conversationId === conversationId,
    refetch: () => void thread.refetch(),
  });
  useReceipts(orgId, customer.id, thread.data?.messages, () => void thread.refetch());

  const listRef = useRef<HTMLOListElement>(null);
  const count = thread.data?.messages.length ?? 0;
  useEffect(() => {
    if (count) listRef.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [count]);

  const shownName = thread.data?.customer.name ?? name;
  return (
    <section
      className="flex min-h-[28rem] flex-col overflow-hidden rounded-lg border bg-card"
      aria-label={t("inboxSandbox.thread.label", { name: shownName })}
    >
      <header className="border-b px-4 py-3">
        <h2 className="truncate font-semibold" dir="auto">
          {shownName}
        </h2>
        <p className="text-xs text-muted-foreground">{t("inboxSandbox.thread.seenHint")}</p>
      </header>
      <div className="flex-1 overflow-y-auto bg-subtle/40 px-3 py-4 sm:px-4" style={{ maxHeight: "60vh" }}>
        {customer.id === null || (thread.data && thread.data.messages.length === 0) ? (
          <EmptyState
            icon={MessageSquareDashed}
            title={t("inboxSandbox.thread.emptyTitle")}
            description={t("inboxSandbox.thread.emptyBody", { name: shownName })}
            className="border-none bg-transparent"
          />
        ) : thread.isPending ? (
          <div className="grid gap-3" aria-busy="true">
            <Skeleton className="h-10 w-2/3" />
            <Skeleton className="ms-auto h-10 w-1/2" />
            <Skeleton className="h-10 w-3/5" />
          </div>
        ) : thread.isError ? (
          <ErrorState
            compact
            error={thread.error}
            title={t("inboxSandbox.thread.failed")}
            onRetry={() => thread.refetch()}
            retrying={thread.isFetching}
          />
        ) : (
          <ol ref={listRef} className="grid gap-3" aria-live="polite">
            {thread.data.messages.map((m) => (
              <Bubble
                key={m.id}
                message={m}
                orgId={orgId}
                customerId={customer.id ?? ""}
                customerName={shownName}
              />
            ))}
          </ol>
        )}
      </div>
      <Composer
        orgId={orgId}
        customer={{ id: customer.id, name: thread.data?.customer.name ?? customer.name }}
        name={shownName}
        onSent={(customerId) => {
          if (customer.id === null) onCreated(customerId);
          else void thread.refetch();
          onActivity();
        }}
      />
    </section>
  );
}

/**
 * The customer's phone: business replies it holds become DELIVERED at once, then READ a moment
 * later, while the page is visible (one request at a time).
 */
function useReceipts(
  orgId: string,
  customerId: string | null,
  messages: ThreadMessage[] | undefined,
  refetch: () => void,
) {
  const receipts = trpc.inboxSandbox.receipts.useMutation({ onSettled: refetch });
  const { mutate, isPending: busy } = receipts;
  // The messages each receipt was last sent for: the same ones are not asked about again in a loop.
  const tried = useRef("");
  useEffect(() => {
    if (!customerId || !messages || busy || document.visibilityState !== "visible") return;
    const outbound = messages.filter((m) => m.direction === "OUTBOUND");
    const sent = outbound.filter((m) => m.status === "SENT").map((m) => m.id);
    const delivered = outbound.filter((m) => m.status === "DELIVERED").map((m) => m.id);
    if (sent.length) {
      const key = `D:${sent.join(",")}`;
      if (tried.current === key) return;
      tried.current = key;
      mutate({ orgId, customerId, status: "DELIVERED" });
      return;
    }
    const key = `R:${delivered.join(",")}`;
    if (!delivered.length || tried.current === key) return;
    const timer = setTimeout(() => {
      tried.current = key;
      mutate({ orgId, customerId, status: "READ" });
    }, READ_AFTER_MS);
    return () => clearTimeout(timer);
  }, [orgId, customerId, messages, busy, mutate]);
}

function Bubble({
  message: m,
  orgId,
  customerId,
  customerName,
}: {
  message: ThreadMessage;
  orgId: string;
  customerId: string;
  customerName: string;
}) {
  const { t } = useTranslation();
  const mine = m.direction === "INBOUND";
  return (
    <li className={cn("flex flex-col gap-1", mine ? "items-end" : "items-start")}>
      <span className="px-1 text-xs text-muted-foreground" dir="auto">
        {mine ? t("inboxSandbox.thread.you", { name: customerName }) : t("inboxSandbox.thread.business")}
      </span>
      <div className={cn("flex max-w-[85%] items-end gap-1", mine && "flex-row-reverse")}>
        <div
          className={cn(
            "grid gap-2 rounded-2xl px-3 py-2 text-sm shadow-xs",
            mine ? "rounded-ee-sm bg-primary text-primary-foreground" : "rounded-es-sm border bg-background",
          )}
        >
          {m.media ? <MediaLine message={m} mine={mine} /> : null}
          {m.location ? <LocationLine location={m.location} mine={mine} /> : null}
          {m.content ? (
            <p className="whitespace-pre-wrap break-words" dir="auto">
              {m.content}
            </p>
          ) : null}
        </div>
        {!mine ? <ReactMenu orgId={orgId} customerId={customerId} message={m} /> : null}
      </div>
      <div className={cn("flex items-center gap-2 px-1", mine && "flex-row-reverse")}>
        <RelativeTime date={m.at} style="short" className="text-xs text-muted-foreground" />
        {m.reactions.length ? (
          <span
            role="img"
            className="rounded-full border bg-background px-1.5 text-sm"
            aria-label={m.reactions.map((r) => r.emoji).join(" ")}
          >
            {m.reactions.map((r) => r.emoji).join("")}
          </span>
        ) : null}
      </div>
    </li>
  );
}

function MediaLine({ message: m, mine }: { message: ThreadMessage; mine: boolean }) {
  const { t } = useTranslation();
  if (m.contentType === "IMAGE" && m.media?.url) {
    return (
      <a href={m.media.url} target="_blank" rel="noreferrer" className="block">
        <img
          src={m.media.url}
          alt={m.media.fileName ?? t("inboxSandbox.media.IMAGE")}
          className="max-h-60 rounded-lg object-cover"
          loading="lazy"
        />
      </a>
    );
  }
  const Icon = m.contentType === "IMAGE" ? ImageIcon : FileText;
  const kind = t(
    `inboxSandbox.media.${m.contentType === "TEXT" || m.contentType === "LOCATION" ? "FILE" : m.contentType}`,
  );
  const state =
    m.media?.state === "pending"
      ? t("inboxSandbox.media.pending")
      : m.media?.state === "unavailable"
        ? t("inboxSandbox.media.unavailable")
        : null;
  return (
    <div
      className={cn(
        "flex items-center gap-2 rounded-lg px-2 py-1.5",
        mine ? "bg-primary-foreground/15" : "bg-subtle",
      )}
    >
      <Icon aria-hidden className="size-5 shrink-0" />
      <span className="grid min-w-0">
        <span className="truncate font-medium" dir="auto">
          {m.media?.fileName ?? kind}
        </span>
        <span className={cn("text-xs", mine ? "text-primary-foreground/80" : "text-muted-foreground")}>
          {state ?? kind}
        </span>
      </span>
    </div>
  );
}

function LocationLine({
  location,
  mine,
}: {
  location: NonNullable<ThreadMessage["location"]>;
  mine: boolean;
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 4 });
  const map = `https://www.openstreetmap.org/?mlat=${location.latitude}&mlon=${location.longitude}#map=16/${location.latitude}/${location.longitude}`;
  return (
    <div className="flex items-start gap-2">
      <MapPin aria-hidden className="mt-0.5 size-4 shrink-0" />
      <span className="grid">
        {location.name ? (
          <span className="font-medium" dir="auto">
            {location.name}
          </span>
        ) : null}
        <span
          className={cn("text-xs", mine ? "text-primary-foreground/80" : "text-muted-foreground")}
          dir="ltr"
        >
          {t("inboxSandbox.location.coordinates", {
            latitude: number.format(location.latitude),
            longitude: number.format(location.longitude),
          })}
        </span>
        <a
          href={map}
          target="_blank"
          rel="noreferrer noopener"
          className="text-xs underline underline-offset-2"
        >
          {t("inboxSandbox.location.open")}
        </a>
      </span>
    </div>
  );
}

function ReactMenu({
  orgId,
  customerId,
  message,
}: {
  orgId: string;
  customerId: string;
  message: ThreadMessage;
}) {
  const { t } = useTranslation();
  const utils = trpc.useUtils();
  const react = trpc.inboxSandbox.react.useMutation({
    onSettled: () => utils.inboxSandbox.thread.invalidate({ orgId, customerId }),
    onError: (error) => toast.error(errorMessage(error, t("inboxSandbox.react.failed"))),
  });
  const mine = message.reactions.find((r) => r.from === "contact");
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={t("inboxSandbox.react.label")}
          title={t("inboxSandbox.react.button")}
        >
          <SmilePlus aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="min-w-0">
        <div className="flex gap-1 p-1">
          {REACTIONS.map((emoji) => (
            <DropdownMenuItem
              key={emoji}
              className={cn("justify-center px-2 text-lg", mine?.emoji === emoji && "bg-accent")}
              onSelect={() => react.mutate({ orgId, customerId, messageId: message.id, emoji })}
            >
              {emoji}
            </DropdownMenuItem>
          ))}
        </div>
        {mine ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem
              onSelect={() => react.mutate({ orgId, customerId, messageId: message.id, emoji: null })}
            >
              {t("inboxSandbox.react.remove")}
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

const newId = () => crypto.randomUUID();

/**
 * Writes as the customer. Enter sends (Shift+Enter for a new line); the same id travels with a
 * retry after an error, so a send that did reach the server isn't stored twice.
 */
function Composer({
  orgId,
  customer,
  name,
  onSent,
}: {
  orgId: string;
  customer: PlayedCustomer;
  name: string;
  onSent: (customerId: string) => void;
}) {
  const { t } = useTranslation();
  const fieldId = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const attempt = useRef<{ key: string; id: string } | null>(null);
  const send = trpc.inboxSandbox.send.useMutation();

  const submit = async (mediaKind?: MediaKind) => {
    const body = text.trim();
    if (!body && !mediaKind) return;
    if (send.isPending) return;
    // A retry of the same content keeps its id; anything else is a new message.
    const key = `${mediaKind ?? ""}|${body}`;
    if (attempt.current?.key !== key) attempt.current = { key, id: newId() };
    setError(null);
    try {
      const result = await send.mutateAsync({
        orgId,
        // A known customer keeps the name they have; a new one is created with the typed name.
        customer: customer.id
          ? { id: customer.id, ...(customer.name ? { name: customer.name } : {}) }
          : { name: customer.name ?? name },
        text: body || undefined,
        mediaKind,
        clientMessageId: attempt.current.id,
      });
      attempt.current = null;
      if (body) setText("");
      if (mediaKind)
        toast.success(
          t(
            `inboxSandbox.composer.sent${mediaKind === "image" ? "Image" : mediaKind === "file" ? "File" : "Location"}`,
          ),
        );
      onSent(result.customer.id);
    } catch (err) {
      setError(fieldErrorsOf(err).text ?? errorMessage(err, t("inboxSandbox.composer.sendFailed")));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form
      className="grid gap-1.5 border-t p-3"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={fieldId} className="sr-only">
        {t("inboxSandbox.composer.label", { name })}
      </label>
      <div className="flex items-end gap-2">
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button
              variant="ghost"
              size="icon"
              aria-label={t("inboxSandbox.composer.attach")}
              title={t("inboxSandbox.composer.attach")}
              disabled={send.isPending}
            >
              <Paperclip aria-hidden />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            <DropdownMenuItem onSelect={() => void submit("image")}>
              <ImageIcon aria-hidden />
              {t("inboxSandbox.composer.image")}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => void submit("file")}>
              <FileText aria-hidden />
              {t("inboxSandbox.composer.file")}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => void submit("location")}>
              <MapPin aria-hidden />
              {t("inboxSandbox.composer.location")}
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <Textarea
          id={fieldId}
          value={text}
          dir="auto"
          rows={1}
          maxLength={4000}
          placeholder={t("inboxSandbox.composer.placeholder")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
          className="min-h-9 flex-1 resize-none"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <Button type="submit" loading={send.isPending} disabled={!text.trim()}>
          <SendHorizontal aria-hidden className="rtl:-scale-x-100" />
          {t("inboxSandbox.composer.send")}
        </Button>
      </div>
      {error ? (
        <p
          id={`${fieldId}-error`}
          role="alert"
          className="text-sm font-medium text-destructive-soft-foreground"
        >
          {error}
        </p>
      ) : null}
    </form>
  );
}
