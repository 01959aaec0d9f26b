import { Page } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { ArrowLeft, Building2, GitMerge, Inbox, Mail, Pencil, Phone, SearchX } from "@quartet/ui/icons";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import { type ReactNode, useId, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { PagedList } from "../../../components/paged-list.tsx";
import { atLeast } from "../../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { TicketsTable } from "../tickets-table.tsx";
import { ContactFormDialog } from "./contact-form-dialog.tsx";
import { ContactConversations, useChannelName } from "./contact-inbox.tsx";
import { ContactPrivacy } from "./contact-privacy.tsx";
import { contactLabel } from "./contacts-list.tsx";
import { MergeContactDialog } from "./merge-contact-dialog.tsx";

type Contact = RouterOutputs["deskContacts"]["get"];

const PAGE_SIZE = 25;

/**
 * /w/:slug/desk/contacts/:contactId — who the person is, every ticket they opened and their Inbox
 * conversations, edit and merge; owners and admins export or erase their data (GDPR).
 */
export function ContactDetailPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const { contactId = "" } = useParams();
  const contact = trpc.deskContacts.get.useQuery(
    { orgId: org.id, contactId },
    { retry: (n, e) => !isMissingRecord(e) && n < 2 },
  );
  useDocumentTitle(contact.data ? contactLabel(contact.data, t("contacts.noName")) : t("contacts.title"));
  const back = (
    <Link
      to={`/w/${org.slug}/desk/contacts`}
      className="mb-4 inline-flex items-center gap-1.5 rounded-sm text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
      {t("contacts.detail.back")}
    </Link>
  );

  if (contact.isPending) {
    return (
      <Page role="status" aria-live="polite">
        <span className="sr-only">{t("common.loading")}</span>
        <Skeleton className="mb-4 h-4 w-28" />
        <div className="mb-8 flex items-center gap-4">
          <Skeleton className="size-12 rounded-full" />
          <div className="grid gap-2">
            <Skeleton className="h-7 w-64 max-w-full" />
            <Skeleton className="h-4 w-48" />
          </div>
        </div>
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <Skeleton className="h-64" />
          <SkeletonLines lines={6} />
        </div>
      </Page>
    );
  }
  if (contact.isError) {
    return (
      <Page>
        {back}
        {isMissingRecord(contact.error) ? (
          <EmptyState
            icon={SearchX}
            title={t("contacts.detail.notFoundTitle")}
            description={t("contacts.detail.notFoundBody")}
            action={
              <Button asChild>
                <Link to={`/w/${org.slug}/desk/contacts`}>{t("contacts.detail.back")}</Link>
              </Button>
            }
          />
        ) : (
          <ErrorState error={contact.error} onRetry={() => contact.refetch()} retrying={contact.isFetching} />
        )}
      </Page>
    );
  }
  return (
    <Page>
      {back}
      <ContactView contact={contact.data} />
    </Page>
  );
}

function ContactView({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const org = useWorkspace();
  const canWork = atLeast(org.role, "AGENT");
  const canAdmin = atLeast(org.role, "ADMIN");
  const overview = trpc.deskContacts.overview.useQuery({ orgId: org.id, contactId: contact.id });
  const channelName = useChannelName();
  const [editOpen, setEditOpen] = useState(false);
  const [mergeOpen, setMergeOpen] = useState(false);
  const name = contactLabel(contact, t("contacts.noName"));
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <>
      <header className="mb-6 flex flex-wrap items-start gap-4">
        <div className="flex min-w-0 flex-[1_1_20rem] items-center gap-4">
          <Avatar name={name} src={contact.avatarUrl} size="lg" />
          <div className="grid min-w-0 gap-1">
            <h1 dir="auto" className="text-2xl font-semibold tracking-tight break-words">
              {name}
            </h1>
            <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground [&_svg]:size-4 [&_svg]:shrink-0">
              {contact.email && contact.name ? (
                <span className="inline-flex min-w-0 items-center gap-1.5">
                  <Mail aria-hidden />
                  <span dir="ltr" className="truncate">
                    {contact.email}
                  </span>
                </span>
              ) : null}
              {contact.phone ? (
                <span className="inline-flex items-center gap-1.5">
                  <Phone aria-hidden />
                  <span dir="ltr">{contact.phone}</span>
                </span>
              ) : null}
              {contact.company ? (
                <span className="inline-flex items-center gap-1.5">
                  <Building2 aria-hidden />
                  <bdi>{contact.company}</bdi>
                </span>
              ) : null}
            </p>
          </div>
        </div>
        {canWork ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" onClick={() => setEditOpen(true)}>
              <Pencil aria-hidden />
              {t("contacts.detail.edit")}
            </Button>
            <Button variant="outline" onClick={() => setMergeOpen(true)}>
              <GitMerge aria-hidden />
              {t("contacts.detail.merge")}
            </Button>
          </div>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <section aria-labelledby="contact-tickets" className="grid min-w-0 content-start gap-3">
          <h2 id="contact-tickets" className="flex items-center gap-2 text-base font-semibold">
            {t("contacts.detail.tickets")}
            <Badge className="tabular-nums">{number.format(contact.ticketCount)}</Badge>
          </h2>
          <ContactTickets contactId={contact.id} />
        </section>
        <ContactConversations overview={overview} />
        <aside className="grid content-start gap-4 lg:col-start-2 lg:row-start-1 lg:row-span-2">
          <Panel title={t("contacts.detail.details")}>
            <dl className="grid gap-3 text-sm">
              <Detail icon={<Mail aria-hidden />} label={t("contacts.detail.email")}>
                {contact.email ? (
                  <a href={`mailto:${contact.email}`} dir="ltr" className="break-all hover:underline">
                    {contact.email}
                  </a>
                ) : (
                  "—"
                )}
              </Detail>
              <Detail icon={<Phone aria-hidden />} label={t("contacts.detail.phone")}>
                {contact.phone ? (
                  <a
                    href={`tel:${contact.phone.replace(/[^0-9+]/g, "")}`}
                    dir="ltr"
                    className="hover:underline"
                  >
                    {contact.phone}
                  </a>
                ) : (
                  "—"
                )}
              </Detail>
              <Detail icon={<Building2 aria-hidden />} label={t("contacts.detail.company")}>
                <bdi>{contact.company ?? "—"}</bdi>
              </Detail>
              <div className="flex items-center justify-between gap-3 border-t pt-3">
                <dt className="text-muted-foreground">{t("contacts.detail.added")}</dt>
                <dd>
                  <RelativeTime date={contact.createdAt} style="short" />
                </dd>
              </div>
            </dl>
          </Panel>
          {contact.identities.length > 0 ? (
            <Panel title={t("contacts.detail.otherAddresses")}>
              <ul className="grid gap-2 text-sm">
                {contact.identities.map((i) => (
                  <li key={i.id} className="grid">
                    <span dir="ltr" className="break-all rtl:text-right">
                      {i.value}
                    </span>
                    <span className="text-xs text-muted-foreground">{channelName(i.channel)}</span>
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-xs text-muted-foreground">{t("contacts.detail.otherAddressesHint")}</p>
            </Panel>
          ) : null}
          <Panel title={t("contacts.detail.notes")}>
            {contact.notes ? (
              <p dir="auto" className="text-sm break-words whitespace-pre-wrap [unicode-bidi:plaintext]">
                {contact.notes}
              </p>
            ) : (
              <p className="text-sm text-muted-foreground">{t("contacts.detail.noNotes")}</p>
            )}
          </Panel>
        </aside>
      </div>

      {canAdmin && overview.data ? (
        <div className="mt-10">
          <ContactPrivacy contact={contact} name={name} confirmText={overview.data.erasureConfirmation} />
        </div>
      ) : null}

      {canWork ? (
        <>
          <ContactFormDialog open={editOpen} onOpenChange={setEditOpen} contact={contact} />
          <MergeContactDialog open={mergeOpen} onOpenChange={setMergeOpen} contact={contact} />
        </>
      ) : null}
    </>
  );
}

/** Every ticket of the contact, most recently active first, a page at a time. */
function ContactTickets({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const listRef = useRef<HTMLDivElement>(null);
  useListNavigation(listRef);
  const list = trpc.deskTickets.list.useInfiniteQuery(
    { orgId: org.id, contactId, limit: PAGE_SIZE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  return (
    <div ref={listRef}>
      <PagedList
        query={list}
        skeletonColumns={4}
        filtered={false}
        noMatch={{ title: "", description: "", clearLabel: "", onClear: () => {} }}
        empty={{
          icon: Inbox,
          title: t("contacts.detail.ticketsEmptyTitle"),
          description: t("contacts.detail.ticketsEmptyBody"),
        }}
        labels={{ loadMore: t("contacts.list.loadMore"), end: t("contacts.detail.ticketsEnd") }}
      >
        {(items) => <TicketsTable items={items} showRequester={false} />}
      </PagedList>
    </div>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="rounded-lg border bg-card p-4">
      <h2 id={id} className="mb-3 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Detail({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="flex items-center gap-1.5 text-xs text-muted-foreground [&_svg]:size-3.5">
        {icon}
        {label}
      </dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
