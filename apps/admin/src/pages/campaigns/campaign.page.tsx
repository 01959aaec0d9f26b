import { Page } from "@quartet/ui/app-shell";
import { ArrowLeft, Megaphone } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { Link, useParams } from "react-router";
import { DetailPage, retryUnlessMissing } from "../../components/detail-page.tsx";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";
import { CampaignEditor } from "./campaign-editor.tsx";
import { CampaignProgressView } from "./campaign-progress.tsx";
import { isEditable } from "./campaign-shared.tsx";

/** /campaigns/new and /campaigns/:campaignId: the editor while it may change, else its progress. */
export default function CampaignPage() {
  const { campaignId } = useParams();
  return campaignId ? <ExistingCampaign id={campaignId} /> : <NewCampaign />;
}

function BackLink() {
  const { t } = useTranslation("admin");
  return (
    <Link
      to="/campaigns"
      className="mb-4 inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
    >
      <ArrowLeft className="size-4 rtl:rotate-180" aria-hidden />
      {t("campaigns.back")}
    </Link>
  );
}

function NewCampaign() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("campaigns.editor.newTitle"));
  return (
    <Page className="max-w-7xl">
      <BackLink />
      <CampaignEditor campaign={null} />
    </Page>
  );
}

function ExistingCampaign({ id }: { id: string }) {
  const { t } = useTranslation("admin");
  const query = trpc.campaigns.get.useQuery({ id }, { retry: retryUnlessMissing });
  useAdminTitle(query.data?.name ?? t("campaigns.title"));
  return (
    <DetailPage
      back={{ to: "/campaigns", label: t("campaigns.back") }}
      query={query}
      loading={
        <div className="grid gap-6">
          <Skeleton className="h-8 w-72" />
          <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
            <Skeleton className="h-96 w-full" />
            <Skeleton className="h-72 w-full" />
          </div>
        </div>
      }
      notFound={{
        icon: Megaphone,
        title: t("campaigns.notFoundTitle"),
        description: t("campaigns.notFoundDescription"),
        backLabel: t("campaigns.back"),
      }}
    >
      {(c) =>
        isEditable(c.status) ? (
          <CampaignEditor key={`${c.id}:${String(c.updatedAt)}`} campaign={c} />
        ) : (
          <CampaignProgressView campaign={c} />
        )
      }
    </DetailPage>
  );
}
