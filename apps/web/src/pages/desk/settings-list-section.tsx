import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { type LucideIcon, Plus } from "@quartet/ui/icons";
import { TableSkeleton } from "@quartet/ui/table";
import type { ReactNode } from "react";

/** The parts of a TanStack query over a list that a settings section shows. */
export interface ListQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
  data?: T[];
}

/**
 * One Desk settings tab listing things (teams, SLA policies, rules, fields): heading with the create
 * button for admins, a read-only note for the others, then loading / error / empty / the list.
 */
export function SettingsListSection<T>({
  id,
  title,
  description,
  canManage,
  readOnlyNote,
  createLabel,
  onCreate,
  headerCreate = true,
  query,
  skeletonColumns,
  empty,
  children,
  after,
}: {
  id: string;
  title: string;
  description: string;
  canManage: boolean;
  readOnlyNote: string;
  createLabel: string;
  onCreate: () => void;
  /** Show the create button in the heading (off when the empty state offers it already). */
  headerCreate?: boolean;
  query: ListQuery<T>;
  skeletonColumns: number;
  /** `action` replaces the default "create" button of the empty state. */
  empty: { icon: LucideIcon; title: string; description: string; action?: ReactNode };
  children: (items: T[]) => ReactNode;
  /** Dialogs and the like, rendered inside the section after the list. */
  after?: ReactNode;
}) {
  const createButton = (variant: "primary" | "outline") => (
    <Button variant={variant} onClick={onCreate}>
      <Plus aria-hidden />
      {createLabel}
    </Button>
  );
  let body: ReactNode;
  if (query.isPending) body = <TableSkeleton columns={skeletonColumns} rows={3} />;
  else if (query.isError || !query.data)
    body = <ErrorState error={query.error} onRetry={() => query.refetch()} retrying={query.isFetching} />;
  else if (query.data.length === 0)
    body = (
      <EmptyState
        icon={empty.icon}
        title={empty.title}
        description={empty.description}
        action={canManage ? (empty.action ?? createButton("outline")) : null}
      />
    );
  else body = children(query.data);

  return (
    <section aria-labelledby={`${id}-heading`} className="grid gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid max-w-2xl gap-1">
          <h2 id={`${id}-heading`} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-muted-foreground">{description}</p>
        </div>
        {canManage && headerCreate ? createButton("primary") : null}
      </div>
      {!canManage ? <Alert>{readOnlyNote}</Alert> : null}
      {body}
      {after}
    </section>
  );
}
