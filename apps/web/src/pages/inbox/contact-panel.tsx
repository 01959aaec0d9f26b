import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { Checkbox } from "@quartet/ui/checkbox";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { ErrorState } from "@quartet/ui/error-state";
import { Plus, Tag, Ticket } from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { Label } from "@quartet/ui/label";
import { errorMessage, isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { SkeletonLines } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { type ReactNode, useEffect, useId, useState } from "react";
import { Link } from "react-router";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { ChannelIcon, LabelChip, useContactName } from "./inbox-shared.tsx";
import type { ConversationDetail, ConversationStatus, Platform } from "./inbox-types.ts";
import { SnoozeMenu } from "./snooze-menu.tsx";

function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="grid gap-2 border-b px-4 py-4 last:border-b-0">
      <div className="flex items-center justify-between gap-2">
        <h3 id={id} className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          {title}
        </h3>
        {action}
      </div>
      {children}
    </section>
  );
}

/** The person and the conversation's properties: who, labels, assignee, status, snooze, notes, tickets. */
export function ContactPanel({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const detail = trpc.inboxConversations.get.useQuery(
    { orgId: org.id, conversationId },
    { retry: (n, e) => !isMissingRecord(e) && n < 2 },
  );
  if (detail.isPending)
    return (
      <div className="grid gap-4 p-4" role="status">
        <span className="sr-only">{t("common.loading")}</span>
        <SkeletonLines lines={8} />
      </div>
    );
  if (detail.isError)
    return (
      <div className="p-4">
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} retrying={detail.isFetching} />
      </div>
    );
  return <PanelBody conversation={detail.data} />;
}

function PanelBody({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const canWork = atLeast(org.role, "AGENT");
  const contactName = useContactName();
  const name = contactName(c.contact?.name ?? c.contactName);
  const contact = trpc.deskContacts.get.useQuery(
    { orgId: org.id, contactId: c.contact?.id ?? "" },
    { enabled: Boolean(c.contact) },
  );
  const handles = contactHandles(c, contact.data?.identities ?? []);

  return (
    <div className="grid" data-testid="contact-panel">
      <div className="flex items-center gap-3 border-b px-4 py-4">
        <Avatar name={name} src={c.contact?.avatarUrl ?? c.contactAvatarUrl} size="lg" />
        <div className="grid min-w-0">
          <h2 dir="auto" className="truncate text-base font-semibold">
            {c.contact ? (
              <Link to={`/w/${org.slug}/desk/contacts/${c.contact.id}`} className="hover:underline">
                {name}
              </Link>
            ) : (
              name
            )}
          </h2>
          {c.contact?.company ? (
            <p dir="auto" className="truncate text-sm text-muted-foreground">
              {c.contact.company}
            </p>
          ) : null}
          <p className="text-xs text-muted-foreground">
            {t("inbox.contact.since")} <RelativeTime date={c.createdAt} />
          </p>
        </div>
      </div>

      <Section title={t("inbox.contact.identities")}>
        <ul className="grid gap-1.5 text-sm">
          {handles.map((h) => (
            <li key={`${h.channel}:${h.value}`} className="flex min-w-0 items-center gap-2">
              {isPlatform(h.channel) ? (
                <ChannelIcon platform={h.channel} size="xs" />
              ) : (
                <span
                  role="img"
                  aria-label={h.channel === "EMAIL" ? t("inbox.contact.email") : t("inbox.contact.phone")}
                  className="w-4 text-center text-xs text-muted-foreground"
                >
                  {h.channel === "EMAIL" ? "@" : "☎"}
                </span>
              )}
              {h.channel === "EMAIL" ? (
                <a href={`mailto:${h.value}`} dir="ltr" className="truncate hover:underline">
                  {h.value}
                </a>
              ) : (
                <span dir="ltr" className="truncate">
                  {h.value}
                </span>
              )}
            </li>
          ))}
        </ul>
      </Section>

      {canWork ? <Properties conversation={c} /> : null}
      <LabelsSection conversation={c} canEdit={canWork} />
      {c.contact ? (
        <ContactNotes contactId={c.contact.id} notes={contact.data?.notes ?? null} canEdit={canWork} />
      ) : null}
      <TicketsSection conversation={c} canWork={canWork} />
    </div>
  );
}

/**
 * Where the person can be reached, each once: this conversation's handle, the contact's email and
 * phone, and their other channels. Platform ids are stored scoped (`<account>:<id>`): the id is
 * what people recognise; a WhatsApp id is a phone number.
 */
function contactHandles(
  c: ConversationDetail,
  identities: { channel: string; value: string }[],
): { channel: string; value: string }[] {
  const show = (channel: string, value: string) => {
    if (channel === "EMAIL" || channel === "PHONE") return value;
    const id = value.slice(value.lastIndexOf(":") + 1);
    return channel === "WHATSAPP" && /^\d+$/.test(id) ? `+${id}` : id;
  };
  const all = [
    {
      channel: c.connection.platform,
      value: c.contactUsername ? `@${c.contactUsername}` : show(c.connection.platform, c.contactExternalId),
    },
    ...(c.contact?.email ? [{ channel: "EMAIL", value: c.contact.email }] : []),
    ...(c.contact?.phone ? [{ channel: "PHONE", value: c.contact.phone }] : []),
    ...identities.map((i) => ({ channel: i.channel, value: show(i.channel, i.value) })),
  ];
  const seen = new Set<string>();
  return all.filter((h) => {
    const key = `${h.channel}:${h.value.replace(/^@/, "").toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const isPlatform = (v: string): v is Platform =>
  ["TIKTOK", "WHATSAPP", "FACEBOOK", "INSTAGRAM", "WEBCHAT", "SANDBOX"].includes(v);

function Properties({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const members = trpc.members.list.useQuery({ orgId: org.id }, { staleTime: 60_000 });
  const agents = (members.data?.members ?? []).filter((m) => atLeast(m.role, "AGENT") && !m.disabled);
  const assign = trpc.inboxConversations.assign.useMutation();
  const setStatus = trpc.inboxConversations.setStatus.useMutation();
  const ids = { assignee: useId(), status: useId() };

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      await utils.inboxConversations.invalidate();
      toast.success(done);
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };
  const snoozed = c.snoozedUntil && new Date(c.snoozedUntil) > new Date();

  return (
    <Section title={t("inbox.contact.conversation")}>
      <div className="grid gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor={ids.assignee}>{t("inbox.contact.assignee")}</Label>
          <NativeSelect
            id={ids.assignee}
            value={c.assignedTo?.id ?? ""}
            disabled={assign.isPending}
            onChange={(e) => {
              const userId = e.target.value || null;
              const who = agents.find((m) => m.userId === userId);
              void run(
                () => assign.mutateAsync({ orgId: org.id, conversationId: c.id, userId }),
                who
                  ? t("inbox.contact.assigned", { name: who.name ?? who.email })
                  : t("inbox.contact.unassigned"),
              );
            }}
          >
            <option value="">{t("inbox.contact.nobody")}</option>
            {c.assignedTo && !agents.some((m) => m.userId === c.assignedTo?.id) ? (
              <option value={c.assignedTo.id}>{c.assignedTo.name}</option>
            ) : null}
            {agents.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.email}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={ids.status}>{t("inbox.contact.status")}</Label>
          <NativeSelect
            id={ids.status}
            value={c.status}
            disabled={setStatus.isPending}
            onChange={(e) => {
              const status = e.target.value as ConversationStatus;
              void run(
                () => setStatus.mutateAsync({ orgId: org.id, conversationId: c.id, status }),
                t("inbox.contact.statusChanged", { status: t(`inbox.conversationStatus.${status}`) }),
              );
            }}
          >
            {(["OPEN", "CLOSED", "ARCHIVED"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`inbox.conversationStatus.${s}`)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex items-center justify-between gap-2 text-sm">
          <span className="text-muted-foreground">
            {snoozed ? (
              <>
                {t("inbox.contact.snoozedUntil")} <RelativeTime date={c.snoozedUntil as Date} />
              </>
            ) : (
              t("inbox.contact.notSnoozed")
            )}
          </span>
          <SnoozeMenu conversationId={c.id} snoozedUntil={c.snoozedUntil} />
        </div>
      </div>
    </Section>
  );
}

function LabelsSection({ conversation: c, canEdit }: { conversation: ConversationDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const labels = trpc.inboxLabels.list.useQuery({ orgId: org.id }, { staleTime: 60_000 });
  const setLabels = trpc.inboxConversations.setLabels.useMutation();
  const current = new Set(c.labels.map((l) => l.id));
  const toggle = async (labelId: string) => {
    const next = new Set(current);
    if (next.has(labelId)) next.delete(labelId);
    else next.add(labelId);
    try {
      await setLabels.mutateAsync({ orgId: org.id, conversationId: c.id, labelIds: [...next] });
      await utils.inboxConversations.invalidate();
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };
  return (
    <Section
      title={t("inbox.contact.labels")}
      action={
        canEdit ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button
                variant="ghost"
                size="icon-sm"
                aria-label={t("inbox.contact.editLabels")}
                title={t("inbox.contact.editLabels")}
              >
                <Tag aria-hidden />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end" className="min-w-48">
              <DropdownMenuLabel>{t("inbox.contact.labels")}</DropdownMenuLabel>
              {(labels.data ?? []).map((l) => (
                <DropdownMenuItem
                  key={l.id}
                  onSelect={(e) => {
                    e.preventDefault();
                    void toggle(l.id);
                  }}
                >
                  <Checkbox
                    checked={current.has(l.id)}
                    tabIndex={-1}
                    aria-hidden
                    className="pointer-events-none"
                  />
                  <span className="size-2 rounded-full" style={{ background: l.color }} aria-hidden />
                  <span className="truncate">{l.name}</span>
                  <span className="sr-only">
                    {current.has(l.id) ? t("inbox.contact.labelOn") : t("inbox.contact.labelOff")}
                  </span>
                </DropdownMenuItem>
              ))}
              {labels.data?.length ? <DropdownMenuSeparator /> : null}
              <DropdownMenuItem asChild>
                <Link to={`/w/${org.slug}/inbox/settings/labels`}>
                  <Plus aria-hidden />
                  {t("inbox.contact.manageLabels")}
                </Link>
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null
      }
    >
      {c.labels.length ? (
        <ul className="flex flex-wrap gap-1.5">
          {c.labels.map((l) => (
            <li key={l.id}>
              <LabelChip name={l.name} color={l.color} className="h-6 max-w-none text-xs" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">{t("inbox.contact.noLabels")}</p>
      )}
    </Section>
  );
}

/** What agents keep about the person (the shared Contact's notes), saved on blur or Save. */
function ContactNotes({
  contactId,
  notes,
  canEdit,
}: {
  contactId: string;
  notes: string | null;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const update = trpc.deskContacts.update.useMutation();
  const [draft, setDraft] = useState(notes ?? "");
  const id = useId();
  useEffect(() => setDraft(notes ?? ""), [notes]);
  const dirty = draft !== (notes ?? "");
  const save = async () => {
    if (!dirty) return;
    try {
      await update.mutateAsync({ orgId: org.id, contactId, notes: draft.trim() || null });
      await utils.deskContacts.get.invalidate({ orgId: org.id, contactId });
      toast.success(t("inbox.contact.notesSaved"));
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };
  return (
    <Section title={t("inbox.contact.notes")}>
      {canEdit ? (
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Label htmlFor={id} className="sr-only">
            {t("inbox.contact.notes")}
          </Label>
          <Textarea
            id={id}
            rows={3}
            dir="auto"
            value={draft}
            placeholder={t("inbox.contact.notesPlaceholder")}
            onChange={(e) => setDraft(e.target.value)}
          />
          {dirty ? (
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" size="sm" onClick={() => setDraft(notes ?? "")}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" size="sm" loading={update.isPending}>
                {t("inbox.contact.saveNotes")}
              </Button>
            </div>
          ) : null}
        </form>
      ) : (
        <p dir="auto" className="text-sm whitespace-pre-wrap text-muted-foreground">
          {notes || t("inbox.contact.noNotes")}
        </p>
      )}
    </Section>
  );
}

function TicketsSection({
  conversation: c,
  canWork,
}: {
  conversation: ConversationDetail;
  canWork: boolean;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const tickets = trpc.deskTickets.list.useQuery(
    { orgId: org.id, contactId: c.contact?.id, limit: 5 },
    { enabled: Boolean(c.contact) },
  );
  const createTicket = trpc.inboxConversations.createTicket.useMutation();
  const deskUtils = trpc.useUtils();
  const create = async () => {
    try {
      const made = await createTicket.mutateAsync({ orgId: org.id, conversationId: c.id });
      await Promise.all([utils.inboxConversations.invalidate(), deskUtils.deskTickets.list.invalidate()]);
      toast.success(t("inbox.contact.ticketCreated", { number: made.number }));
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };
  const items = tickets.data?.items ?? [];
  return (
    <Section title={t("inbox.contact.tickets")}>
      {c.ticket ? (
        <Button asChild variant="outline" size="sm" className="justify-start">
          <Link to={`/w/${org.slug}/desk/${c.ticket.id}`}>
            <Ticket aria-hidden />
            {t("inbox.contact.openTicket", { number: c.ticket.number })}
          </Link>
        </Button>
      ) : canWork ? (
        <Button
          variant="outline"
          size="sm"
          className="justify-start"
          loading={createTicket.isPending}
          onClick={() => void create()}
        >
          <Plus aria-hidden />
          {t("inbox.contact.createTicket")}
        </Button>
      ) : null}
      {tickets.isPending && c.contact ? (
        <SkeletonLines lines={2} />
      ) : items.filter((tk) => tk.id !== c.ticket?.id).length ? (
        <ul className="grid gap-1">
          {items
            .filter((tk) => tk.id !== c.ticket?.id)
            .map((tk) => (
              <li key={tk.id}>
                <Link
                  to={`/w/${org.slug}/desk/${tk.id}`}
                  className="grid rounded-md px-2 py-1.5 text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
                >
                  <span className="flex items-center gap-2">
                    <span className="font-mono text-xs text-muted-foreground">#{tk.number}</span>
                    <span dir="auto" className="truncate font-medium">
                      {tk.subject}
                    </span>
                  </span>
                  <span className="text-xs text-muted-foreground">
                    {t(`desk.status.${tk.status}`)} · <RelativeTime date={tk.updatedAt} style="short" />
                  </span>
                </Link>
              </li>
            ))}
        </ul>
      ) : c.ticket ? null : (
        <p className="text-sm text-muted-foreground">{t("inbox.contact.noTickets")}</p>
      )}
    </Section>
  );
}
