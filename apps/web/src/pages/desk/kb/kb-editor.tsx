import type { ArticleStatus } from "@quartet/db/enums";
import { Alert } from "@quartet/ui/alert";
import { Page } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { FormError, FormField } from "@quartet/ui/form-field";
import {
  ArrowLeft,
  Bold,
  Code,
  ExternalLink,
  Heading2,
  Italic,
  Link as LinkIcon,
  List,
  type LucideIcon,
  SearchX,
  TextQuote,
  Trash2,
} from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { Kbd } from "@quartet/ui/kbd";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage, fieldErrorsOf, isMissingRecord } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { Skeleton } from "@quartet/ui/skeleton";
import { Spinner } from "@quartet/ui/spinner";
import { toast } from "@quartet/ui/toaster";
import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from "react";
import { Link, useBlocker, useNavigate, useParams, useSearchParams } from "react-router";
import { atLeast } from "../../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import "../../help/help-prose.css";
import {
  ARTICLE_EDIT_ROLE,
  ARTICLE_TRANSITIONS,
  ArticleStatusBadge,
  flattenCategories,
  indentedName,
} from "./kb-shared.tsx";
import { applyEdit, type MarkdownCommand, markdownEdit } from "./markdown-commands.ts";

type Article = RouterOutputs["deskKb"]["getArticle"];

const CONTENT_MAX = 200_000;

function BackLink() {
  const { t } = useTranslation();
  const org = useWorkspace();
  return (
    <Link
      to={`/w/${org.slug}/desk/kb`}
      className="mb-4 inline-flex items-center gap-1.5 rounded-sm text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
      {t("kb.editor.back")}
    </Link>
  );
}

/** /w/:slug/desk/kb/articles/new — a blank draft, or `?fromTicket=<id>` drafts one from a ticket. */
export function KbArticleNewPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const fromTicket = params.get("fromTicket");
  useDocumentTitle(t("kb.editor.newTitle"));
  if (fromTicket) return <DraftFromTicket ticketId={fromTicket} />;
  return (
    <Page className="max-w-7xl">
      <BackLink />
      <ArticleEditor article={null} initialCategoryId={params.get("category")} />
    </Page>
  );
}

function DraftFromTicket({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const create = trpc.deskKb.createArticleFromTicket.useMutation();
  const started = useRef(false);
  const run = useCallback(() => {
    create.mutate(
      { orgId: org.id, ticketId },
      {
        onSuccess: ({ articleId }) => {
          toast.success(t("kb.editor.created"));
          navigate(`/w/${org.slug}/desk/kb/articles/${articleId}`, { replace: true });
        },
      },
    );
  }, [create, org.id, org.slug, ticketId, navigate, t]);
  // Once per visit (a ref survives StrictMode's double effect), or a reload would draft twice.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    run();
  }, [run]);

  return (
    <Page className="max-w-7xl">
      <BackLink />
      {create.isError ? (
        <ErrorState
          title={t("kb.editor.fromTicketError")}
          error={create.error}
          onRetry={run}
          retrying={create.isPending}
        />
      ) : (
        <div role="status" className="flex items-center gap-3 py-16 text-muted-foreground">
          <Spinner />
          {t("kb.editor.fromTicket")}
        </div>
      )}
    </Page>
  );
}

/** /w/:slug/desk/kb/articles/:articleId */
export function KbArticleEditPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const { articleId = "" } = useParams();
  const article = trpc.deskKb.getArticle.useQuery(
    { orgId: org.id, articleId },
    // The editor keeps its own copy: refetching behind the person's back would only confuse.
    { retry: (n, e) => !isMissingRecord(e) && n < 2, refetchOnWindowFocus: false, staleTime: Infinity },
  );
  useDocumentTitle(article.data?.title ?? t("kb.title"));

  let body: ReactNode;
  if (article.isPending) {
    body = (
      <div role="status" aria-live="polite" className="grid gap-4">
        <span className="sr-only">{t("common.loading")}</span>
        <Skeleton className="h-9 w-2/3" />
        <Skeleton className="h-9 w-64" />
        <div className="grid gap-4 lg:grid-cols-2">
          <Skeleton className="h-96" />
          <Skeleton className="hidden h-96 lg:block" />
        </div>
      </div>
    );
  } else if (article.isError) {
    body = isMissingRecord(article.error) ? (
      <EmptyState
        icon={SearchX}
        title={t("kb.editor.notFoundTitle")}
        description={t("kb.editor.notFoundBody")}
        action={
          <Button asChild>
            <Link to={`/w/${org.slug}/desk/kb`}>{t("kb.editor.back")}</Link>
          </Button>
        }
      />
    ) : (
      <ErrorState error={article.error} onRetry={() => article.refetch()} retrying={article.isFetching} />
    );
  } else {
    body = <ArticleEditor key={article.data.id} article={article.data} initialCategoryId={null} />;
  }
  return (
    <Page className="max-w-7xl">
      <BackLink />
      {body}
    </Page>
  );
}

interface Draft {
  title: string;
  categoryId: string;
  content: string;
  /** The help-center address; blank on a new article = derived from the title. */
  slug: string;
  /** Blank = the first paragraph (the server fills it in). */
  excerpt: string;
}

const DRAFT_KEYS = ["title", "categoryId", "content", "slug", "excerpt"] as const;

const draftOf = (a: Article): Draft => ({
  title: a.title,
  categoryId: a.category.id,
  content: a.content,
  slug: a.slug,
  excerpt: a.excerpt ?? "",
});
const sameDraft = (a: Draft, b: Draft) => DRAFT_KEYS.every((k) => a[k] === b[k]);

/** The server's rule for slugs (kb-article.schema): lower-case letters, digits, single dashes. */
const SLUG = /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;
const EXCERPT_MAX = 500;

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? "⌘" : "Ctrl";

const TOOLBAR: { command: MarkdownCommand; icon: LucideIcon; key?: string }[] = [
  { command: "bold", icon: Bold, key: "B" },
  { command: "italic", icon: Italic, key: "I" },
  { command: "heading", icon: Heading2 },
  { command: "link", icon: LinkIcon, key: "K" },
  { command: "list", icon: List },
  { command: "code", icon: Code },
  { command: "quote", icon: TextQuote },
];
const SHORTCUTS: Record<string, MarkdownCommand> = { b: "bold", i: "italic", k: "link" };

function ArticleEditor({
  article,
  initialCategoryId,
}: {
  article: Article | null;
  initialCategoryId: string | null;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const ids = useId();
  const tree = trpc.deskKb.categoryTree.useQuery({ orgId: org.id });
  const categories = flattenCategories(tree.data ?? []);

  const initial: Draft = article
    ? draftOf(article)
    : { title: "", categoryId: initialCategoryId ?? "", content: "", slug: "", excerpt: "" };
  const [saved, setSaved] = useState<Draft>(initial);
  const [draft, setDraft] = useState<Draft>(initial);
  const [current, setCurrent] = useState<Article | null>(article);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | ArticleStatus | null>(null);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [pane, setPane] = useState<"write" | "preview">("write");
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const leaving = useRef(false);

  const status: ArticleStatus = current?.status ?? "DRAFT";
  const canEdit = atLeast(org.role, ARTICLE_EDIT_ROLE[status]);
  const dirty = !sameDraft(draft, saved);

  // A new article without a chosen category goes to the first one (the server does the same).
  useEffect(() => {
    if (!draft.categoryId && categories[0]) {
      const first = categories[0].id;
      setDraft((d) => (d.categoryId ? d : { ...d, categoryId: first }));
      setSaved((s) => (s.categoryId || article ? s : { ...s, categoryId: first }));
    }
  }, [categories, draft.categoryId, article]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => (e[key] ? { ...e, [key]: "" } : e));
  };

  // ---- unsaved-changes guard: in-app navigation asks, closing the tab warns.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // ---- saving
  const fail = (error: unknown) => {
    const fields = fieldErrorsOf(error);
    const known = ["title", "content", "categoryId", "slug", "excerpt"];
    setErrors(Object.fromEntries(Object.entries(fields).filter(([k]) => known.includes(k))));
    const other = Object.keys(fields).some((k) => known.includes(k));
    setFormError(other ? null : errorMessage(error, t("errors.generic")));
  };

  const validate = (d: Draft): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!d.title.trim()) found.title = t("kb.editor.titleRequired");
    const slug = d.slug.trim();
    if (!slug && current) found.slug = t("kb.editor.slugRequired");
    else if (slug && !SLUG.test(slug)) found.slug = t("kb.editor.slugInvalid");
    else if (slug.length > 120) found.slug = t("kb.editor.slugTooLong");
    if (d.excerpt.trim().length > EXCERPT_MAX) found.excerpt = t("kb.editor.excerptTooLong");
    return found;
  };

  const save = async (): Promise<Article | null> => {
    const invalid = validate(draft);
    if (Object.keys(invalid).length > 0) {
      setErrors(invalid);
      return null;
    }
    setFormError(null);
    const snapshot = draft;
    try {
      if (!current) {
        const created = await utils.client.deskKb.createArticle.mutate({
          orgId: org.id,
          title: snapshot.title,
          content: snapshot.content,
          categoryId: snapshot.categoryId || null,
          slug: snapshot.slug.trim() || null,
          excerpt: snapshot.excerpt.trim() || null,
        });
        utils.deskKb.getArticle.setData({ orgId: org.id, articleId: created.id }, created);
        await invalidateLists();
        toast.success(t("kb.editor.created"));
        leaving.current = true;
        navigate(`/w/${org.slug}/desk/kb/articles/${created.id}`, { replace: true });
        return created;
      }
      const updated = await utils.client.deskKb.updateArticle.mutate({
        orgId: org.id,
        articleId: current.id,
        title: snapshot.title,
        content: snapshot.content,
        ...(snapshot.categoryId ? { categoryId: snapshot.categoryId } : {}),
        // Only what changed: an untouched generated excerpt keeps following the content.
        ...(snapshot.slug !== saved.slug ? { slug: snapshot.slug.trim() } : {}),
        ...(snapshot.excerpt !== saved.excerpt ? { excerpt: snapshot.excerpt.trim() } : {}),
      });
      accept(updated, snapshot);
      return updated;
    } catch (error) {
      fail(error);
      return null;
    }
  };

  const invalidateLists = () =>
    Promise.all([
      utils.deskKb.listArticles.invalidate({ orgId: org.id }),
      utils.deskKb.categoryTree.invalidate({ orgId: org.id }),
    ]);

  /**
   * The server's copy after a save or a move; what was typed meanwhile stays unsaved. Fields
   * untouched since sending take the server's value (a blank excerpt comes back filled in).
   */
  const accept = (next: Article, sent?: Draft) => {
    const server = draftOf(next);
    setCurrent(next);
    setSaved(server);
    setDraft((d) =>
      sent
        ? {
            title: d.title === sent.title ? server.title : d.title,
            categoryId: d.categoryId === sent.categoryId ? server.categoryId : d.categoryId,
            content: d.content === sent.content ? server.content : d.content,
            slug: d.slug === sent.slug ? server.slug : d.slug,
            excerpt: d.excerpt === sent.excerpt ? server.excerpt : d.excerpt,
          }
        : server,
    );
    setErrors({});
    utils.deskKb.getArticle.setData({ orgId: org.id, articleId: next.id }, next);
    void invalidateLists();
  };

  const onSave = async () => {
    if (busy || !canEdit) return;
    setBusy("save");
    const result = await save();
    setBusy(null);
    if (result && current) toast.success(t("kb.editor.saved"));
  };

  const remove = async () => {
    if (!current) return;
    // Errors stay in the dialog (it shows them); success leaves the editor for the list.
    await utils.client.deskKb.deleteArticle.mutate({ orgId: org.id, articleId: current.id });
    // Marked stale without a refetch: coming back to its address shows "not found", not a copy.
    await utils.deskKb.getArticle.invalidate(
      { orgId: org.id, articleId: current.id },
      { refetchType: "none" },
    );
    await invalidateLists();
    toast.success(t("kb.editor.deleted", { title: current.title }));
    leaving.current = true;
    navigate(`/w/${org.slug}/desk/kb`, { replace: true });
  };

  const move = async (to: ArticleStatus) => {
    if (busy || !current) return;
    setBusy(to);
    try {
      // Publishing (or submitting) what is on screen: unsaved edits are saved first.
      if (dirty && canEdit && !(await save())) return;
      const next = await utils.client.deskKb.setArticleStatus.mutate({
        orgId: org.id,
        articleId: current.id,
        status: to,
      });
      accept(next);
      toast.success(t(`kb.editor.moved.${to}`));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  // ⌘/Ctrl+S saves from anywhere on the page.
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void onSaveRef.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // ---- toolbar
  const runCommand = (command: MarkdownCommand) => {
    const el = textareaRef.current;
    if (!el || !canEdit) return;
    const edit = markdownEdit(
      command,
      { value: el.value, selectionStart: el.selectionStart, selectionEnd: el.selectionEnd },
      { text: t("kb.editor.placeholderText"), linkText: t("kb.editor.linkText") },
    );
    el.focus();
    el.setSelectionRange(edit.from, edit.to);
    // insertText keeps the browser's undo history; the fallback sets the value directly.
    const inserted = edit.text
      ? document.execCommand("insertText", false, edit.text)
      : document.execCommand("delete");
    if (!inserted) set("content", applyEdit(el.value, edit));
    requestAnimationFrame(() => el.setSelectionRange(edit.selectionStart, edit.selectionEnd));
  };

  // ---- preview (the server renders exactly what the help center will show)
  const debounced = useDebounced(draft.content, 300);
  const preview = trpc.deskKb.previewMarkdown.useMutation();
  const [html, setHtml] = useState<string | null>(current?.contentHtml ?? null);
  const latest = useRef(0);
  const previewMutate = preview.mutateAsync;
  useEffect(() => {
    if (!debounced.trim()) {
      setHtml("");
      return;
    }
    const seq = ++latest.current;
    previewMutate({ orgId: org.id, content: debounced.slice(0, CONTENT_MAX) }).then(
      (r) => seq === latest.current && setHtml(r.html),
      () => seq === latest.current && setHtml(null),
    );
  }, [debounced, org.id, previewMutate]);

  const transitions = Object.entries(ARTICLE_TRANSITIONS[status]).filter(([, role]) =>
    atLeast(org.role, role),
  ) as [ArticleStatus, string][];
  const helpUrl = current ? `/help/${org.slug}/articles/${current.slug}` : null;
  const canDelete = Boolean(current) && atLeast(org.role, "ADMIN");

  return (
    <form
      className="grid gap-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      {/* The page's heading at every width (the preview, which shows the title large, is hidden on a phone). */}
      <h1 className="sr-only">{current?.title ?? t("kb.editor.newTitle")}</h1>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
          <ArticleStatusBadge status={status} />
          <span aria-live="polite" className={cn(dirty && "text-warning-soft-foreground")}>
            {current ? (dirty ? t("kb.editor.unsaved") : t("kb.editor.allSaved")) : t("kb.editor.newTitle")}
          </span>
          {current ? (
            <span className="hidden sm:inline">
              {t("kb.editor.byline", {
                author: current.author?.name ?? current.author?.email ?? t("kb.editor.unknownAuthor"),
              })}{" "}
              <RelativeTime date={current.updatedAt} />
            </span>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {status === "PUBLISHED" && helpUrl ? (
            <Button variant="ghost" asChild>
              <a href={helpUrl} target="_blank" rel="noopener">
                <ExternalLink aria-hidden />
                {t("kb.editor.viewInHelpCenter")}
              </a>
            </Button>
          ) : null}
          {canDelete ? (
            <Button
              type="button"
              variant="ghost"
              className="text-destructive-soft-foreground hover:bg-destructive-soft hover:text-destructive-soft-foreground"
              disabled={busy !== null}
              onClick={() => setDeleteOpen(true)}
            >
              <Trash2 aria-hidden />
              {t("kb.editor.delete")}
            </Button>
          ) : null}
          {transitions.map(([to]) => (
            <Button
              key={to}
              type="button"
              variant={to === "REVIEW" || to === "PUBLISHED" ? "secondary" : "outline"}
              loading={busy === to}
              disabled={busy !== null && busy !== to}
              onClick={() => void move(to)}
            >
              {status === "PUBLISHED" && to === "DRAFT"
                ? t("kb.editor.actions.unpublish")
                : t(`kb.editor.actions.${to}`)}
            </Button>
          ))}
          {canEdit ? (
            <Button
              type="submit"
              loading={busy === "save"}
              disabled={(busy !== null && busy !== "save") || (Boolean(current) && !dirty)}
              title={`${mod}+S`}
            >
              {t("kb.editor.save")}
              <Kbd className="ms-1 hidden border-primary-foreground/40 bg-transparent text-primary-foreground md:inline-flex">
                {mod}+S
              </Kbd>
            </Button>
          ) : null}
        </div>
      </div>

      {!canEdit && status !== "DRAFT" ? (
        <Alert variant="info">{t(`kb.editor.readOnly.${status}`)}</Alert>
      ) : null}
      <FormError>{formError}</FormError>

      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_16rem]">
        <FormField label={t("kb.editor.titleLabel")} error={errors.title}>
          <Input
            value={draft.title}
            onChange={(e) => set("title", e.target.value)}
            placeholder={t("kb.editor.titlePlaceholder")}
            maxLength={200}
            readOnly={!canEdit}
            autoFocus={!current}
            className="h-10 text-base font-medium"
          />
        </FormField>
        <FormField label={t("kb.editor.category")} error={errors.categoryId}>
          <NativeSelect
            className="h-10"
            value={draft.categoryId}
            onChange={(e) => set("categoryId", e.target.value)}
            disabled={!canEdit}
          >
            {categories.length === 0 ? <option value="">{t("kb.editor.defaultCategory")}</option> : null}
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {indentedName(c)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          className="min-w-0"
          label={t("kb.editor.slug")}
          error={errors.slug}
          hint={
            <>
              <span className="block">
                {t("kb.editor.address")}:{" "}
                <span dir="ltr" className="font-mono break-all">
                  /help/{org.slug}/articles/{draft.slug.trim() || t("kb.editor.slugAuto")}
                </span>
              </span>
              {status === "PUBLISHED" && current && draft.slug !== saved.slug ? (
                <span className="block text-warning-soft-foreground">{t("kb.editor.slugPublishedHint")}</span>
              ) : null}
            </>
          }
        >
          <Input
            value={draft.slug}
            onChange={(e) => set("slug", e.target.value)}
            placeholder={current ? undefined : t("kb.editor.slugPlaceholder")}
            maxLength={120}
            readOnly={!canEdit}
            dir="ltr"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            className="font-mono text-sm"
          />
        </FormField>
        <FormField
          className="min-w-0"
          label={t("kb.editor.excerpt")}
          error={errors.excerpt}
          hint={t("kb.editor.excerptHint", { used: draft.excerpt.trim().length, max: EXCERPT_MAX })}
        >
          <Textarea
            value={draft.excerpt}
            onChange={(e) => set("excerpt", e.target.value)}
            placeholder={t("kb.editor.excerptPlaceholder")}
            maxLength={EXCERPT_MAX}
            readOnly={!canEdit}
            rows={2}
            className="min-h-16 resize-y text-sm"
          />
        </FormField>
      </div>

      {/* Phone: Write / Preview tabs. Desktop: both side by side. */}
      <div role="tablist" aria-label={t("kb.editor.content")} className="flex gap-1 border-b lg:hidden">
        {(["write", "preview"] as const).map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            id={`${ids}-${p}-tab`}
            aria-selected={pane === p}
            aria-controls={`${ids}-${p}`}
            onClick={() => setPane(p)}
            className={cn(
              "-mb-px h-9 border-b-2 px-3 text-sm font-medium",
              pane === p ? "border-primary text-foreground" : "border-transparent text-muted-foreground",
            )}
          >
            {t(`kb.editor.${p}`)}
          </button>
        ))}
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <div
          id={`${ids}-write`}
          className={cn("grid min-w-0 content-start gap-2", pane !== "write" && "hidden lg:grid")}
        >
          <div className="flex items-center justify-between gap-2">
            <label htmlFor={`${ids}-content`} className="text-sm font-medium">
              {t("kb.editor.content")}
            </label>
            <div
              role="toolbar"
              aria-label={t("kb.editor.toolbar.label")}
              className="flex items-center gap-0.5"
            >
              {TOOLBAR.map(({ command, icon: Icon, key }) => {
                const label = t(`kb.editor.toolbar.${command}`);
                return (
                  <Button
                    key={command}
                    type="button"
                    variant="ghost"
                    size="icon-sm"
                    aria-label={label}
                    title={key ? `${label} (${mod}+${key})` : label}
                    disabled={!canEdit}
                    // Keep the textarea's selection: the click must not move focus first.
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => runCommand(command)}
                  >
                    <Icon aria-hidden />
                  </Button>
                );
              })}
            </div>
          </div>
          <Textarea
            ref={textareaRef}
            id={`${ids}-content`}
            value={draft.content}
            onChange={(e) => set("content", e.target.value)}
            onKeyDown={(e) => {
              const command = SHORTCUTS[e.key.toLowerCase()];
              if ((e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey && command) {
                e.preventDefault();
                runCommand(command);
              }
            }}
            placeholder={t("kb.editor.contentPlaceholder")}
            readOnly={!canEdit}
            maxLength={CONTENT_MAX}
            spellCheck
            aria-invalid={errors.content ? true : undefined}
            aria-describedby={`${ids}-content-hint`}
            className="min-h-[28rem] resize-y font-mono text-sm leading-relaxed lg:min-h-[36rem]"
          />
          <p id={`${ids}-content-hint`} className="text-xs text-muted-foreground">
            {errors.content ? (
              <span className="text-destructive-soft-foreground">{errors.content}</span>
            ) : (
              t("kb.editor.contentHint")
            )}
          </p>
        </div>

        <section
          id={`${ids}-preview`}
          aria-label={t("kb.editor.preview")}
          className={cn("grid min-w-0 content-start gap-2", pane !== "preview" && "hidden lg:grid")}
        >
          <div className="flex h-7 items-center gap-2 text-sm font-medium">
            {t("kb.editor.preview")}
            {preview.isPending ? <Spinner className="size-3.5 text-muted-foreground" /> : null}
          </div>
          <div className="min-h-[28rem] overflow-auto rounded-lg border bg-card px-5 py-4 lg:min-h-[36rem]">
            <h2 className="mb-4 text-2xl font-semibold tracking-tight break-words">
              {draft.title || (
                <span className="text-muted-foreground">{t("kb.editor.titlePlaceholder")}</span>
              )}
            </h2>
            {html === null ? (
              <p className="text-sm text-destructive-soft-foreground">{t("kb.editor.previewError")}</p>
            ) : html ? (
              // Sanitized on the server (kb/markdown.ts): the same HTML the help center shows.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitized allowlist HTML
              <div className="help-prose" dangerouslySetInnerHTML={{ __html: html }} />
            ) : (
              <p className="text-sm text-muted-foreground">{t("kb.editor.previewEmpty")}</p>
            )}
          </div>
        </section>
      </div>

      {current ? (
        <ConfirmDialog
          open={deleteOpen}
          onOpenChange={setDeleteOpen}
          title={t("kb.editor.deleteTitle", { title: current.title })}
          description={t("kb.editor.deleteBody", { title: current.title })}
          confirmLabel={t("kb.editor.deleteConfirm")}
          destructive
          onConfirm={remove}
        />
      ) : null}
      <ConfirmDialog
        open={blocker.state === "blocked"}
        onOpenChange={(open) => !open && blocker.reset?.()}
        title={t("kb.editor.leaveTitle")}
        description={t("kb.editor.leaveBody")}
        confirmLabel={t("kb.editor.leave")}
        destructive
        onConfirm={() => blocker.proceed?.()}
      />
    </form>
  );
}
