import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { FormError } from "@quartet/ui/form-field";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { StatusBadge } from "./desk-shared.tsx";
import { MergeFooter, MergeSearchStep } from "./merge-steps.tsx";

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
          <MergeSearchStep
            label={t("desk.merge.searchLabel")}
            placeholder={t("desk.merge.searchPlaceholder")}
            resultsLabel={t("desk.merge.results")}
            query={query}
            onQueryChange={setQuery}
            items={candidates}
            loading={loading}
            onPick={setTarget}
            renderItem={(c) => (
              <>
                <span className="font-mono text-muted-foreground tabular-nums">#{c.number}</span>
                <span dir="auto" className="min-w-0 flex-1 truncate text-start">
                  {c.subject}
                </span>
                <StatusBadge status={c.status} />
              </>
            )}
            hint={q && !loading && candidates.length === 0 ? t("desk.merge.noResults") : null}
          />
        )}
        <MergeFooter
          confirming={target !== null}
          pending={merge.isPending}
          backLabel={t("desk.merge.back")}
          confirmLabel={target ? t("desk.merge.confirm", { target: `#${target.number}` }) : ""}
          onBack={() => setTarget(null)}
          onCancel={() => onOpenChange(false)}
          onConfirm={() => void confirm()}
        />
      </DialogContent>
    </Dialog>
  );
}
