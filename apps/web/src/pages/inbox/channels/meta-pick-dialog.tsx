import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import { FormError } from "@quartet/ui/form-field";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { SkeletonLines } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { reportPlanLimit } from "../../../lib/plan-limit.ts";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { HttpError, httpJson } from "./channels-shared.ts";

interface MetaPick {
  orgId: string;
  platform: "FACEBOOK" | "INSTAGRAM";
  pages: {
    pageId: string;
    name: string;
    canMessage: boolean;
    messengerConnected: boolean;
    instagram: { accountId: string; username: string | null; name: string | null; connected: boolean } | null;
  }[];
}

type Choice = Record<string, { messenger: boolean; instagram: boolean }>;

/**
 * After Facebook Login: the Pages the person manages, each with Messenger and (when linked) its
 * Instagram account to tick. The user token waits in the server's sealed pick cookie; this dialog
 * only lists (GET) and connects (POST) through /inbox/connect/meta/pages.
 */
export function MetaPickDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const pick = useQuery({
    queryKey: ["inbox-meta-pick", org.id],
    queryFn: () => httpJson<MetaPick>("/inbox/connect/meta/pages"),
    enabled: open,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [choice, setChoice] = useState<Choice>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Preselect what the person came for: Messenger, or Instagram where a Page has an account.
  useEffect(() => {
    if (!pick.data) return;
    const initial: Choice = {};
    for (const p of pick.data.pages) {
      const wantsInstagram = pick.data.platform === "INSTAGRAM";
      initial[p.pageId] = {
        messenger: !wantsInstagram && p.canMessage && !p.messengerConnected && pick.data.pages.length === 1,
        instagram:
          wantsInstagram && Boolean(p.instagram) && !p.instagram?.connected && pick.data.pages.length === 1,
      };
    }
    setChoice(initial);
  }, [pick.data]);

  const set = (pageId: string, key: "messenger" | "instagram", value: boolean) =>
    setChoice((prev) => ({
      ...prev,
      [pageId]: { messenger: false, instagram: false, ...prev[pageId], [key]: value },
    }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const pages = Object.entries(choice)
      .filter(([, c]) => c.messenger || c.instagram)
      .map(([pageId, c]) => ({ pageId, messenger: c.messenger, instagram: c.instagram }));
    if (pages.length === 0) {
      setError(t("inboxChannels.meta.pickOne"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await httpJson<{ connections: unknown[] }>("/inbox/connect/meta/pages", {
        method: "POST",
        body: JSON.stringify({ pages }),
      });
      await utils.inboxConnections.invalidate();
      toast.success(t("inboxChannels.meta.done", { count: result.connections.length }));
      onOpenChange(false);
    } catch (err) {
      if (err instanceof HttpError && err.data.reason === "PLAN_LIMIT") {
        reportPlanLimit({ data: err.data }, { orgId: org.id });
        setError(t("inboxChannels.errors.PLAN_LIMIT"));
      } else setError(err instanceof Error ? err.message : t("inboxChannels.errors.unknown"));
    } finally {
      setBusy(false);
    }
  };

  let body: ReactNode;
  if (pick.isPending) body = <SkeletonLines lines={4} />;
  else if (pick.isError) {
    const expired = pick.error instanceof HttpError && pick.error.status === 412;
    body = (
      <Alert variant={expired ? "warning" : "destructive"}>
        {expired ? t("inboxChannels.meta.expired") : t("inboxChannels.meta.failed")}
      </Alert>
    );
  } else if (pick.data.pages.length === 0) body = <Alert>{t("inboxChannels.meta.empty")}</Alert>;
  else
    body = (
      <ul className="grid max-h-[50vh] gap-3 overflow-y-auto">
        {pick.data.pages.map((page) => (
          <li key={page.pageId} className="grid gap-2 rounded-lg border p-3" data-page-id={page.pageId}>
            <p className="font-medium">{page.name}</p>
            <CheckboxField
              label={t("inboxChannels.meta.messenger")}
              description={
                page.messengerConnected
                  ? t("inboxChannels.meta.connected")
                  : page.canMessage
                    ? undefined
                    : t("inboxChannels.meta.cannotMessage")
              }
              checked={choice[page.pageId]?.messenger ?? false}
              disabled={page.messengerConnected || !page.canMessage}
              onCheckedChange={(v) => set(page.pageId, "messenger", v === true)}
            />
            {page.instagram ? (
              <CheckboxField
                label={
                  page.instagram.username
                    ? t("inboxChannels.meta.instagram", { username: page.instagram.username })
                    : t("inboxChannels.meta.instagramNoName")
                }
                description={page.instagram.connected ? t("inboxChannels.meta.connected") : undefined}
                checked={choice[page.pageId]?.instagram ?? false}
                disabled={page.instagram.connected}
                onCheckedChange={(v) => set(page.pageId, "instagram", v === true)}
              />
            ) : (
              <p className="text-sm text-muted-foreground">{t("inboxChannels.meta.noInstagram")}</p>
            )}
          </li>
        ))}
      </ul>
    );

  return (
    <Dialog open={open} onOpenChange={(next) => !busy && onOpenChange(next)}>
      <DialogContent className="max-w-lg">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{t("inboxChannels.meta.title")}</DialogTitle>
            <DialogDescription>{t("inboxChannels.meta.body")}</DialogDescription>
          </DialogHeader>
          <FormError>{error}</FormError>
          {pick.isPending ? <p className="sr-only">{t("inboxChannels.meta.loading")}</p> : null}
          {body}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={busy} disabled={!pick.data || pick.data.pages.length === 0}>
              {t("inboxChannels.meta.submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
