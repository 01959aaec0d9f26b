import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { Plus, UsersRound } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { useRef } from "react";
import { Link, useNavigate } from "react-router";
import { ListSearchInput } from "../../../components/list-search-input.tsx";
import { PagedList } from "../../../components/paged-list.tsx";
import { atLeast } from "../../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useListParams } from "../../../lib/use-list-params.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { DeskNav } from "../desk-nav.tsx";
import { ContactFormDialog } from "./contact-form-dialog.tsx";

type ContactRow = RouterOutputs["deskContacts"]["list"]["items"][number];

const PAGE_SIZE = 25;

/** How a contact is named in lists, titles and dialogs. */
export function contactLabel(c: { name: string | null; email: string | null }, fallback: string): string {
  return c.name ?? c.email ?? fallback;
}

/** /w/:slug/desk/contacts — the workspace's customers: search by name, email or phone, newest first. */
export function ContactsListPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const canWork = atLeast(org.role, "AGENT");
  const { params, setParam, query, setQuery, q } = useListParams();
  const listRef = useRef<HTMLDivElement>(null);
  useListNavigation(listRef);
  useDocumentTitle(t("contacts.title"));
  const newOpen = params.get("new") === "1" && canWork;

  const list = trpc.deskContacts.list.useInfiniteQuery(
    { orgId: org.id, q: q || undefined, limit: PAGE_SIZE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (prev) => prev },
  );

  const newButton = canWork ? (
    <Button onClick={() => setParam("new", "1")}>
      <Plus aria-hidden />
      {t("contacts.newContact")}
    </Button>
  ) : null;

  return (
    <Page>
      <PageHeader title={t("contacts.title")} description={t("contacts.description")} actions={newButton} />
      <DeskNav />
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <ListSearchInput value={query} onChange={setQuery} label={t("contacts.list.search")} />
      </div>
      <div ref={listRef}>
        <PagedList
          query={list}
          skeletonColumns={5}
          filtered={Boolean(q)}
          noMatch={{
            title: t("contacts.list.noMatchTitle"),
            description: t("contacts.list.noMatchBody"),
            clearLabel: t("contacts.list.clearSearch"),
            onClear: () => setQuery(""),
          }}
          empty={{
            icon: UsersRound,
            title: t("contacts.list.emptyTitle"),
            description: t("contacts.list.emptyBody"),
            action: newButton,
          }}
          labels={{ loadMore: t("contacts.list.loadMore"), end: t("contacts.list.end") }}
        >
          {(items) => <ContactsTable items={items} />}
        </PagedList>
      </div>
      {canWork ? (
        <ContactFormDialog
          open={newOpen}
          onOpenChange={(o) => setParam("new", o ? "1" : null)}
          onSaved={(c) => navigate(`/w/${org.slug}/desk/contacts/${c.id}`)}
        />
      ) : null}
    </Page>
  );
}

const rowClasses =
  "relative cursor-pointer has-[a:focus-visible]:bg-primary-soft/60 has-[a:focus-visible]:shadow-[inset_3px_0_0_var(--color-primary)]";

function ContactsTable({ items }: { items: ContactRow[] }) {
  const { t, i18n } = useTranslation();
  const org = useWorkspace();
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Table wrapperClassName="max-h-[70vh]">
      <TableHeader>
        <TableRow>
          <TableHead>{t("contacts.list.columns.name")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("contacts.list.columns.phone")}</TableHead>
          <TableHead className="hidden lg:table-cell">{t("contacts.list.columns.company")}</TableHead>
          <TableHead className="text-end">{t("contacts.list.columns.tickets")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("contacts.list.columns.added")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((c) => {
          const label = contactLabel(c, t("contacts.noName"));
          return (
            <TableRow key={c.id} className={rowClasses}>
              <TableCell className="max-w-0 min-w-48 align-top">
                <div className="flex min-w-0 items-center gap-3">
                  <Avatar name={label} src={c.avatarUrl} size="md" />
                  <div className="grid min-w-0">
                    <span className="truncate" dir="auto">
                      <Link
                        to={`/w/${org.slug}/desk/contacts/${c.id}`}
                        data-list-item
                        className="font-medium outline-none after:absolute after:inset-0 after:content-[''] hover:underline"
                      >
                        {label}
                      </Link>
                    </span>
                    <span dir="ltr" className="truncate text-xs text-muted-foreground rtl:text-right">
                      {c.name ? c.email : null}
                      <span className="md:hidden">
                        {c.phone ? `${c.name && c.email ? " · " : ""}${c.phone}` : null}
                      </span>
                    </span>
                  </div>
                </div>
              </TableCell>
              <TableCell className="hidden align-top whitespace-nowrap text-muted-foreground md:table-cell">
                <span dir="ltr">{c.phone ?? "—"}</span>
              </TableCell>
              <TableCell dir="auto" className="hidden max-w-48 truncate align-top lg:table-cell">
                {c.company ?? "—"}
              </TableCell>
              <TableCell className="text-end align-top tabular-nums">
                {number.format(c.ticketCount)}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap align-top text-muted-foreground sm:table-cell">
                <RelativeTime date={c.createdAt} style="short" />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
