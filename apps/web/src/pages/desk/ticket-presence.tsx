import { Alert } from "@quartet/ui/alert";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { Eye, PenLine } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";

// Collision detection on a ticket: while the page is open it beats every few seconds ("viewing", or
// "typing" while the agent writes) and shows who else is on the ticket. Short-poll until the live
// channel exists: a query whose fetch is the heartbeat, so TanStack Query pauses it while the tab
// is hidden and beats again the moment the tab comes back. The server drops people after 20 s.

type Presence = RouterOutputs["deskPresence"]["beat"];
type Person = Presence["others"][number];

const BEAT_MS = 5_000;
/** Typing stops counting this long after the last keystroke (the server's own limit is 8 s). */
const TYPING_IDLE_MS = 4_000;

export interface TicketPresence {
  others: Person[];
  /** The newest message when it isn't on screen yet and the caller didn't write it. */
  unseen: { authorName: string | null } | null;
  /** Call on every keystroke in the reply box: announces "typing", dropped after a few idle seconds. */
  typed: () => void;
  /** The reply went out (or was cleared): back to "viewing" now. */
  stopTyping: () => void;
}

/** Heartbeat of the caller on the ticket; `shownMessages` are the messages on screen. */
export function useTicketPresence(
  orgId: string,
  ticketId: string,
  shownMessages: readonly { id: string }[],
): TicketPresence {
  const utils = trpc.useUtils();
  const [typing, setTyping] = useState(false);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const state = typing ? "TYPING" : "VIEWING";
  // A beat still on its way when the page closes: `leave` is sent again once it has landed, so it
  // can't show the person as present again until the row expires.
  const beatInFlight = useRef<Promise<unknown> | null>(null);
  // The state is part of the key: starting or stopping to type beats at once.
  const beat = useQuery({
    queryKey: ["deskPresence", orgId, ticketId, state],
    queryFn: () => {
      const sent = utils.client.deskPresence.beat.mutate({ orgId, ticketId, state });
      const settled = sent.then(
        () => {},
        () => {},
      );
      beatInFlight.current = settled;
      settled.then(() => {
        if (beatInFlight.current === settled) beatInFlight.current = null;
      });
      return sent;
    },
    refetchInterval: BEAT_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

  useEffect(() => {
    return () => {
      clearTimeout(idle.current);
      // Tell the others now rather than letting the row expire (at once: the tab may be closing);
      // best effort.
      const leave = () => utils.client.deskPresence.leave.mutate({ orgId, ticketId }).catch(() => {});
      leave();
      beatInFlight.current?.then(leave);
    };
  }, [utils, orgId, ticketId]);

  const typed = useCallback(() => {
    setTyping(true);
    clearTimeout(idle.current);
    idle.current = setTimeout(() => setTyping(false), TYPING_IDLE_MS);
  }, []);
  const stopTyping = useCallback(() => {
    clearTimeout(idle.current);
    setTyping(false);
  }, []);

  const latest = beat.data?.latestMessage;
  const unseen =
    latest && !latest.byMe && !shownMessages.some((m) => m.id === latest.id)
      ? { authorName: latest.authorName }
      : null;
  return { others: beat.data?.others ?? [], unseen, typed, stopTyping };
}

const personName = (p: Person) => p.name ?? p.email;

/** "Sam, Ada and 2 more", in the reader's language. */
function useNames() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => new Intl.ListFormat(i18n.language, { type: "conjunction" }), [i18n.language]);
  return (people: Person[]) => {
    const names = people.map(personName);
    const shown =
      names.length > 3 ? [...names.slice(0, 2), t("presence.more", { count: names.length - 2 })] : names;
    return format.format(shown);
  };
}

/** Header: the others' avatars (a typist's ringed) and who they are. */
export function PresenceAvatars({ others }: { others: Person[] }) {
  const { t } = useTranslation();
  if (others.length === 0) return null;
  const [first] = others;
  const shown = others.slice(0, 4);
  const summary =
    others.length === 1 && first
      ? t(first.state === "TYPING" ? "presence.typing" : "presence.viewing", { name: personName(first) })
      : t("presence.othersHere", { count: others.length });
  return (
    <div className="flex min-w-0 items-center gap-2 border-s ps-2" data-testid="ticket-presence">
      <ul aria-label={t("presence.here")} className="flex shrink-0 -space-x-1.5 rtl:space-x-reverse">
        {shown.map((p) => {
          const label = t(p.state === "TYPING" ? "presence.personTyping" : "presence.personViewing", {
            name: personName(p),
          });
          return (
            <li key={p.userId} title={label} className="relative">
              <Avatar
                name={personName(p)}
                src={p.avatarUrl}
                size="sm"
                className={cn(
                  "ring-2 ring-background",
                  p.state === "TYPING" && "ring-primary motion-safe:animate-pulse",
                )}
              />
              <span className="sr-only">{label}</span>
            </li>
          );
        })}
        {others.length > shown.length ? (
          <li className="inline-flex size-6 items-center justify-center rounded-full bg-muted text-[0.6875rem] font-medium text-muted-foreground ring-2 ring-background">
            +{others.length - shown.length}
          </li>
        ) : null}
      </ul>
      <span className="truncate text-xs text-muted-foreground" aria-hidden>
        {summary}
      </span>
    </div>
  );
}

/**
 * Above the reply box: who is typing (or else viewing), always in one polite live region so screen
 * readers hear it change; and a message that arrived after the page opened, with a way to show it.
 */
export function PresenceNotice({
  others,
  unseen,
  confirming,
  onShow,
  onSendAnyway,
}: {
  others: Person[];
  unseen: TicketPresence["unseen"];
  /** The agent tried to send while `unseen` is set: offer "Send anyway". */
  confirming: boolean;
  onShow: () => void;
  onSendAnyway: () => void;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const typists = others.filter((p) => p.state === "TYPING");
  const line =
    typists.length > 0
      ? { icon: PenLine, text: t("presence.typingNear", { count: typists.length, names: names(typists) }) }
      : others.length > 0
        ? { icon: Eye, text: t("presence.viewingNear", { count: others.length, names: names(others) }) }
        : null;
  return (
    <>
      {/* Always in the page (out of the layout) so a screen reader hears each change. */}
      <div role="status" aria-live="polite" className="sr-only">
        {line?.text ?? ""}
      </div>
      {line ? (
        <p
          aria-hidden
          data-testid="ticket-presence-notice"
          className={cn(
            "flex items-center gap-1.5 text-sm",
            typists.length > 0 ? "font-medium text-primary" : "text-muted-foreground",
          )}
        >
          <line.icon className="size-4 shrink-0" aria-hidden />
          <span className="min-w-0 truncate">{line.text}</span>
        </p>
      ) : null}
      {unseen ? (
        <Alert
          variant="warning"
          role="alert"
          title={
            unseen.authorName
              ? t("presence.newMessage", { name: unseen.authorName })
              : t("presence.newMessageSomeone")
          }
          action={
            <div className="flex flex-wrap gap-2">
              <Button type="button" size="sm" variant="outline" onClick={onShow}>
                {t("presence.showNew")}
              </Button>
              {confirming ? (
                <Button type="button" size="sm" onClick={onSendAnyway}>
                  {t("presence.sendAnyway")}
                </Button>
              ) : null}
            </div>
          }
        >
          {confirming ? t("presence.confirmSend") : null}
        </Alert>
      ) : null}
    </>
  );
}
