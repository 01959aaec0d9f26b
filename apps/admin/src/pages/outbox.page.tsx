import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { CopyButton } from "@quartet/ui/copy-button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { ArrowLeft, ExternalLink, Inbox, MailOpen } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { LIST_ITEM_ATTRIBUTE, useListNavigation } from "@quartet/ui/lib/shortcuts";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Skeleton, SkeletonLines } from "@quartet/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@quartet/ui/tabs";
import { useMemo, useRef } from "react";
import { Link, useLocation, useParams } from "react-router";
import { retryUnlessMissing } from "../components/detail-page.tsx";
import { cursorPaging, ListEmptyState, LoadMore, PagedListStates } from "../components/paged-list.tsx";
import { SearchField } from "../components/search-field.tsx";
import { type MailDetail, type MailRow, trpc } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";
import { useSearchText, useUrlFilters } from "../lib/use-url-filters.ts";

/** Mail captured by the offline transport: a list, and the selected message beside it (alone on phones). */
export default function OutboxPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("outbox.title"));
  const { mailId } = useParams();
  const { search } = useLocation();
  return (
    <Page className="max-w-none">
      <PageHeader
        title={t("outbox.title")}
        description={t("outbox.description")}
        className={cn(mailId && "hidden lg:flex")}
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(20rem,26rem)_1fr] lg:items-start">
        <div className={cn("min-w-0", mailId && "hidden lg:block")}>
          <MailList selectedId={mailId} />
        </div>
        <div className={cn("min-w-0", !mailId && "hidden lg:block")}>
          {mailId ? (
            <>
              <Link
                to={`/outbox${search}`}
                className="mb-3 inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground lg:hidden"
              >
                <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
                {t("outbox.back")}
              </Link>
              <MailView id={mailId} />
            </>
          ) : (
            <div className="flex h-full min-h-80 flex-col items-center justify-center gap-2 rounded-lg border border-dashed text-sm text-muted-foreground">
              <MailOpen className="size-5" aria-hidden />
              {t("outbox.pick")}
            </div>
          )}
        </div>
      </div>
    </Page>
  );
}

function MailList({ selectedId }: { selectedId?: string }) {
  const { t } = useTranslation("admin");
  const filters = useUrlFilters(["q"] as const);
  const { text, setText, value: q } = useSearchText(filters, "q");
  const listRef = useRef<HTMLUListElement>(null);
  useListNavigation(listRef);
  const list = trpc.outbox.list.useInfiniteQuery(
    { q: q || undefined, limit: 50 },
    { ...cursorPaging, refetchInterval: 15_000 },
  );
  return (
    <div className="grid gap-3">
      <SearchField
        value={text}
        onChange={setText}
        label={t("outbox.searchLabel")}
        placeholder={t("outbox.searchPlaceholder")}
      />
      <PagedListStates
        list={list}
        compactError
        loading={
          <div className="grid gap-px overflow-hidden rounded-lg border" aria-busy>
            {Array.from({ length: 6 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
              <div key={i} className="grid gap-2 bg-card px-3 py-3">
                <Skeleton className="h-3.5 w-2/3" />
                <Skeleton className="h-3 w-1/2" />
              </div>
            ))}
          </div>
        }
        empty={
          <ListEmptyState
            icon={Inbox}
            filtered={Boolean(q)}
            title={t("outbox.emptyTitle")}
            description={t("outbox.emptyDescription")}
            noMatchTitle={t("outbox.noMatchTitle")}
            noMatchDescription={t("outbox.noMatchDescription", { q })}
            clearLabel={t("common.clearSearch")}
            onClear={() => setText("")}
          />
        }
      >
        {(rows) => (
          <>
            <ul
              ref={listRef}
              className="divide-y overflow-hidden rounded-lg border bg-card lg:max-h-[calc(100dvh-16rem)] lg:overflow-y-auto"
              aria-label={t("outbox.listLabel")}
            >
              {rows.map((m) => (
                <MailListItem key={m.id} mail={m} selected={m.id === selectedId} />
              ))}
            </ul>
            <LoadMore list={list} />
          </>
        )}
      </PagedListStates>
    </div>
  );
}

function MailListItem({ mail, selected }: { mail: MailRow; selected: boolean }) {
  const { t } = useTranslation("admin");
  const { search } = useLocation();
  return (
    <li>
      <Link
        to={`/outbox/${mail.id}${search}`}
        {...{ [LIST_ITEM_ATTRIBUTE]: "" }}
        aria-current={selected ? "page" : undefined}
        className={cn(
          "grid grid-cols-[minmax(0,1fr)] gap-0.5 px-3 py-2.5 text-sm transition-colors hover:bg-subtle focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring",
          selected && "bg-primary-soft/60 hover:bg-primary-soft/70",
        )}
      >
        <span className="flex min-w-0 items-baseline justify-between gap-2">
          <span className="min-w-0 truncate font-medium">{mail.subject}</span>
          <RelativeTime
            date={mail.createdAt}
            style="short"
            className="shrink-0 text-xs text-muted-foreground"
          />
        </span>
        <span className="flex min-w-0 items-center justify-between gap-2">
          <span className="min-w-0 truncate text-xs text-muted-foreground">
            {t("outbox.to", { to: mail.toAddress })}
          </span>
          {mail.emailLog ? (
            <Badge variant="outline" className="shrink-0">
              {t(`emailTypes.${mail.emailLog.emailType}`, { defaultValue: mail.emailLog.emailType })}
            </Badge>
          ) : null}
        </span>
      </Link>
    </li>
  );
}

/** Only http(s) links from the plain-text part, so offline flows (verify, reset, invite) can be followed. */
function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
}

function MailView({ id }: { id: string }) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const mail = trpc.outbox.get.useQuery({ id }, { retry: retryUnlessMissing });
  if (mail.isPending) {
    return (
      <div className="grid gap-4 rounded-lg border bg-card p-5" aria-busy>
        <Skeleton className="h-6 w-2/3" />
        <SkeletonLines lines={3} />
        <Skeleton className="h-80 w-full" />
      </div>
    );
  }
  if (mail.isError) {
    return isMissingRecord(mail.error) ? (
      <EmptyState
        icon={Inbox}
        title={t("outbox.notFoundTitle")}
        description={t("outbox.notFoundDescription")}
      />
    ) : (
      <ErrorState error={mail.error} onRetry={() => mail.refetch()} retrying={mail.isFetching} />
    );
  }
  const m = mail.data;
  return (
    <article className="grid gap-4 rounded-lg border bg-card p-4 sm:p-5" aria-labelledby="mail-subject">
      <header className="grid gap-3">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h2 id="mail-subject" className="text-xl font-semibold leading-tight">
            {m.subject}
          </h2>
          {m.emailLog ? (
            <span className="flex gap-1.5">
              <Badge variant="outline">
                {t(`emailTypes.${m.emailLog.emailType}`, { defaultValue: m.emailLog.emailType })}
              </Badge>
              <Badge variant="neutral">{m.emailLog.locale}</Badge>
            </span>
          ) : null}
        </div>
        <dl className="grid gap-x-3 gap-y-1 text-sm sm:grid-cols-[5rem_1fr]">
          <dt className="text-muted-foreground">{t("outbox.from")}</dt>
          <dd className="min-w-0 break-words">{m.fromAddress}</dd>
          <dt className="text-muted-foreground">{t("outbox.toLabel")}</dt>
          <dd className="min-w-0 break-words">{m.toAddress}</dd>
          <dt className="text-muted-foreground">{t("outbox.date")}</dt>
          <dd>
            {viewer.dateTime(m.createdAt, { dateStyle: "medium", timeStyle: "medium" })}{" "}
            <span className="text-muted-foreground">
              (<RelativeTime date={m.createdAt} />)
            </span>
          </dd>
          {m.emailLog?.userId ? (
            <>
              <dt className="text-muted-foreground">{t("outbox.user")}</dt>
              <dd>
                <Link to={`/users/${m.emailLog.userId}`} className="text-primary hover:underline">
                  {t("outbox.openUser")}
                </Link>
              </dd>
            </>
          ) : null}
        </dl>
      </header>
      <Tabs defaultValue="html">
        <TabsList aria-label={t("outbox.partsLabel")}>
          <TabsTrigger value="html">{t("outbox.tabHtml")}</TabsTrigger>
          <TabsTrigger value="text">{t("outbox.tabText")}</TabsTrigger>
          <TabsTrigger value="headers">{t("outbox.tabHeaders")}</TabsTrigger>
        </TabsList>
        <TabsContent value="html">
          <HtmlPreview mail={m} />
        </TabsContent>
        <TabsContent value="text" className="grid gap-4">
          <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded-md border bg-subtle p-3 font-mono text-xs">
            {m.text}
          </pre>
          <MailLinks text={m.text} />
        </TabsContent>
        <TabsContent value="headers">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-48">{t("outbox.headerName")}</TableHead>
                <TableHead>{t("outbox.headerValue")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              <TableRow>
                <TableCell className="font-mono text-xs text-muted-foreground">Message-ID</TableCell>
                <TableCell className="break-all font-mono text-xs">{m.messageId}</TableCell>
              </TableRow>
              {Object.entries(m.headers).map(([k, v]) => (
                <TableRow key={k}>
                  <TableCell className="font-mono text-xs text-muted-foreground">{k}</TableCell>
                  <TableCell className="break-all font-mono text-xs">{v}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TabsContent>
      </Tabs>
    </article>
  );
}

function MailLinks({ text }: { text: string }) {
  const { t } = useTranslation("admin");
  const links = useMemo(() => linksIn(text), [text]);
  if (links.length === 0) return null;
  return (
    <section className="grid gap-2" aria-labelledby="mail-links">
      <h3 id="mail-links" className="text-sm font-semibold">
        {t("outbox.links")}
      </h3>
      <ul className="grid gap-1.5">
        {links.map((href) => (
          <li key={href} className="flex flex-wrap items-center gap-2 text-sm">
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              className="inline-flex min-w-0 items-center gap-1 break-all text-primary hover:underline"
            >
              <ExternalLink className="size-3.5 shrink-0" aria-hidden />
              {href}
            </a>
            <CopyButton value={href} size="sm" variant="ghost" />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The HTML part in a fully sandboxed frame: no scripts, no same-origin access to the console.
 * Links open in a new tab so offline mail (verification, reset) can still be followed.
 */
function HtmlPreview({ mail }: { mail: MailDetail }) {
  const { t } = useTranslation("admin");
  const srcDoc = useMemo(() => {
    const head = `<meta charset="utf-8"><base target="_blank"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'; font-src data:">`;
    // Templates send whole documents: put our head first in theirs; wrap bare fragments.
    return /<head[^>]*>/i.test(mail.html)
      ? mail.html.replace(/<head[^>]*>/i, (tag) => `${tag}${head}`)
      : `<!doctype html><html><head>${head}</head><body>${mail.html}</body></html>`;
  }, [mail.html]);
  return (
    <iframe
      title={t("outbox.previewTitle", { subject: mail.subject })}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      className="h-[36rem] w-full rounded-md border bg-white"
    />
  );
}
