import { Button } from "@quartet/ui/button";
import { Card, CardFooter } from "@quartet/ui/card";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates, type QueryStatesQuery } from "@quartet/ui/query-states";
import { SkeletonLines } from "@quartet/ui/skeleton";
import type { ReactNode } from "react";

/** The saved settings a card edits: a card-shaped skeleton, a compact error with retry, then the form. */
export function SettingsCardQuery<T>({
  query,
  skeletonLines,
  children,
}: {
  query: QueryStatesQuery<T>;
  skeletonLines: number;
  children: (data: T) => ReactNode;
}) {
  return (
    <QueryStates
      query={query}
      compactError
      loading={
        <Card className="p-5">
          <SkeletonLines lines={skeletonLines} />
        </Card>
      }
    >
      {children}
    </QueryStates>
  );
}

/** Discard and Save for a settings form: both wait for a change, and Discard puts the saved values back. */
export function SaveChangesFooter({
  form,
}: {
  form: { dirty: boolean; submitting: boolean; reset: () => void };
}) {
  const { t } = useTranslation();
  return (
    <CardFooter>
      <Button
        type="button"
        variant="ghost"
        disabled={!form.dirty || form.submitting}
        onClick={() => form.reset()}
      >
        {t("common.discard")}
      </Button>
      <Button type="submit" loading={form.submitting} disabled={!form.dirty}>
        {t("common.saveChanges")}
      </Button>
    </CardFooter>
  );
}
