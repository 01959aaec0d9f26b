import type { ArticleStatus } from "@quartet/db/enums";
import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { BookOpenText, Plus, X } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useListNavigation } from "@quartet/ui/lib/shortcuts";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@quartet/ui/table";
import { useRef } from "react";
import { Link } from "react-router";
import { ListSearchInput } from "../../../components/list-search-input.tsx";
import { PagedList } from "../../../components/paged-list.tsx";
import { atLeast } from "../../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useListParams } from "../../../lib/use-list-params.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { DeskNav } from "../desk-nav.tsx";
import { CategoryPanel } from "./kb-categories.tsx";
import { ARTICLE_STATUSES, ArticleStatusBadge } from "./kb-shared.tsx";

type ArticleRow = RouterOutputs["deskKb"]["listArticles"]["items"][number];

const PAGE_SIZE = 25;

/** /w/:slug/desk/kb — categories on the left, the articles of the selection on the right. */
export function KbPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const canManage = atLeast(org.role, "ADMIN");
  const { params, setParams, setParam, query, setQuery, q } = useListParams();
  const listRef = useRef<HTMLDivElement>(null);
  useListNavigation(listRef);
  useDocumentTitle(t("kb.title"));

  const status = (params.get("status") as ArticleStatus | null) ?? undefined;
  const categoryId = params.get("category") ?? undefined;
  const filtered = Boolean(status || categoryId || q);

  const list = trpc.deskKb.listArticles.useInfiniteQuery(
    { orgId: org.id, status, categoryId, q: q || undefined, limit: PAGE_SIZE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (prev) => prev },
  );

  const clearFilters = () => {
    setQuery("");
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of ["status", "category", "q"]) next.delete(k);
        return next;
      },
      { replace: true },
    );
  };

  const newHref = `/w/${org.slug}/desk/kb/articles/new${categoryId ? `?category=${categoryId}` : ""}`;
  const newButton = (
    <Button asChild>
      <Link to={newHref}>
        <Plus aria-hidden />
        {t("kb.newArticle")}
      </Link>
    </Button>
  );

  const body = (
    <PagedList
      query={list}
      skeletonColumns={6}
      filtered={filtered}
      noMatch={{
        title: t("kb.list.noMatchTitle"),
        description: t("kb.list.noMatchBody"),
        clearLabel: t("kb.list.clearFilters"),
        onClear: clearFilters,
      }}
      empty={{
        icon: BookOpenText,
        title: t("kb.list.emptyTitle"),
        description: t("kb.list.emptyBody"),
        action: newButton,
      }}
      labels={{ loadMore: t("kb.list.loadMore"), end: t("kb.list.end") }}
    >
      {(items) => <ArticlesTable items={items} />}
    </PagedList>
  );

  return (
    <Page>
      <PageHeader title={t("kb.title")} description={t("kb.description")} actions={newButton} />
      <DeskNav />
      <div className="grid gap-6 md:grid-cols-[15rem_minmax(0,1fr)]">
        <CategoryPanel
          selectedId={categoryId ?? null}
          onSelect={(id) => setParam("category", id)}
          canManage={canManage}
        />
        <div className="grid min-w-0 content-start gap-4">
          <div className="flex flex-wrap items-center gap-2">
            <ListSearchInput value={query} onChange={setQuery} label={t("kb.list.search")} />
            <NativeSelect
              aria-label={t("kb.list.filterStatus")}
              className="h-8.5 w-auto min-w-36"
              value={status ?? ""}
              onChange={(e) => setParam("status", e.target.value || null)}
            >
              <option value="">{t("kb.list.allStatuses")}</option>
              {ARTICLE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`kb.status.${s}`)}
                </option>
              ))}
            </NativeSelect>
            {filtered ? (
              <Button variant="ghost" onClick={clearFilters}>
                <X aria-hidden />
                {t("kb.list.clearFilters")}
              </Button>
            ) : null}
          </div>
          <div ref={listRef}>{body}</div>
        </div>
      </div>
    </Page>
  );
}

const rowClasses =
  "relative cursor-pointer has-[a:focus-visible]:bg-primary-soft/60 has-[a:focus-visible]:shadow-[inset_3px_0_0_var(--color-primary)]";

function ArticlesTable({ items }: { items: ArticleRow[] }) {
  const { t, i18n } = useTranslation();
  const org = useWorkspace();
  const number = new Intl.NumberFormat(i18n.language);
  const percent = new Intl.NumberFormat(i18n.language, { style: "percent" });
  return (
    <Table wrapperClassName="max-h-[70vh]">
      <TableHeader>
        <TableRow>
          <TableHead>{t("kb.list.columns.title")}</TableHead>
          <TableHead>{t("kb.list.columns.status")}</TableHead>
          <TableHead className="hidden lg:table-cell">{t("kb.list.columns.category")}</TableHead>
          <TableHead className="hidden 2xl:table-cell">{t("kb.list.columns.author")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("kb.list.columns.updated")}</TableHead>
          <TableHead className="hidden text-end xl:table-cell">{t("kb.list.columns.views")}</TableHead>
          <TableHead className="hidden text-end md:table-cell">{t("kb.list.columns.helpful")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((a) => (
          <TableRow key={a.id} className={rowClasses}>
            <TableCell className="max-w-0 min-w-44 align-top">
              <div className="grid min-w-0">
                <span className="truncate" dir="auto">
                  <Link
                    to={`/w/${org.slug}/desk/kb/articles/${a.id}`}
                    data-list-item
                    className="font-medium outline-none after:absolute after:inset-0 after:content-[''] hover:underline"
                  >
                    {a.title}
                  </Link>
                </span>
                <span dir="auto" className="truncate text-xs text-muted-foreground">
                  <span className="lg:hidden">
                    <bdi>{a.category.name}</bdi> ·{" "}
                  </span>
                  {a.excerpt}
                </span>
              </div>
            </TableCell>
            <TableCell className="align-top">
              <ArticleStatusBadge status={a.status} />
            </TableCell>
            <TableCell className="hidden max-w-40 truncate align-top lg:table-cell">
              {a.category.name}
            </TableCell>
            <TableCell className="hidden max-w-40 truncate align-top text-muted-foreground 2xl:table-cell">
              {a.author?.name ?? a.author?.email ?? "—"}
            </TableCell>
            <TableCell className="hidden whitespace-nowrap align-top text-muted-foreground md:table-cell">
              <RelativeTime date={a.updatedAt} style="short" />
            </TableCell>
            <TableCell className="hidden text-end align-top tabular-nums xl:table-cell">
              {number.format(a.views)}
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-end align-top tabular-nums md:table-cell">
              {a.helpfulPercent === null ? (
                <span className="text-muted-foreground">{t("kb.list.noVotes")}</span>
              ) : (
                percent.format(a.helpfulPercent / 100)
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
