import { Avatar } from "@quartet/ui/avatar";
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
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { contactLabel } from "./contacts-list.tsx";

interface MergeSide {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

/**
 * Merges this contact and another one found by name, email or phone. The second step names both,
 * lets the agent choose which one stays (this one by default) and asks for confirmation: the other
 * contact's tickets, messages and addresses move, and it is deleted.
 */
export function MergeContactDialog({
  open,
  onOpenChange,
  contact,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  contact: MergeSide;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const merge = trpc.deskContacts.merge.useMutation();
  const [query, setQuery] = useState("");
  const [other, setOther] = useState<MergeSide | null>(null);
  const [keepThis, setKeepThis] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const q = useDebounced(query.trim(), 250);
  const inputId = useId();
  const keepName = useId();
  const noName = t("contacts.noName");

  useEffect(() => {
    if (open) {
      setQuery("");
      setOther(null);
      setKeepThis(true);
      setError(null);
    }
  }, [open]);

  const candidates = trpc.deskContacts.list.useQuery(
    { orgId: org.id, q, excludeId: contact.id, limit: 8 },
    { enabled: open && q.length > 0, placeholderData: (prev) => prev },
  );
  const items = q ? (candidates.data?.items ?? []) : [];

  const target = other && (keepThis ? contact : other);
  const source = other && (keepThis ? other : contact);
  const nameOf = (c: MergeSide) => contactLabel(c, noName);

  const confirm = async () => {
    if (!source || !target) return;
    setError(null);
    try {
      const merged = await merge.mutateAsync({ orgId: org.id, sourceId: source.id, targetId: target.id });
      utils.deskContacts.get.setData({ orgId: org.id, contactId: merged.id }, merged);
      toast.success(t("contacts.merge.done", { source: nameOf(source), target: nameOf(target) }));
      onOpenChange(false);
      // Leave the deleted contact's page before anything refetches it.
      if (target.id !== contact.id) navigate(`/w/${org.slug}/desk/contacts/${target.id}`, { replace: true });
      void utils.deskContacts.list.invalidate({ orgId: org.id });
      void utils.deskTickets.invalidate();
    } catch (e) {
      setError(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !merge.isPending && onOpenChange(o)}>
      <DialogContent className="sm:max-w-lg" role={other ? "alertdialog" : "dialog"}>
        <DialogHeader>
          <DialogTitle>
            {source && target
              ? t("contacts.merge.confirmTitle", { source: nameOf(source), target: nameOf(target) })
              : t("contacts.merge.title", { name: nameOf(contact) })}
          </DialogTitle>
          <DialogDescription>
            {source && target
              ? t("contacts.merge.confirmBody", { source: nameOf(source), target: nameOf(target) })
              : t("contacts.merge.description")}
          </DialogDescription>
        </DialogHeader>
        {other ? (
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">{t("contacts.merge.keepLabel")}</legend>
            {[contact, other].map((c) => {
              const checked = (c.id === contact.id) === keepThis;
              return (
                <label
                  key={c.id}
                  className={cn(
                    "flex cursor-pointer items-center gap-3 rounded-md border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
                    checked ? "border-primary bg-primary-soft/50" : "hover:bg-muted",
                  )}
                >
                  <input
                    type="radio"
                    name={keepName}
                    className="size-4 accent-[var(--color-primary)]"
                    checked={checked}
                    onChange={() => setKeepThis(c.id === contact.id)}
                  />
                  <Avatar name={nameOf(c)} size="md" />
                  <span className="grid min-w-0">
                    <span className="truncate font-medium">
                      {t("contacts.merge.keepThis", { name: nameOf(c) })}
                    </span>
                    <span dir="ltr" className="truncate text-muted-foreground rtl:text-right">
                      {[c.email, c.phone].filter(Boolean).join(" · ")}
                    </span>
                  </span>
                </label>
              );
            })}
            <FormError>{error}</FormError>
          </fieldset>
        ) : (
          <div className="grid gap-2">
            <label htmlFor={inputId} className="text-sm font-medium">
              {t("contacts.merge.searchLabel")}
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
                placeholder={t("contacts.merge.searchPlaceholder")}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
            </div>
            <ul
              className="grid max-h-64 gap-1 overflow-y-auto"
              aria-label={t("contacts.merge.results")}
              aria-busy={candidates.isFetching}
            >
              {items.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="flex w-full items-center gap-3 rounded-md border px-3 py-2 text-start text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
                    onClick={() => setOther(c)}
                  >
                    <Avatar name={nameOf(c)} size="sm" />
                    <span className="min-w-0 flex-1 truncate font-medium">{nameOf(c)}</span>
                    <span dir="ltr" className="hidden max-w-[50%] truncate text-muted-foreground sm:inline">
                      {c.name ? c.email : c.phone}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {!q ? (
              <p className="text-sm text-muted-foreground">{t("contacts.merge.typeToSearch")}</p>
            ) : !candidates.isFetching && items.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("contacts.merge.noResults")}</p>
            ) : null}
          </div>
        )}
        <DialogFooter>
          {source && target ? (
            <>
              <Button variant="outline" onClick={() => setOther(null)} disabled={merge.isPending}>
                <ArrowLeft className="rtl:rotate-180" aria-hidden />
                {t("contacts.merge.back")}
              </Button>
              <Button variant="destructive" onClick={() => void confirm()} loading={merge.isPending}>
                <GitMerge aria-hidden />
                {t("contacts.merge.confirm", { target: nameOf(target) })}
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
