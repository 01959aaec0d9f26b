import { Section } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { CopyButton } from "@quartet/ui/copy-button";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { SettingsCardQuery } from "../../components/settings-card.tsx";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

/** The request integrators copy; the key placeholder stays until a new key is on screen. */
function curlExample(origin: string, key: string): string {
  const body = JSON.stringify({
    subject: "Order #1001 never arrived",
    description: "Tracking shows no movement since Monday.",
    requester: { email: "customer@example.com", name: "Sam Customer" },
  });
  return [
    `curl -X POST ${origin}/api/v1/desk/tickets \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join("\n");
}

/**
 * "API access" on the Desk general settings: whether the workspace has a Tickets API key, and for
 * admins generate / regenerate / revoke. The clear key exists only in this component's state
 * right after generating: the server keeps just its hash.
 */
export function ApiKeyCard() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const canManage = atLeast(org.role, "ADMIN");
  const utils = trpc.useUtils();
  const status = trpc.orgApiKey.status.useQuery({ orgId: org.id });
  const rotate = trpc.orgApiKey.rotate.useMutation();
  const revoke = trpc.orgApiKey.revoke.useMutation();
  const [confirm, setConfirm] = useState<"rotate" | "revoke" | null>(null);
  const [newKey, setNewKey] = useState<string | null>(null);

  async function generate() {
    const { key } = await rotate.mutateAsync({ orgId: org.id });
    setNewKey(key);
    utils.orgApiKey.status.setData({ orgId: org.id }, { hasKey: true });
  }

  // The first key needs no confirmation (nothing stops working), so errors surface as a toast.
  async function generateFirst() {
    try {
      await generate();
    } catch (error) {
      toast.error(errorMessage(error, t("errors.generic")));
    }
  }

  async function doRevoke() {
    const next = await revoke.mutateAsync({ orgId: org.id });
    setNewKey(null);
    utils.orgApiKey.status.setData({ orgId: org.id }, next);
    toast.success(t("deskSettings.apiKey.revoked"));
  }

  const example = curlExample(window.location.origin, newKey ?? "qk_…");

  return (
    <Section
      // Continues the settings page's divided sections (the form above keeps its own dividers).
      className="border-t"
      title={t("deskSettings.apiKey.title")}
      description={t("deskSettings.apiKey.description")}
    >
      <SettingsCardQuery query={status} skeletonLines={3}>
        {({ hasKey }) => (
          <Card data-testid="desk-api-key-card">
            <CardContent className="grid gap-5 pt-5">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="flex items-center gap-2 text-sm">
                  <Badge variant={hasKey ? "success" : "neutral"}>
                    {hasKey ? t("deskSettings.apiKey.statusActive") : t("deskSettings.apiKey.statusNone")}
                  </Badge>
                </div>
                {canManage ? (
                  <div className="flex flex-wrap gap-2">
                    {hasKey ? (
                      <Button type="button" variant="ghost" onClick={() => setConfirm("revoke")}>
                        {t("deskSettings.apiKey.revoke")}
                      </Button>
                    ) : null}
                    <Button
                      type="button"
                      variant={hasKey ? "outline" : "primary"}
                      loading={rotate.isPending && !hasKey}
                      onClick={() => (hasKey ? setConfirm("rotate") : void generateFirst())}
                    >
                      {hasKey ? t("deskSettings.apiKey.regenerate") : t("deskSettings.apiKey.generate")}
                    </Button>
                  </div>
                ) : null}
              </div>
              {!canManage ? (
                <p className="text-sm text-muted-foreground">{t("deskSettings.apiKey.readOnly")}</p>
              ) : null}

              {newKey ? (
                <div
                  className="grid gap-2 rounded-md border border-primary/40 bg-primary/5 p-4"
                  data-testid="desk-api-new-key"
                >
                  <span className="text-sm font-medium">{t("deskSettings.apiKey.newKeyTitle")}</span>
                  <div className="flex flex-wrap items-center gap-2">
                    <code
                      dir="ltr"
                      className="min-w-0 max-w-full break-all rounded-md bg-muted px-2.5 py-1.5 text-sm"
                    >
                      {newKey}
                    </code>
                    <CopyButton type="button" value={newKey} label={t("deskSettings.apiKey.copyKey")} />
                  </div>
                  <p className="text-sm text-muted-foreground">{t("deskSettings.apiKey.newKeyHint")}</p>
                  <div>
                    <Button type="button" variant="ghost" size="sm" onClick={() => setNewKey(null)}>
                      {t("deskSettings.apiKey.hideKey")}
                    </Button>
                  </div>
                </div>
              ) : null}

              <div className="grid gap-2">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-sm font-medium">{t("deskSettings.apiKey.exampleTitle")}</span>
                  <CopyButton type="button" value={example} label={t("deskSettings.apiKey.copyExample")} />
                </div>
                <pre
                  dir="ltr"
                  className="whitespace-pre-wrap rounded-md bg-muted p-3 text-start text-xs leading-relaxed [overflow-wrap:anywhere]"
                  data-testid="desk-api-curl"
                >
                  <code>{example}</code>
                </pre>
                <p className="text-sm text-muted-foreground">{t("deskSettings.apiKey.docsHint")}</p>
              </div>
            </CardContent>
          </Card>
        )}
      </SettingsCardQuery>

      <ConfirmDialog
        open={confirm === "rotate"}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={t("deskSettings.apiKey.regenerateTitle")}
        description={t("deskSettings.apiKey.regenerateBody")}
        confirmLabel={t("deskSettings.apiKey.regenerate")}
        destructive
        onConfirm={generate}
      />
      <ConfirmDialog
        open={confirm === "revoke"}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={t("deskSettings.apiKey.revokeTitle")}
        description={t("deskSettings.apiKey.revokeBody")}
        confirmLabel={t("deskSettings.apiKey.revoke")}
        destructive
        onConfirm={doRevoke}
      />
    </Section>
  );
}
