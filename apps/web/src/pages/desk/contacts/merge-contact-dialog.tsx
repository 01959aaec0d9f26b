import { Avatar } from "@quartet/ui/avatar";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { FormError } from "@quartet/ui/form-field";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDebounced } from "@quartet/ui/lib/use-debounced";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useId, useState } from "react";
import { useNavigate } from "react-router";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { MergeFooter, MergeSearchStep } from "../merge-steps.tsx";
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
      void utils.deskContacts.overview.invalidate({ orgId: org.id });
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
          <MergeSearchStep
            label={t("contacts.merge.searchLabel")}
            placeholder={t("contacts.merge.searchPlaceholder")}
            resultsLabel={t("contacts.merge.results")}
            query={query}
            onQueryChange={setQuery}
            items={items}
            loading={candidates.isFetching}
            onPick={setOther}
            renderItem={(c) => (
              <>
                <Avatar name={nameOf(c)} size="sm" />
                <span dir="auto" className="min-w-0 flex-1 truncate text-start font-medium">
                  {nameOf(c)}
                </span>
                <span dir="ltr" className="hidden max-w-[50%] truncate text-muted-foreground sm:inline">
                  {c.name ? c.email : c.phone}
                </span>
              </>
            )}
            hint={
              !q
                ? t("contacts.merge.typeToSearch")
                : !candidates.isFetching && items.length === 0
                  ? t("contacts.merge.noResults")
                  : null
            }
          />
        )}
        <MergeFooter
          confirming={source !== null && target !== null}
          pending={merge.isPending}
          destructive
          backLabel={t("contacts.merge.back")}
          confirmLabel={target ? t("contacts.merge.confirm", { target: nameOf(target) }) : ""}
          onBack={() => setOther(null)}
          onCancel={() => onOpenChange(false)}
          onConfirm={() => void confirm()}
        />
      </DialogContent>
    </Dialog>
  );
}
