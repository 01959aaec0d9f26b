import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ErrorState } from "@quartet/ui/error-state";
import { FormField } from "@quartet/ui/form-field";
import { FlaskConical, MessagesSquare, Plug, UserPlus } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { atLeast } from "../../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { SandboxThread } from "./sandbox-thread.tsx";

type Overview = RouterOutputs["inboxSandbox"]["overview"];
type Customer = Overview["customers"][number];

/** Who the member is playing: a customer who wrote before (id), or a new name not sent yet. */
export interface PlayedCustomer {
  id: string | null;
  name: string | null;
}

/**
 * /w/:slug/inbox/sandbox — the offline channel: a member picks or names a customer and writes as
 * them; the messages arrive in the inbox through the same path as a platform's, and the inbox's
 * replies appear here (delivered, then read, while the page is open).
 */
export function SandboxPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  useDocumentTitle(t("inboxSandbox.title"));
  const [params, setParams] = useSearchParams();
  const customerId = params.get("customer");
  const [draftName, setDraftName] = useState<string | null>(null);
  const overview = trpc.inboxSandbox.overview.useQuery({ orgId: org.id }, { refetchInterval: 15_000 });

  const pick = (id: string) => {
    setDraftName(null);
    setParams({ customer: id });
  };
  const known = overview.data?.customers.find((c) => c.id === customerId);
  const played: PlayedCustomer | null = customerId
    ? { id: customerId, name: known?.name ?? null }
    : draftName
      ? { id: null, name: draftName }
      : null;

  return (
    <Page>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-2">
            <FlaskConical aria-hidden className="size-5 text-muted-foreground" />
            {t("inboxSandbox.title")}
          </span>
        }
        description={t("inboxSandbox.description")}
        actions={
          <Button variant="outline" asChild>
            <Link to={`/w/${org.slug}/inbox`}>
              <MessagesSquare aria-hidden />
              {t("inboxSandbox.openInbox")}
            </Link>
          </Button>
        }
      />
      {overview.isPending ? (
        <SandboxSkeleton />
      ) : overview.isError ? (
        <ErrorState
          error={overview.error}
          title={t("inboxSandbox.loadFailed")}
          onRetry={() => overview.refetch()}
          retrying={overview.isFetching}
        />
      ) : !overview.data.connection ? (
        <NoSandbox onAdded={() => overview.refetch()} />
      ) : (
        <div className="grid gap-4 md:grid-cols-[18rem_minmax(0,1fr)]">
          <aside className="grid content-start gap-4">
            <NewCustomerForm
              onStart={(name) => {
                setDraftName(name);
                setParams({});
              }}
            />
            <CustomerList customers={overview.data.customers} selectedId={customerId} onPick={pick} />
          </aside>
          {overview.data.connection.status !== "ACTIVE" ? (
            <EmptyState
              icon={Plug}
              title={t("inboxSandbox.disconnected.title")}
              description={t("inboxSandbox.disconnected.body")}
            />
          ) : played ? (
            <SandboxThread
              key={played.id ?? `new:${played.name}`}
              orgId={org.id}
              customer={played}
              onCreated={(id) => {
                pick(id);
                void overview.refetch();
              }}
              onActivity={() => void overview.refetch()}
            />
          ) : (
            <EmptyState
              icon={MessagesSquare}
              title={t("inboxSandbox.thread.pickTitle")}
              description={t("inboxSandbox.thread.pickBody")}
            />
          )}
        </div>
      )}
    </Page>
  );
}

function SandboxSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="grid gap-4 md:grid-cols-[18rem_minmax(0,1fr)]" aria-busy="true">
      <span className="sr-only">{t("inboxSandbox.loading")}</span>
      <div className="grid content-start gap-2">
        <Skeleton className="h-24" />
        <Skeleton className="h-12" />
        <Skeleton className="h-12" />
      </div>
      <Skeleton className="h-96" />
    </div>
  );
}

/** No sandbox channel yet: admins add it here, others are told who can. */
function NoSandbox({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const canAdd = atLeast(org.role, "ADMIN");
  const create = trpc.inboxConnections.createSandbox.useMutation({
    onSuccess: () => {
      toast.success(t("inboxSandbox.noSandbox.added"));
      onAdded();
    },
    onError: (error) => toast.error(errorMessage(error, t("inboxSandbox.noSandbox.failed"))),
  });
  return (
    <EmptyState
      icon={FlaskConical}
      title={t("inboxSandbox.noSandbox.title")}
      description={canAdd ? t("inboxSandbox.noSandbox.body") : t("inboxSandbox.noSandbox.askAdmin")}
      action={
        canAdd ? (
          <Button onClick={() => create.mutate({ orgId: org.id })} loading={create.isPending}>
            <Plug aria-hidden />
            {t("inboxSandbox.noSandbox.add")}
          </Button>
        ) : null
      }
    />
  );
}

function NewCustomerForm({ onStart }: { onStart: (name: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t("inboxSandbox.customers.nameRequired"));
      return;
    }
    setError(null);
    setName("");
    onStart(trimmed.slice(0, 80));
  };
  return (
    <form onSubmit={submit} className="grid gap-2 rounded-lg border bg-card p-3" noValidate>
      <h2 className="text-sm font-semibold">{t("inboxSandbox.customers.newTitle")}</h2>
      <FormField label={t("inboxSandbox.customers.name")} error={error}>
        <Input
          value={name}
          maxLength={80}
          dir="auto"
          autoComplete="off"
          placeholder={t("inboxSandbox.customers.namePlaceholder")}
          onChange={(e) => setName(e.target.value)}
        />
      </FormField>
      <Button type="submit" variant="secondary" className="justify-self-start">
        <UserPlus aria-hidden />
        {t("inboxSandbox.customers.start")}
      </Button>
    </form>
  );
}

function CustomerList({
  customers,
  selectedId,
  onPick,
}: {
  customers: Customer[];
  selectedId: string | null;
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="grid gap-1" aria-labelledby="sandbox-customers">
      <h2 id="sandbox-customers" className="px-1 text-sm font-semibold">
        {t("inboxSandbox.customers.title")}
      </h2>
      {customers.length === 0 ? (
        <p className="px-1 text-sm text-muted-foreground">{t("inboxSandbox.customers.empty")}</p>
      ) : (
        <ul className="grid gap-0.5">
          {customers.map((c) => {
            const name = c.name ?? t("inboxSandbox.customers.unnamed");
            const selected = c.id === selectedId;
            return (
              <li key={c.id}>
                <button
                  type="button"
                  onClick={() => onPick(c.id)}
                  aria-current={selected ? "true" : undefined}
                  className={cn(
                    "flex w-full items-center gap-3 rounded-md px-2 py-2 text-start outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
                    selected && "bg-primary-soft hover:bg-primary-soft",
                  )}
                >
                  <Avatar name={name} size="sm" />
                  <span className="grid min-w-0 flex-1">
                    <span className="truncate text-sm font-medium" dir="auto">
                      {name}
                    </span>
                    <span className="truncate text-xs text-muted-foreground" dir="auto">
                      {c.lastMessagePreview ?? ""}
                    </span>
                  </span>
                  {c.lastMessageAt ? (
                    <RelativeTime
                      date={c.lastMessageAt}
                      style="narrow"
                      className="shrink-0 text-xs text-muted-foreground"
                    />
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
