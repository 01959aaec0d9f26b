import { Button } from "@quartet/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import { FormError } from "@quartet/ui/form-field";
import { ArrowLeft, GitMerge, Search } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useId, useState } from "react";
import { useNavigate } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { StatusBadge } from "./desk-shared.tsx";

interface Candidate {
  id: string;
  number: number;
  subject: string;
  status: "OPEN" | "PENDING" | "RESOLVED" | "CLOSED";
}

/** Merge this ticket (the duplicate) into another one found by number or subject, after a confirmation. */
export function MergeTicketDialog({
  open,
  onOpenChange,
  source,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  source: { id: string; number: number; subject: string };
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const merge = trpc.deskTickets.merge.useMutation();
  const [query, setQuery] = useState("");
  const [target, setTarget] = useState<Candidate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const q = useDebounced(query.trim(), 250);
  const inputId = useId();
  const number = /^#?\d+$/.test(q) ? Number(q.replace("#", "")) : null;

  useEffect(() => {
    if (open) {
      setQuery("");
      setTarget(null);
      setError(null);
    }
  }, [open]);

  const byNumber = trpc.deskTickets.list.useQuery(
    { orgId: org.id, number: number ?? undefined, limit: 1 },
    { enabled: open && number !== null },
  );
  const bySubject = trpc.deskTickets.search.useQuery(
    { orgId: org.id, q, limit: 8 },
    { enabled: open && q.length > 0 && number === null },
  );
  const candidates: Candidate[] = (
    number !== null
      ? (byNumber.data?.items ?? [])
      : (bySubject.data?.items ?? []).map((h) => ({ ...h, subject: h.subject.map((s) => s.text).join("") }))
  ).filter((c) => c.id !== source.id);
  const loading = number !== null ? byNumber.isFetching : bySubject.isFetching;

  const confirm = async () => {
    if (!target) return;
    setError(null);
    try {
      await merge.mutateAsync({ orgId: org.id, sourceId: source.id, targetId: target.id });
      await Promise.all([utils.deskTickets.get.invalidate(), utils.deskTickets.list.invalidate()]);
      toast.success(t("desk.merge.done", { source: `#${source.number}`, target: `#${target.number}` }));
      onOpenChange(false);
      navigate(`/w/${org.slug}/desk/${target.id}`);
    } catch (e) {
      setError(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !merge.isPending && onOpenChange(o)}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{t("desk.merge.title", { number: `#${source.number}` })}</DialogTitle>
          <DialogDescription>{t("desk.merge.description")}</DialogDescription>
        </DialogHeader>
        {target ? (
          <div className="grid gap-3 text-sm">
            <p className="rounded-md border bg-muted/50 p-3">
              {t("desk.merge.confirmBody", {
                source: `#${source.number}`,
                target: `#${target.number} ${target.subject}`,
              })}
            </p>
            <FormError>{error}</FormError>
          </div>
        ) : (
          <div className="grid gap-2">
            <label htmlFor={inputId} className="text-sm font-medium">
              {t("desk.merge.searchLabel")}
            </label>
            <div className="relative">
              <Search
                className="pointer-events-none absolute start-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
                aria-hidden
              />
              <Input
                id={inputId}
                type="search"
                className="ps-8"
                autoFocus
                autoComplete="off"
                placeholder={t("desk.merge.searchPlaceholder")}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
            </div>
            <ul
              className="grid max-h-64 gap-1 overflow-y-auto"
              aria-label={t("desk.merge.results")}
              aria-busy={loading}
            >
              {candidates.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className={cn(
                      "flex w-full items-center gap-2 rounded-md border px-3 py-2 text-start text-sm hover:bg-muted",
                      "focus-visible:outline-2 focus-visible:outline-ring",
                    )}
                    onClick={() => setTarget(c)}
                  >
                    <span className="font-mono text-muted-foreground tabular-nums">#{c.number}</span>
                    <span className="min-w-0 flex-1 truncate">{c.subject}</span>
                    <StatusBadge status={c.status} />
                  </button>
                </li>
              ))}
            </ul>
            {q && !loading && candidates.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("desk.merge.noResults")}</p>
            ) : null}
          </div>
        )}
        <DialogFooter>
          {target ? (
            <>
              <Button variant="outline" onClick={() => setTarget(null)} disabled={merge.isPending}>
                <ArrowLeft className="rtl:rotate-180" aria-hidden />
                {t("desk.merge.back")}
              </Button>
              <Button onClick={() => void confirm()} loading={merge.isPending}>
                <GitMerge aria-hidden />
                {t("desk.merge.confirm", { target: `#${target.number}` })}
              </Button>
            </>
          ) : (
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              {t("common.cancel")}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
