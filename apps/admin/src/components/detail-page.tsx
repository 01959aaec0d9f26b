import { Page } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { ArrowLeft, type LucideIcon } from "@quartet/ui/icons";
import { isMissingRecord } from "@quartet/ui/lib/errors";
import { QueryStates, type QueryStatesQuery } from "@quartet/ui/query-states";
import type { ReactNode } from "react";
import { Link } from "react-router";

/** `retry` for a query of one record by id: up to twice, but not when the record is missing. */
export function retryUnlessMissing(failureCount: number, error: unknown): boolean {
  return !isMissingRecord(error) && failureCount < 2;
}

/**
 * One record's page (a user, a workspace): a link back to its list, then the record — or its
 * skeleton, a "not found" that leads back, or the error with a retry.
 */
export function DetailPage<T>({
  back,
  query,
  loading,
  notFound,
  children,
}: {
  back: { to: string; label: string };
  query: QueryStatesQuery<T>;
  loading: ReactNode;
  notFound: { icon: LucideIcon; title: string; description: string; backLabel: string };
  children: (data: T) => ReactNode;
}) {
  return (
    <Page className="max-w-7xl">
      <Link
        to={back.to}
        className="mb-4 inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
      >
        <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
        {back.label}
      </Link>
      <QueryStates
        query={query}
        loading={loading}
        renderError={(error, errorState) =>
          isMissingRecord(error) ? (
            <EmptyState
              icon={notFound.icon}
              headingLevel="h1"
              title={notFound.title}
              description={notFound.description}
              action={
                <Button asChild variant="outline">
                  <Link to={back.to}>{notFound.backLabel}</Link>
                </Button>
              }
            />
          ) : (
            errorState
          )
        }
      >
        {children}
      </QueryStates>
    </Page>
  );
}
