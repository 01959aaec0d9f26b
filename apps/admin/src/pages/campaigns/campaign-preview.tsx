import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { Skeleton } from "@quartet/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@quartet/ui/tabs";
import { useMemo, useState } from "react";
import { trpc } from "../../lib/trpc.ts";
import { LOCALES, type Locale } from "./campaign-shared.tsx";

/** The saved campaign as a recipient reading en, fr or ar gets it (subject and the mail itself). */
export function CampaignPreview({ campaignId, stale }: { campaignId: string | null; stale?: boolean }) {
  const { t } = useTranslation("admin");
  const [locale, setLocale] = useState<Locale>("en");
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("campaigns.preview.title")}</CardTitle>
        <CardDescription>
          {campaignId ? t("campaigns.preview.description") : t("campaigns.preview.saveFirst")}
        </CardDescription>
        {stale ? (
          <p role="status" className="text-sm font-medium text-warning-soft-foreground">
            {t("campaigns.preview.staleHint")}
          </p>
        ) : null}
      </CardHeader>
      {campaignId ? (
        <CardContent>
          <Tabs value={locale} onValueChange={(v) => setLocale(v as Locale)}>
            <TabsList aria-label={t("campaigns.preview.title")}>
              {LOCALES.map((l) => (
                <TabsTrigger key={l} value={l}>
                  {t(`campaigns.editor.localeNames.${l}`)}
                </TabsTrigger>
              ))}
            </TabsList>
            {LOCALES.map((l) => (
              <TabsContent key={l} value={l} className="pt-3">
                {l === locale ? <PreviewFrame campaignId={campaignId} locale={l} /> : null}
              </TabsContent>
            ))}
          </Tabs>
        </CardContent>
      ) : null}
    </Card>
  );
}

function PreviewFrame({ campaignId, locale }: { campaignId: string; locale: Locale }) {
  const { t } = useTranslation("admin");
  const preview = trpc.campaigns.preview.useQuery({ id: campaignId, locale });
  return (
    <QueryStates
      query={preview}
      compactError
      loading={
        <div className="grid gap-2">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-96 w-full" />
        </div>
      }
    >
      {(mail) => (
        <div className="grid gap-2" data-testid={`campaign-preview-${locale}`}>
          <p className="text-sm">
            <span className="text-muted-foreground">{t("campaigns.preview.subjectLabel")} </span>
            <span dir="auto" className="font-medium">
              {mail.subject}
            </span>
          </p>
          <MailFrame
            html={mail.html}
            title={t("campaigns.preview.frameTitle", {
              language: t(`campaigns.editor.localeNames.${locale}`),
            })}
          />
        </div>
      )}
    </QueryStates>
  );
}

/** The mail's HTML in a fully sandboxed frame (no scripts, no access to the console). */
function MailFrame({ html, title }: { html: string; title: string }) {
  const srcDoc = useMemo(() => {
    const head = `<meta charset="utf-8"><base target="_blank"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'; font-src data:">`;
    return /<head[^>]*>/i.test(html)
      ? html.replace(/<head[^>]*>/i, (tag) => `${tag}${head}`)
      : `<!doctype html><html><head>${head}</head><body>${html}</body></html>`;
  }, [html]);
  return (
    <iframe
      title={title}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      className="h-[28rem] w-full rounded-md border bg-white"
    />
  );
}
