import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import { Page } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Dialog, DialogTrigger, SheetContent } from "@quartet/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { FormError } from "@quartet/ui/form-field";
import {
  ArrowLeft,
  ChevronDown,
  GitMerge,
  Lock,
  MessageSquare,
  SearchX,
  Send,
  SlidersHorizontal,
  StickyNote,
} from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { Kbd } from "@quartet/ui/kbd";
import { Label } from "@quartet/ui/label";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage, isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { type ReactNode, useEffect, useId, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { atLeast } from "../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import {
  AttachButton,
  DropZone,
  MessageAttachments,
  PendingAttachments,
  useAttachmentUploads,
} from "./attachments.tsx";
import { CustomFieldsPanel } from "./custom-fields-panel.tsx";
import { useLiveTicket } from "./desk-live.tsx";
import { PRIORITIES, PriorityLabel, STATUS_TRANSITIONS, StatusBadge } from "./desk-shared.tsx";
import { MacroPicker } from "./macro-picker.tsx";
import { MergeTicketDialog } from "./merge-ticket-dialog.tsx";
import { SlaBadge, slaActivityText } from "./sla-badge.tsx";
import { TagChips, TagInput } from "./tag-input.tsx";
import { TicketCcPanel, TicketFollowersPanel } from "./ticket-followers-panel.tsx";
import { TicketNotesPanel } from "./ticket-notes-panel.tsx";
import {
  PresenceAvatars,
  PresenceNotice,
  type TicketPresence,
  useTicketPresence,
} from "./ticket-presence.tsx";

type Ticket = RouterOutputs["deskTickets"]["get"];
type Message = Ticket["messages"][number];
type Activity = Ticket["activities"][number];
type Member = RouterOutputs["members"]["list"]["members"][number];

/** /w/:slug/desk/:ticketId — conversation, properties, requester and activity of one ticket. */
export function TicketDetailPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const { ticketId = "" } = useParams();
  // `/desk/1042` names the ticket by its number: found, it moves to the ticket's own address.
  const byNumber = /^\d{1,9}$/.test(ticketId) ? Number(ticketId) : null;
  const retry = (n: number, e: unknown) => !isMissingRecord(e) && n < 2;
  const byId = trpc.deskTickets.get.useQuery(
    { orgId: org.id, ticketId },
    { retry, enabled: byNumber === null },
  );
  const numbered = trpc.deskTickets.getByNumber.useQuery(
    { orgId: org.id, number: byNumber ?? 1 },
    { retry, enabled: byNumber !== null },
  );
  const ticket = byNumber === null ? byId : numbered;
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  useEffect(() => {
    if (byNumber === null || !numbered.data) return;
    utils.deskTickets.get.setData({ orgId: org.id, ticketId: numbered.data.id }, numbered.data);
    navigate(`/w/${org.slug}/desk/${numbered.data.id}`, { replace: true });
  }, [byNumber, numbered.data, utils, navigate, org.id, org.slug]);
  useDocumentTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : t("desk.title"));
  const back = (
    <Link
      to={`/w/${org.slug}/desk`}
      className="mb-4 inline-flex items-center gap-1.5 rounded-sm text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
      {t("desk.detail.back")}
    </Link>
  );

  if (ticket.isPending) {
    return (
      <Page role="status" aria-live="polite">
        <span className="sr-only">{t("common.loading")}</span>
        <Skeleton className="mb-4 h-4 w-28" />
        <Skeleton className="mb-2 h-7 w-96 max-w-full" />
        <Skeleton className="mb-8 h-4 w-64" />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
          <div className="grid content-start gap-4">
            <Skeleton className="h-28" />
            <Skeleton className="h-28" />
            <Skeleton className="h-36" />
          </div>
          <SkeletonLines lines={6} />
        </div>
      </Page>
    );
  }
  if (ticket.isError) {
    return (
      <Page>
        {back}
        {isMissingRecord(ticket.error) ? (
          <EmptyState
            icon={SearchX}
            title={t("desk.detail.notFoundTitle")}
            description={t("desk.detail.notFoundBody")}
            action={
              <Button asChild>
                <Link to={`/w/${org.slug}/desk`}>{t("desk.detail.back")}</Link>
              </Button>
            }
          />
        ) : (
          <ErrorState error={ticket.error} onRetry={() => ticket.refetch()} retrying={ticket.isFetching} />
        )}
      </Page>
    );
  }
  return (
    <Page>
      {back}
      <TicketView ticket={ticket.data} />
    </Page>
  );
}

function TicketView({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const canWork = atLeast(org.role, "AGENT");
  const members = trpc.members.list.useQuery({ orgId: org.id });
  const memberById = useMemo(
    () => new Map((members.data?.members ?? []).map((m) => [m.userId, m] as const)),
    [members.data],
  );
  const requesterName = ticket.contact?.name ?? ticket.contact?.email ?? t("desk.detail.requester");
  const [mergeOpen, setMergeOpen] = useState(false);
  const presence = useTicketPresence(org.id, ticket.id, ticket.messages);
  const live = useLiveTicket(org.id, ticket.id);
  const [propertiesOpen, setPropertiesOpen] = useState(false);

  return (
    <>
      {ticket.mergedInto ? (
        <div
          role="status"
          className="mb-4 flex flex-wrap items-center gap-2 rounded-lg border border-primary/30 bg-primary-soft p-3 text-sm text-primary-soft-foreground"
        >
          <GitMerge className="size-4 shrink-0" aria-hidden />
          <span>{t("desk.merge.banner", { number: `#${ticket.mergedInto.number}` })}</span>
          <Link
            to={`/w/${org.slug}/desk/${ticket.mergedInto.id}`}
            className="font-medium underline underline-offset-2"
          >
            {t("desk.merge.openSurvivor", { number: `#${ticket.mergedInto.number}` })}
          </Link>
        </div>
      ) : null}
      <header className="mb-6 grid gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm text-muted-foreground tabular-nums">#{ticket.number}</span>
          <StatusBadge status={ticket.status} />
          <PriorityLabel priority={ticket.priority} className="text-muted-foreground" />
          <SlaBadge ticket={ticket} />
          <PresenceAvatars others={presence.others} />
          {canWork && !ticket.mergedInto ? (
            <Button variant="outline" size="sm" className="ms-auto" onClick={() => setMergeOpen(true)}>
              <GitMerge aria-hidden />
              {t("desk.merge.button")}
            </Button>
          ) : null}
          {canWork ? (
            <Button variant="outline" size="sm" className={ticket.mergedInto ? "ms-auto" : undefined} asChild>
              <Link to={`/w/${org.slug}/desk/kb/articles/new?fromTicket=${ticket.id}`}>
                {t("kb.fromTicket")}
              </Link>
            </Button>
          ) : null}
        </div>
        <h1
          dir="auto"
          className="text-2xl font-semibold tracking-tight break-words"
          data-testid="ticket-subject"
        >
          {ticket.subject}
        </h1>
        <p className="text-sm text-muted-foreground">
          {t("desk.detail.openedBy", { name: requesterName })} · <RelativeTime date={ticket.createdAt} />
        </p>
        <Dialog open={propertiesOpen} onOpenChange={setPropertiesOpen}>
          <DialogTrigger asChild>
            <Button variant="outline" size="sm" className="justify-self-start lg:hidden">
              <SlidersHorizontal aria-hidden />
              {t("desk.detail.properties")}
            </Button>
          </DialogTrigger>
          <SheetContent side="end" title={t("desk.detail.properties")}>
            <PropertiesBody ticket={ticket} members={members.data?.members ?? []} canWork={canWork} />
          </SheetContent>
        </Dialog>
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="grid min-w-0 content-start gap-4">
          <section aria-label={t("desk.detail.conversation")} className="grid gap-3">
            <MessageBubble
              authorName={requesterName}
              fromCustomer
              internal={false}
              createdAt={ticket.createdAt}
              body={ticket.description}
              attachments={ticket.attachments}
            />
            {ticket.messages.map((m) => (
              <ConversationMessage key={m.id} message={m} />
            ))}
          </section>
          {ticket.mergedInto ? (
            <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
              {t("desk.merge.composerNote", { number: `#${ticket.mergedInto.number}` })}
            </p>
          ) : canWork ? (
            <Composer
              ticket={ticket}
              requesterName={requesterName}
              presence={presence}
              onComposing={live.setComposing}
            />
          ) : (
            <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
              {t("desk.detail.readOnly")}
            </p>
          )}
        </div>

        <aside className="grid content-start gap-4">
          <Panel title={t("ticketNotes.title")}>
            <TicketNotesPanel ticketId={ticket.id} canWrite={canWork} />
          </Panel>
          {/* Below lg the properties open in a sheet from the header (conversation first). */}
          <Panel title={t("desk.detail.properties")} className="hidden lg:block">
            <PropertiesBody ticket={ticket} members={members.data?.members ?? []} canWork={canWork} />
          </Panel>
          <Panel title={t("deskFollowers.followers.title")}>
            <TicketFollowersPanel
              ticketId={ticket.id}
              canWork={canWork}
              members={members.data?.members ?? []}
            />
          </Panel>
          {ticket.channel === "EMAIL" || canWork ? (
            <Panel title={t("deskFollowers.ccs.title")}>
              <TicketCcPanel ticketId={ticket.id} canWork={canWork && !ticket.mergedInto} />
            </Panel>
          ) : null}
          <Panel title={t("deskAgent.tags.title")}>
            <TagsEditor ticket={ticket} canEdit={canWork && !ticket.mergedInto} />
          </Panel>
          <FieldsPanel ticket={ticket} canEdit={canWork} />
          <Panel title={t("desk.detail.requester")}>
            {ticket.contact ? (
              <div className="flex min-w-0 items-center gap-3">
                <Avatar name={ticket.contact.name ?? ticket.contact.email} size="md" />
                <div className="grid min-w-0 text-sm">
                  <Link
                    to={`/w/${org.slug}/desk/contacts/${ticket.contact.id}`}
                    dir="auto"
                    className="truncate font-medium hover:underline"
                    title={t("contacts.requesterLink")}
                  >
                    {ticket.contact.name ?? ticket.contact.email}
                  </Link>
                  {/* Without a name the link above already shows the address: once is enough. */}
                  {ticket.contact.email && ticket.contact.name ? (
                    <a
                      href={`mailto:${ticket.contact.email}`}
                      dir="ltr"
                      className="truncate text-muted-foreground hover:underline rtl:text-right"
                    >
                      {ticket.contact.email}
                    </a>
                  ) : null}
                  {ticket.contact.phone ? (
                    <span dir="ltr" className="truncate text-muted-foreground rtl:text-right">
                      {ticket.contact.phone}
                    </span>
                  ) : null}
                </div>
              </div>
            ) : (
              <p className="text-sm text-muted-foreground">—</p>
            )}
            <dl className="mt-3 grid gap-2 border-t pt-3 text-sm">
              <Prop label={t("desk.detail.channel")}>{t(`desk.channel.${ticket.channel}`)}</Prop>
              <Prop label={t("desk.detail.created")}>
                <RelativeTime date={ticket.createdAt} style="short" />
              </Prop>
              {ticket.firstResponseAt ? (
                <Prop label={t("desk.detail.firstResponse")}>
                  <RelativeTime date={ticket.firstResponseAt} style="short" />
                </Prop>
              ) : null}
            </dl>
          </Panel>
          <Panel title={t("desk.detail.activity")}>
            <ol className="grid gap-3">
              {ticket.activities.map((a) => (
                <ActivityItem key={a.id} activity={a} memberById={memberById} />
              ))}
            </ol>
          </Panel>
        </aside>
      </div>
      {canWork ? <MergeTicketDialog open={mergeOpen} onOpenChange={setMergeOpen} source={ticket} /> : null}
    </>
  );
}

/** The ticket's tags: chips, and for agents an input suggesting the workspace's tags. */
function TagsEditor({ ticket, canEdit }: { ticket: Ticket; canEdit: boolean }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const update = trpc.deskTickets.update.useMutation();
  if (!canEdit) {
    return ticket.tags.length ? (
      <TagChips tags={ticket.tags} />
    ) : (
      <p className="text-sm text-muted-foreground">{t("deskAgent.tags.none")}</p>
    );
  }
  const save = async (tags: string[]) => {
    try {
      const next = await update.mutateAsync({ orgId: org.id, ticketId: ticket.id, tags });
      utils.deskTickets.get.setData({ orgId: org.id, ticketId: ticket.id }, next);
      void utils.deskTickets.list.invalidate({ orgId: org.id });
      void utils.deskTickets.tags.invalidate({ orgId: org.id });
      toast.success(t("deskAgent.tags.saved"));
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };
  return <TagInput value={ticket.tags} onChange={(tags) => void save(tags)} disabled={update.isPending} />;
}

/** Custom fields of the workspace, shown only when it has some. */
function FieldsPanel({ ticket, canEdit }: { ticket: Ticket; canEdit: boolean }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const fields = trpc.deskFields.list.useQuery({ orgId: org.id });
  if (!fields.data?.length) return null;
  return (
    <Panel title={t("desk.fields.title")}>
      <CustomFieldsPanel
        ticketId={ticket.id}
        values={(ticket.customFields ?? {}) as Record<string, unknown>}
        canEdit={canEdit}
      />
    </Panel>
  );
}

/** Status, priority and assignee: editable for agents, read-only for members. */
function PropertiesBody({
  ticket,
  members,
  canWork,
}: {
  ticket: Ticket;
  members: Member[];
  canWork: boolean;
}) {
  const { t } = useTranslation();
  if (canWork) return <Properties ticket={ticket} members={members} />;
  return (
    <dl className="grid gap-3 text-sm">
      <Prop label={t("desk.columns.status")}>
        <StatusBadge status={ticket.status} />
      </Prop>
      <Prop label={t("desk.columns.priority")}>
        <PriorityLabel priority={ticket.priority} />
      </Prop>
      <Prop label={t("desk.columns.assignee")}>
        {ticket.assignee ? (ticket.assignee.name ?? ticket.assignee.email) : t("desk.unassigned")}
      </Prop>
    </dl>
  );
}

function Panel({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={cn("rounded-lg border bg-card p-4", className)}>
      <h2 id={id} className="mb-3 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Prop({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-3">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 truncate text-end">{children}</dd>
    </div>
  );
}

function ConversationMessage({ message }: { message: Message }) {
  const author = message.authorUser ?? message.authorContact;
  const name = author ? (author.name ?? author.email ?? "—") : "—";
  return (
    <MessageBubble
      authorName={name}
      avatarUrl={message.authorUser?.avatarUrl}
      fromCustomer={!message.authorUser}
      internal={message.isInternal}
      createdAt={message.createdAt}
      body={message.message}
      attachments={message.attachments}
    />
  );
}

function MessageBubble({
  authorName,
  avatarUrl,
  fromCustomer,
  internal,
  createdAt,
  body,
  attachments = [],
}: {
  attachments?: Message["attachments"];
  authorName: string;
  avatarUrl?: string | null;
  fromCustomer: boolean;
  internal: boolean;
  createdAt: Date | string;
  body: string;
}) {
  const { t } = useTranslation();
  return (
    <article
      className={cn(
        "rounded-lg border p-4",
        internal
          ? "border-warning/50 bg-warning-soft text-warning-soft-foreground"
          : fromCustomer
            ? "bg-card"
            : "border-primary/20 bg-primary-soft/40",
      )}
    >
      <header className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <Avatar name={authorName} src={avatarUrl} size="sm" />
        <span dir="auto" className="font-medium text-foreground">
          {authorName}
        </span>
        {internal ? (
          <Badge variant="warning" className="border border-warning/50">
            <Lock aria-hidden />
            {t("desk.detail.internal")}
          </Badge>
        ) : fromCustomer ? (
          <Badge variant="outline">{t("desk.detail.customer")}</Badge>
        ) : null}
        <RelativeTime date={createdAt} className="ms-auto text-xs text-muted-foreground" />
      </header>
      {/* Each paragraph takes its own direction (a French reply quoting an Arabic message reads right). */}
      <p
        dir="auto"
        className={cn(
          "text-sm break-words whitespace-pre-wrap [unicode-bidi:plaintext]",
          !internal && "text-foreground",
        )}
      >
        {body}
      </p>
      <MessageAttachments attachments={attachments} />
    </article>
  );
}

function Composer({
  ticket,
  requesterName,
  presence,
  onComposing,
}: {
  ticket: Ticket;
  requesterName: string;
  presence: TicketPresence;
  /** A draft is (or no longer is) in progress: live refetches wait for it (desk-live.ts). */
  onComposing: (composing: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const add = trpc.deskTickets.addMessage.useMutation();
  const [internal, setInternal] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const uploads = useAttachmentUploads(org.id);
  // Sending while a message from someone else is not on screen yet: "Send anyway" keeps the status.
  const [confirming, setConfirming] = useState<{ status?: "PENDING" | "RESOLVED" } | null>(null);

  const send = async (status?: "PENDING" | "RESOLVED", anyway = false) => {
    if (add.isPending) return;
    if (!text.trim()) {
      setError(t("desk.composer.empty"));
      return;
    }
    if (uploads.uploading) {
      setError(t("desk.attachments.wait"));
      return;
    }
    if (presence.unseen && !anyway) {
      setConfirming({ status });
      return;
    }
    setConfirming(null);
    setError(null);
    try {
      await add.mutateAsync({
        orgId: org.id,
        ticketId: ticket.id,
        message: text,
        isInternal: internal,
        attachmentIds: uploads.ids,
        ...(status && !internal ? { status } : {}),
      });
      setText("");
      onComposing(false);
      presence.stopTyping();
      uploads.reset();
      await Promise.all([
        utils.deskTickets.get.invalidate({ orgId: org.id, ticketId: ticket.id }),
        utils.deskTickets.list.invalidate({ orgId: org.id }),
      ]);
      toast.success(
        internal
          ? t("desk.composer.noteAdded")
          : status === "PENDING"
            ? t("macros.send.sentPending")
            : status === "RESOLVED"
              ? t("macros.send.sentResolved")
              : t("desk.composer.replySent"),
      );
    } catch (e) {
      setError(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <DropZone
      uploads={uploads}
      enabled={!add.isPending}
      className={cn(
        "grid gap-3 rounded-lg border p-3 shadow-xs transition-colors",
        internal ? "border-warning/60 bg-warning-soft" : "bg-card",
      )}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <PresenceNotice
        others={presence.others}
        unseen={presence.unseen}
        confirming={confirming !== null}
        onShow={() => {
          setConfirming(null);
          void utils.deskTickets.get.invalidate({ orgId: org.id, ticketId: ticket.id });
        }}
        onSendAnyway={() => void send(confirming?.status, true)}
      />
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="sr-only">{t("desk.composer.mode")}</legend>
        <ModeButton active={!internal} onClick={() => setInternal(false)}>
          <MessageSquare aria-hidden />
          {t("desk.composer.reply")}
        </ModeButton>
        <ModeButton active={internal} onClick={() => setInternal(true)}>
          <StickyNote aria-hidden />
          {t("desk.composer.note")}
        </ModeButton>
      </fieldset>
      <Label htmlFor={id} className={cn("text-sm", internal && "text-warning-soft-foreground")}>
        {internal ? t("desk.composer.noteLabel") : t("desk.composer.replyLabel", { name: requesterName })}
      </Label>
      <Textarea
        id={id}
        rows={4}
        value={text}
        aria-invalid={error ? true : undefined}
        placeholder={internal ? t("desk.composer.notePlaceholder") : t("desk.composer.replyPlaceholder")}
        onChange={(e) => {
          setText(e.target.value);
          onComposing(e.target.value.trim() !== "");
          presence.typed();
          if (error) setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            // Ctrl+Shift+Enter: send and resolve; Ctrl+Alt+Enter: send and set Pending.
            void send(internal ? undefined : e.shiftKey ? "RESOLVED" : e.altKey ? "PENDING" : undefined);
          }
        }}
        className="bg-background"
      />
      <PendingAttachments uploads={uploads} />
      <FormError>{error}</FormError>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-1">
          <AttachButton uploads={uploads} disabled={add.isPending} />
          <MacroPicker
            ticketId={ticket.id}
            onText={(macroText) => {
              setText((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${macroText}` : macroText));
              if (macroText.trim()) onComposing(true);
              setError(null);
            }}
          />
        </div>
        <span className="hidden text-xs text-muted-foreground sm:inline">
          <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> {t("desk.composer.toSend")}
        </span>
        <div className="ms-auto flex items-center">
          <Button
            type="submit"
            loading={add.isPending}
            disabled={uploads.uploading}
            className={cn(!internal && "rounded-e-none")}
          >
            {internal ? <Lock aria-hidden /> : <Send aria-hidden className="rtl:-scale-x-100" />}
            {internal ? t("desk.composer.addNote") : t("desk.composer.sendReply")}
          </Button>
          {internal ? null : (
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button
                  type="button"
                  size="icon"
                  disabled={add.isPending || uploads.uploading}
                  aria-label={t("macros.send.more")}
                  className="rounded-s-none border-s border-primary-foreground/30"
                >
                  <ChevronDown aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem onSelect={() => void send("PENDING")}>
                  {t("macros.send.pending")}
                  <span className="ms-auto ps-4 text-xs text-muted-foreground">
                    <Kbd>Ctrl</Kbd>+<Kbd>Alt</Kbd>+<Kbd>Enter</Kbd>
                  </span>
                </DropdownMenuItem>
                <DropdownMenuItem onSelect={() => void send("RESOLVED")}>
                  {t("macros.send.resolved")}
                  <span className="ms-auto ps-4 text-xs text-muted-foreground">
                    <Kbd>Ctrl</Kbd>+<Kbd>Shift</Kbd>+<Kbd>Enter</Kbd>
                  </span>
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          )}
        </div>
      </div>
    </DropZone>
  );
}

function ModeButton({
  active,
  onClick,
  children,
}: {
  active: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      type="button"
      size="sm"
      variant={active ? "secondary" : "ghost"}
      aria-pressed={active}
      onClick={onClick}
      className={cn(active && "bg-background shadow-xs")}
    >
      {children}
    </Button>
  );
}

function Properties({ ticket, members }: { ticket: Ticket; members: Member[] }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const update = trpc.deskTickets.update.useMutation();
  const ids = { status: useId(), priority: useId(), assignee: useId() };
  const agents = members.filter((m) => atLeast(m.role, "AGENT") && !m.disabled);
  const statusOptions: TicketStatus[] = [ticket.status, ...STATUS_TRANSITIONS[ticket.status]];

  const change = async (
    patch: { status?: TicketStatus; priority?: TicketPriority; assigneeId?: string | null },
    done: string,
  ) => {
    try {
      const next = await update.mutateAsync({ orgId: org.id, ticketId: ticket.id, ...patch });
      utils.deskTickets.get.setData({ orgId: org.id, ticketId: ticket.id }, next);
      void utils.deskTickets.list.invalidate({ orgId: org.id });
      toast.success(done);
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <div className="grid gap-3">
      <div className="grid gap-1.5">
        <Label htmlFor={ids.status}>{t("desk.columns.status")}</Label>
        <NativeSelect
          id={ids.status}
          value={ticket.status}
          disabled={update.isPending}
          onChange={(e) => {
            const status = e.target.value as TicketStatus;
            void change({ status }, t("desk.detail.statusChanged", { status: t(`desk.status.${status}`) }));
          }}
        >
          {statusOptions.map((s) => (
            <option key={s} value={s}>
              {t(`desk.status.${s}`)}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={ids.priority}>{t("desk.columns.priority")}</Label>
        <NativeSelect
          id={ids.priority}
          value={ticket.priority}
          disabled={update.isPending}
          onChange={(e) => {
            const priority = e.target.value as TicketPriority;
            void change(
              { priority },
              t("desk.detail.priorityChanged", { priority: t(`desk.priority.${priority}`) }),
            );
          }}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`desk.priority.${p}`)}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={ids.assignee}>{t("desk.columns.assignee")}</Label>
        <NativeSelect
          id={ids.assignee}
          value={ticket.assignee?.id ?? ""}
          disabled={update.isPending}
          onChange={(e) => {
            const assigneeId = e.target.value || null;
            const who = agents.find((m) => m.userId === assigneeId);
            void change(
              { assigneeId },
              who
                ? t("desk.detail.assigned", { name: who.name ?? who.email })
                : t("desk.detail.unassignedDone"),
            );
          }}
        >
          <option value="">{t("desk.unassigned")}</option>
          {ticket.assignee && !agents.some((m) => m.userId === ticket.assignee?.id) ? (
            <option value={ticket.assignee.id}>{ticket.assignee.name ?? ticket.assignee.email}</option>
          ) : null}
          {agents.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name ?? m.email}
            </option>
          ))}
        </NativeSelect>
      </div>
    </div>
  );
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

function ActivityItem({ activity, memberById }: { activity: Activity; memberById: Map<string, Member> }) {
  const { t } = useTranslation();
  const actor = activity.actor ? (activity.actor.name ?? activity.actor.email) : t("desk.activity.system");
  const personName = (id: unknown) => {
    const m = typeof id === "string" ? memberById.get(id) : undefined;
    return m ? (m.name ?? m.email) : t("desk.activity.someone");
  };
  const oldV = activity.oldValue;
  const newV = activity.newValue;
  let text: string;
  switch (activity.actionType) {
    case "created":
      text = t("desk.activity.created", { actor });
      break;
    case "status_changed":
      text = t("desk.activity.statusChanged", {
        actor,
        from: t(`desk.status.${str(oldV) ?? "OPEN"}`),
        to: t(`desk.status.${str(newV) ?? "OPEN"}`),
      });
      break;
    case "priority_changed":
      text = t("desk.activity.priorityChanged", {
        actor,
        from: t(`desk.priority.${str(oldV) ?? "MEDIUM"}`),
        to: t(`desk.priority.${str(newV) ?? "MEDIUM"}`),
      });
      break;
    case "assigned":
      text = newV
        ? t("desk.activity.assigned", { actor, name: personName(newV) })
        : t("desk.activity.unassigned", { actor });
      break;
    case "replied":
      text = t("desk.activity.replied", { actor });
      break;
    case "internal_note_added":
      text = t("desk.activity.noteAdded", { actor });
      break;
    case "first_response":
      text = t("desk.activity.firstResponse");
      break;
    case "tags_changed": {
      const list = (v: unknown) =>
        Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
      const [before, after] = [list(oldV), list(newV)];
      const added = after.filter((x) => !before.includes(x)).join(", ");
      const removed = before.filter((x) => !after.includes(x)).join(", ");
      text =
        added && removed
          ? t("deskAgent.activity.tagsAddedRemoved", { actor, added, removed })
          : added
            ? t("deskAgent.activity.tagsAdded", { actor, added })
            : removed
              ? t("deskAgent.activity.tagsRemoved", { actor, removed })
              : t("desk.activity.tagsChanged", { actor });
      break;
    }
    case "ccs_changed": {
      const list = (v: unknown) =>
        Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
      const [before, after] = [list(oldV), list(newV)];
      const added = after.filter((x) => !before.includes(x)).join(", ");
      const removed = before.filter((x) => !after.includes(x)).join(", ");
      text =
        added && !removed
          ? t("deskFollowers.activity.ccsAdded", { actor, added })
          : removed && !added
            ? t("deskFollowers.activity.ccsRemoved", { actor, removed })
            : t("deskFollowers.activity.ccsChanged", { actor });
      break;
    }
    case "team_changed":
      text = t("desk.activity.teamChanged", { actor });
      break;
    case "custom_fields_changed":
      text = t("desk.powerActivity.fieldsChanged", { actor });
      break;
    case "requester_merged": {
      const who = (v: unknown) => {
        const c = v as { name?: string | null; email?: string | null } | null;
        return c?.name ?? c?.email ?? t("desk.activity.someone");
      };
      text = t("contacts.activity.requesterMerged", { actor, from: who(oldV), to: who(newV) });
      break;
    }
    case "merged_into":
    case "merged_from": {
      const n = (newV as { number?: number } | null)?.number;
      text = t(`desk.powerActivity.${activity.actionType === "merged_into" ? "mergedInto" : "mergedFrom"}`, {
        actor,
        number: n ? `#${n}` : "",
      });
      break;
    }
    case "sla_warning":
    case "sla_breached":
    case "sla_escalated":
      text = slaActivityText(t, activity.actionType, newV);
      break;
    default:
      text = t("desk.activity.updated", { actor });
  }
  return (
    <li className="relative grid gap-0.5 ps-4 text-sm before:absolute before:start-0 before:top-1.5 before:size-2 before:rounded-full before:bg-border">
      <span>{text}</span>
      <RelativeTime date={activity.createdAt} className="text-xs text-muted-foreground" />
    </li>
  );
}
