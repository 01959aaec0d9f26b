import type { TicketPriority, TicketStatus } from "@quartet/db/enums";
import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { Tag, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { atLeast } from "../../lib/roles.ts";
import { type RouterInputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { PRIORITIES, STATUSES } from "./desk-shared.tsx";

type Patch = RouterInputs["deskTickets"]["bulkUpdate"]["patch"];

/** Sticky bar over the list while tickets are selected: one change applied to all of them at once. */
export function BulkToolbar({ selectedIds, onDone }: { selectedIds: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const bulk = trpc.deskTickets.bulkUpdate.useMutation();
  const members = trpc.members.list.useQuery({ orgId: org.id });
  const teams = trpc.deskTeams.list.useQuery({ orgId: org.id });
  const agents = (members.data?.members ?? []).filter((m) => atLeast(m.role, "AGENT") && !m.disabled);
  const [tag, setTag] = useState("");
  const [confirmClose, setConfirmClose] = useState(false);
  const n = selectedIds.length;

  const apply = async (patch: Patch) => {
    try {
      const { updated } = await bulk.mutateAsync({ orgId: org.id, ticketIds: selectedIds, patch });
      await utils.deskTickets.list.invalidate({ orgId: org.id });
      toast.success(t("desk.bulk.done", { count: updated }));
      setTag("");
      onDone();
    } catch (e) {
      // The server names the ticket that refused the change; nothing was changed.
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  const select = (
    label: string,
    placeholder: string,
    options: { value: string; label: string }[],
    onPick: (v: string) => void,
  ) => (
    <NativeSelect
      aria-label={label}
      className="h-8 w-auto min-w-32"
      value=""
      disabled={bulk.isPending}
      onChange={(e) => {
        if (e.target.value) onPick(e.target.value);
      }}
    >
      <option value="">{placeholder}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </NativeSelect>
  );

  return (
    <div
      role="toolbar"
      aria-label={t("desk.bulk.label")}
      className="sticky top-0 z-20 mb-3 flex flex-wrap items-center gap-2 rounded-lg border border-primary/30 bg-primary-soft/95 p-2 shadow-sm backdrop-blur"
    >
      <span className="px-1 text-sm font-medium text-primary-soft-foreground" aria-live="polite">
        {t("desk.bulk.selected", { count: n })}
      </span>
      {select(
        t("desk.bulk.setStatus"),
        t("desk.bulk.setStatus"),
        STATUSES.map((s) => ({ value: s, label: t(`desk.status.${s}`) })),
        (v) => (v === "CLOSED" && n > 1 ? setConfirmClose(true) : void apply({ status: v as TicketStatus })),
      )}
      {select(
        t("desk.bulk.setPriority"),
        t("desk.bulk.setPriority"),
        PRIORITIES.map((p) => ({ value: p, label: t(`desk.priority.${p}`) })),
        (v) => void apply({ priority: v as TicketPriority }),
      )}
      {select(
        t("desk.bulk.assign"),
        t("desk.bulk.assign"),
        [
          { value: "none", label: t("desk.unassigned") },
          ...agents.map((m) => ({ value: m.userId, label: m.name ?? m.email })),
        ],
        (v) => void apply({ assigneeId: v === "none" ? null : v }),
      )}
      {teams.data?.length
        ? select(
            t("desk.bulk.setTeam"),
            t("desk.bulk.setTeam"),
            [
              { value: "none", label: t("desk.bulk.noTeam") },
              ...teams.data.map((tm) => ({ value: tm.id, label: tm.name })),
            ],
            (v) => void apply({ teamId: v === "none" ? null : v }),
          )
        : null}
      <form
        className="flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (tag.trim()) void apply({ addTags: [tag.trim()] });
        }}
      >
        <Input
          aria-label={t("desk.bulk.tag")}
          placeholder={t("desk.bulk.tag")}
          className="h-8 w-32"
          maxLength={50}
          value={tag}
          onChange={(e) => setTag(e.target.value)}
        />
        <Button type="submit" size="sm" variant="outline" disabled={!tag.trim() || bulk.isPending}>
          <Tag aria-hidden />
          {t("desk.bulk.addTag")}
        </Button>
      </form>
      <Button variant="ghost" size="sm" className="ms-auto" onClick={onDone}>
        <X aria-hidden />
        {t("desk.bulk.clear")}
      </Button>
      <ConfirmDialog
        open={confirmClose}
        onOpenChange={setConfirmClose}
        title={t("desk.bulk.closeTitle", { count: n })}
        description={t("desk.bulk.closeBody", { count: n })}
        confirmLabel={t("desk.bulk.closeConfirm", { count: n })}
        destructive
        onConfirm={() => apply({ status: "CLOSED" })}
      />
    </div>
  );
}
