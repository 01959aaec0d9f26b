import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import { FormError } from "@quartet/ui/form-field";
import { FileText, ImageIcon, RotateCcw, Trash2, X } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage, errorReason, fieldErrorsOf } from "@quartet/ui/lib/errors";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { reportPlanLimit } from "../../lib/plan-limit.ts";
import { useSession } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { DropZone } from "./drop-zone.tsx";
import { AccessGate, type LimitHit, LimitPanel, tierAllows } from "./limit-panel.tsx";
import { OPTION_SCHEMAS } from "./option-schemas.ts";
import {
  defaultOptions,
  hasFields,
  type JsonSchema,
  normalizeOptions,
  OptionsForm,
  type OptionValues,
  validateOptions,
} from "./options-form.tsx";
import { renderPdfPreview } from "./pdf-thumbnails.ts";
import { ProgressBar } from "./progress-bar.tsx";
import { SortableGrid } from "./sortable-grid.tsx";
import type { ToolDetail } from "./tools-shared.tsx";
import { acceptLabel, accepts, formatBytes, type UploadHandle, uploadToolFile } from "./tools-upload.ts";

interface PickedFile {
  id: string;
  name: string;
  file: File;
  /** First page (PDF) or the image itself, as a data URL. */
  thumbnail?: string | null;
  pages?: number | null;
  previewFailed?: boolean;
}

interface PageCard {
  id: string;
  name: string;
  /** 0-based page of the file. */
  index: number;
  thumbnail: string | null;
  deleted: boolean;
}

/** Pages drawn for "organize" (the rest show as numbered cards). */
const MAX_PREVIEW_PAGES = 300;
const MAX_IMAGE_PREVIEW_BYTES = 15 * 1024 * 1024;

type Phase = { kind: "idle" } | { kind: "uploading"; share: number } | { kind: "starting" };

/**
 * A tool before its job: the files (previews, order), the options, and Start — which uploads the
 * files one by one with a progress bar, then creates the job (its progress is JobView's).
 */
export function ToolComposer({
  tool,
  onStarted,
}: {
  tool: ToolDetail;
  onStarted: (started: { job: string } | { batch: string }) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const session = useSession();
  const signedIn = Boolean(session.data?.user && !session.data.twoFactorPending);
  const access = trpc.toolsAccess.me.useQuery(undefined, { staleTime: 5_000 });
  const utils = trpc.useUtils();
  const create = trpc.toolsJobs.create.useMutation();
  const createBatch = trpc.toolsJobs.createBatch.useMutation();

  const processor = tool.processor;
  // The JSON Schema of the processor's options: the API's when it sends one, else the copy
  // generated from the processors' registry (option-schemas.ts).
  const schema = ((tool as { optionsSchema?: unknown }).optionsSchema ??
    OPTION_SCHEMAS[processor] ??
    null) as JsonSchema | null;
  const organize = processor === "pdf.organize";
  const pdfPreviews = processor === "pdf.merge" || organize;
  // Premium: a one-file tool takes several files as a batch (one job per file).
  const batchSize = access.data?.tier === "PREMIUM" ? access.data.limits.batchSize : 1;
  const batchable = tool.maxFiles === 1 && processor !== "pdf.organize" && batchSize > 1;
  const maxFiles = batchable ? batchSize : Math.max(0, tool.maxFiles);
  const needsFiles = tool.minFiles > 0;
  const multiple = maxFiles > 1;
  // The order matters (merge, images → PDF); a batch's doesn't.
  const ordered = multiple && !batchable;
  const maxSizeMb = access.data?.limits.maxFileSizeMb ?? null;

  const [files, setFiles] = useState<PickedFile[]>([]);
  const [pages, setPages] = useState<PageCard[]>([]);
  const [pagesRendering, setPagesRendering] = useState(false);
  const [rejected, setRejected] = useState<string[]>([]);
  const [options, setOptions] = useState<OptionValues>(() => defaultOptions(schema));
  const [optionErrors, setOptionErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [limit, setLimit] = useState<LimitHit | null>(null);
  const [notify, setNotify] = useState(false);
  const counter = useRef(0);
  const uploads = useRef<UploadHandle[]>([]);
  const previews = useRef(new AbortController());
  const busy = phase.kind !== "idle";

  useEffect(() => {
    const controller = previews.current;
    return () => {
      controller.abort();
      for (const u of uploads.current) u.abort();
    };
  }, []);

  const patchFile = useCallback(
    (id: string, patch: Partial<PickedFile>) =>
      setFiles((prev) => prev.map((f) => (f.id === id ? { ...f, ...patch } : f))),
    [],
  );

  const preview = useCallback(
    async (picked: PickedFile) => {
      const { file } = picked;
      if (file.type.startsWith("image/") && file.size <= MAX_IMAGE_PREVIEW_BYTES) {
        const reader = new FileReader();
        reader.onload = () => patchFile(picked.id, { thumbnail: String(reader.result) });
        reader.readAsDataURL(file);
        return;
      }
      if (!pdfPreviews || !(file.type === "application/pdf" || /\.pdf$/i.test(file.name))) return;
      try {
        if (organize) {
          setPagesRendering(true);
          const cards: PageCard[] = [];
          const result = await renderPdfPreview(file, {
            maxPages: MAX_PREVIEW_PAGES,
            signal: previews.current.signal,
            onPage: (index, url) => {
              cards[index] = {
                id: `${picked.id}-p${index}`,
                name: t("tools.pages.page", { number: index + 1 }),
                index,
                thumbnail: url,
                deleted: false,
              };
              // Progressive: show pages as they come (in batches, not one render per page).
              if (index % 8 === 7) setPages([...cards]);
            },
          });
          for (let i = cards.length; i < result.pages; i++)
            cards.push({
              id: `${picked.id}-p${i}`,
              name: t("tools.pages.page", { number: i + 1 }),
              index: i,
              thumbnail: null,
              deleted: false,
            });
          setPages(cards);
          patchFile(picked.id, { pages: result.pages, thumbnail: result.thumbnails[0] ?? null });
        } else {
          const result = await renderPdfPreview(file, { maxPages: 1, signal: previews.current.signal });
          patchFile(picked.id, { pages: result.pages, thumbnail: result.thumbnails[0] ?? null });
        }
      } catch {
        patchFile(picked.id, { previewFailed: true });
      } finally {
        if (organize) setPagesRendering(false);
      }
    },
    [organize, pdfPreviews, patchFile, t],
  );

  const addFiles = (incoming: File[]) => {
    if (busy) return;
    setLimit(null);
    setFormError(null);
    const problems: string[] = [];
    const types = acceptLabel(tool.accept);
    const room = Math.max(0, maxFiles - (maxFiles === 1 ? 0 : files.length));
    const taken: PickedFile[] = [];
    for (const file of incoming) {
      if (!accepts(tool.accept, file)) {
        problems.push(t("tools.drop.wrongType", { name: file.name, types }));
        continue;
      }
      if (maxSizeMb !== null && file.size > maxSizeMb * 1024 * 1024) {
        problems.push(t("tools.drop.tooLarge", { name: file.name, size: maxSizeMb }));
        continue;
      }
      if (taken.length >= room) {
        problems.push(t("tools.drop.tooMany", { max: maxFiles }));
        break;
      }
      taken.push({ id: `f${counter.current++}`, name: file.name, file });
    }
    setRejected(problems);
    if (taken.length === 0) return;
    // A one-file tool takes the new file in place of the old one.
    if (maxFiles === 1) {
      previews.current.abort();
      previews.current = new AbortController();
      setPages([]);
      setFiles(taken.slice(0, 1));
    } else setFiles((prev) => [...prev, ...taken]);
    for (const picked of maxFiles === 1 ? taken.slice(0, 1) : taken) void preview(picked);
  };

  const removeFile = (id: string) => {
    setFiles((prev) => prev.filter((f) => f.id !== id));
    if (organize) {
      previews.current.abort();
      previews.current = new AbortController();
      setPages([]);
    }
  };

  const keptPages = pages.filter((p) => !p.deleted);
  const tooFew = files.length < tool.minFiles;
  const organizeEmpty = organize && pages.length > 0 && keptPages.length === 0;

  const start = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !allowed) return;
    setFormError(null);
    setLimit(null);
    const errors = validateOptions(schema, options, (key, vars) => t(key, vars ?? {}));
    setOptionErrors(errors);
    if (tooFew) {
      setFormError(t("tools.run.needFiles", { count: tool.minFiles }));
      return;
    }
    if (organizeEmpty) {
      setFormError(t("tools.pages.allDeleted"));
      return;
    }
    if (Object.keys(errors).length) return;

    const body: OptionValues = normalizeOptions(schema, options);
    if (organize && pages.length) body.order = keptPages.map((p) => p.index + 1);

    // 1. Upload, one file per request; the bar follows the bytes sent.
    const total = files.reduce((sum, f) => sum + f.file.size, 0) || 1;
    let done = 0;
    const fileIds: string[] = [];
    setPhase({ kind: "uploading", share: 0 });
    try {
      for (const picked of files) {
        const handle = uploadToolFile(picked.file, (share) =>
          setPhase({ kind: "uploading", share: Math.min(1, (done + share * picked.file.size) / total) }),
        );
        uploads.current.push(handle);
        const uploaded = await handle.promise;
        done += picked.file.size;
        fileIds.push(uploaded.id);
        if (uploaded.pages != null) patchFile(picked.id, { pages: uploaded.pages });
      }
    } catch (error) {
      setPhase({ kind: "idle" });
      uploads.current = [];
      if (errorReason(error) === "PLAN_LIMIT") {
        setLimit({ error, message: errorMessage(error, t("tools.limit.title")) });
        if (signedIn) reportPlanLimit(error, {});
        return;
      }
      const message = (error as Error).message;
      setFormError(
        message === "network"
          ? t("tools.files.network")
          : message === "aborted"
            ? null
            : errorMessage(error, t("tools.files.uploadFailed")),
      );
      return;
    }
    uploads.current = [];

    // 2. The job.
    setPhase({ kind: "starting" });
    try {
      if (batchable && fileIds.length > 1) {
        const batch = await createBatch.mutateAsync({
          slug: tool.slug,
          fileIds,
          options: body,
          locale: language,
        });
        void utils.toolsAccess.me.invalidate();
        void utils.toolsJobs.list.invalidate();
        onStarted({ batch: batch.batchId });
        return;
      }
      const job = await create.mutateAsync({
        slug: tool.slug,
        fileIds,
        options: body,
        locale: language,
        ...(notify && session.data?.user?.email ? { notifyEmail: session.data.user.email } : {}),
      });
      void utils.toolsAccess.me.invalidate();
      void utils.toolsJobs.list.invalidate();
      onStarted({ job: job.id });
    } catch (error) {
      setPhase({ kind: "idle" });
      if (errorReason(error) === "PLAN_LIMIT") {
        // The signed-in app's upgrade dialog opens by itself (every mutation's PLAN_LIMIT);
        // a guest's way up is an account, shown here.
        setLimit({ error, message: errorMessage(error, t("tools.limit.title")) });
        void utils.toolsAccess.me.invalidate();
        return;
      }
      const fields = fieldErrorsOf(error);
      const optionFields: Record<string, string> = {};
      for (const [path, message] of Object.entries(fields))
        optionFields[path.replace(/^options\./, "")] = message;
      setOptionErrors(optionFields);
      setFormError(Object.keys(optionFields).length ? null : errorMessage(error, t("tools.run.startFailed")));
    }
  };

  const tier = access.data?.tier;
  const allowed = tierAllows(tier, tool.accessLevel);
  const canStart = allowed && !busy && !tooFew && !organizeEmpty && (!needsFiles || files.length > 0);
  const startLabel = t("tools.run.start");

  return (
    <form onSubmit={start} noValidate className="grid gap-6" aria-label={tool.name}>
      {tier && !allowed ? <AccessGate accessLevel={tool.accessLevel} tier={tier} /> : null}
      {needsFiles ? (
        <>
          {files.length === 0 || (multiple && files.length < maxFiles) ? (
            <DropZone
              accept={tool.accept}
              multiple={multiple}
              maxFiles={maxFiles}
              maxSizeMb={maxSizeMb}
              toolName={tool.name}
              onFiles={addFiles}
              compact={files.length > 0}
              disabled={busy}
            />
          ) : null}
          {rejected.length ? (
            <Alert variant="warning" role="alert">
              <ul className="grid gap-1">
                {rejected.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          {files.length > 0 ? (
            <section aria-labelledby="tool-files" className="grid gap-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="tool-files" className="text-base font-semibold">
                  {t("tools.files.heading")}
                </h2>
                {ordered && files.length > 1 ? (
                  <p className="text-sm text-muted-foreground">{t("tools.files.reorderHint")}</p>
                ) : null}
              </div>
              <SortableGrid
                items={files}
                onReorder={setFiles}
                disabled={busy || !ordered || files.length < 2}
                label={t("tools.files.heading")}
                className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4"
                renderItem={(f, index, handle) => (
                  <FileCard
                    file={f}
                    position={ordered ? index + 1 : null}
                    handle={ordered && files.length > 1 ? handle : null}
                    onRemove={busy ? null : () => removeFile(f.id)}
                    language={language}
                  />
                )}
              />
            </section>
          ) : null}
          {organize && (pages.length > 0 || pagesRendering) ? (
            <PageBoard pages={pages} rendering={pagesRendering} onChange={setPages} disabled={busy} />
          ) : null}
        </>
      ) : (
        <p className="text-sm text-muted-foreground">{t("tools.drop.noFilesNeeded")}</p>
      )}

      {hasFields(schema) ? (
        <fieldset className="grid gap-4 rounded-xl border bg-card p-4 sm:p-5" disabled={busy}>
          <legend className="px-1 text-base font-semibold">{t("tools.options.heading")}</legend>
          <OptionsForm
            schema={schema}
            values={options}
            errors={optionErrors}
            onChange={setOptions}
            disabled={busy}
          />
        </fieldset>
      ) : null}

      {limit ? <LimitPanel hit={limit} signedIn={signedIn} /> : null}
      <FormError>{formError}</FormError>

      {phase.kind === "uploading" ? (
        <ProgressBar
          testId="upload-progress"
          label={t("tools.progress.uploadLabel")}
          value={Math.round(phase.share * 100)}
          status={`${t("tools.progress.upload")} ${Math.round(phase.share * 100)} %`}
        />
      ) : null}

      <div className="flex flex-wrap items-center gap-x-4 gap-y-3">
        <Button type="submit" size="lg" loading={busy} disabled={!canStart && !busy} data-testid="tool-start">
          {startLabel}
        </Button>
        {signedIn ? (
          <CheckboxField
            label={t("tools.run.notify")}
            checked={notify}
            onCheckedChange={(c) => setNotify(c === true)}
            disabled={busy}
          />
        ) : null}
        {!busy && needsFiles && files.length > 0 && tooFew ? (
          <p className="text-sm text-muted-foreground">
            {t("tools.run.needFiles", { count: tool.minFiles })}
          </p>
        ) : null}
      </div>
    </form>
  );
}

function FileCard({
  file,
  position,
  handle,
  onRemove,
  language,
}: {
  file: PickedFile;
  position: number | null;
  handle: React.ReactNode;
  onRemove: (() => void) | null;
  language: string;
}) {
  const { t } = useTranslation();
  const isImage = file.file.type.startsWith("image/");
  const Icon = isImage ? ImageIcon : FileText;
  return (
    <div
      className="flex h-full flex-col overflow-hidden rounded-lg border bg-card shadow-xs"
      data-testid="file-card"
    >
      <div className="relative flex aspect-[4/5] items-center justify-center bg-muted/60 p-2">
        {file.thumbnail ? (
          <img
            src={file.thumbnail}
            alt=""
            className="max-h-full max-w-full rounded-sm object-contain shadow-sm"
          />
        ) : (
          <Icon className="size-10 text-muted-foreground" aria-hidden />
        )}
        {position !== null ? (
          <span
            className="absolute start-2 top-2 flex size-6 items-center justify-center rounded-full bg-foreground text-xs font-semibold text-background tabular-nums"
            aria-hidden
          >
            {position}
          </span>
        ) : null}
        {onRemove ? (
          <button
            type="button"
            onClick={onRemove}
            aria-label={t("tools.files.remove", { name: file.name })}
            className="absolute end-1.5 top-1.5 inline-flex size-7 items-center justify-center rounded-full bg-card/90 text-muted-foreground shadow-sm outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
          >
            <X className="size-4" aria-hidden />
          </button>
        ) : null}
      </div>
      <div className="flex items-center gap-1 p-2">
        <div className="grid min-w-0 flex-1 gap-0.5">
          <p className="truncate text-sm font-medium" dir="auto" title={file.name}>
            {file.name}
          </p>
          <p className="text-xs text-muted-foreground tabular-nums">
            {formatBytes(file.file.size, language)}
            {file.pages ? ` · ${t("tools.files.pages", { count: file.pages })}` : null}
          </p>
        </div>
        {handle}
      </div>
    </div>
  );
}

function PageBoard({
  pages,
  rendering,
  onChange,
  disabled,
}: {
  pages: PageCard[];
  rendering: boolean;
  onChange: (pages: PageCard[]) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const kept = pages.filter((p) => !p.deleted).length;
  const toggle = (id: string) =>
    onChange(pages.map((p) => (p.id === id ? { ...p, deleted: !p.deleted } : p)));
  return (
    <section aria-labelledby="tool-pages" className="grid gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="tool-pages" className="text-base font-semibold">
          {t("tools.pages.heading")}
        </h2>
        <p className="text-sm text-muted-foreground" aria-live="polite">
          {rendering ? t("tools.pages.rendering") : t("tools.pages.summary", { kept, total: pages.length })}
        </p>
      </div>
      <p className="text-sm text-muted-foreground">{t("tools.pages.hint")}</p>
      <SortableGrid
        items={pages}
        onReorder={onChange}
        disabled={disabled}
        label={t("tools.pages.heading")}
        className="grid grid-cols-3 gap-2 sm:grid-cols-4 md:grid-cols-6"
        renderItem={(page, _index, handle) => (
          <div
            className={cn(
              "flex h-full flex-col overflow-hidden rounded-md border bg-card",
              page.deleted && "border-dashed",
            )}
            data-testid="page-card"
          >
            <div className="relative flex aspect-[3/4] items-center justify-center bg-muted/60 p-1.5">
              {page.thumbnail ? (
                <img
                  src={page.thumbnail}
                  alt=""
                  className={cn(
                    "max-h-full max-w-full object-contain shadow-sm",
                    page.deleted && "opacity-40 grayscale",
                  )}
                />
              ) : (
                <span className="text-xs text-muted-foreground">{t("tools.pages.noPreview")}</span>
              )}
              {page.deleted ? (
                <span className="absolute inset-x-0 top-1/2 -translate-y-1/2 bg-destructive py-0.5 text-center text-xs font-medium text-destructive-foreground">
                  {t("tools.pages.deleted")}
                </span>
              ) : null}
            </div>
            <div className="flex items-center gap-0.5 px-1 py-1">
              <span className="flex-1 truncate ps-1 text-xs tabular-nums">{page.index + 1}</span>
              <button
                type="button"
                disabled={disabled}
                onClick={() => toggle(page.id)}
                aria-label={
                  page.deleted
                    ? t("tools.pages.restore", { number: page.index + 1 })
                    : t("tools.pages.delete", { number: page.index + 1 })
                }
                className="inline-flex size-8 items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
              >
                {page.deleted ? (
                  <RotateCcw className="size-4" aria-hidden />
                ) : (
                  <Trash2 className="size-4" aria-hidden />
                )}
              </button>
              {handle}
            </div>
          </div>
        )}
      />
    </section>
  );
}
