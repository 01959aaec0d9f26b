import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import {
  campaignIdInput,
  campaignListInput,
  countRecipientsInput,
  createCampaignInput,
  previewCampaignInput,
  scheduleCampaignInput,
  testSendInput,
  updateCampaignInput,
} from "@quartet/core/platform/campaigns/campaign.schema";
import {
  campaignProgress,
  cancelCampaign,
  countRecipients,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  previewCampaign,
  scheduleCampaign,
  sendCampaignNow,
  testSendCampaign,
  updateCampaign,
} from "@quartet/core/platform/campaigns/campaign.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminCampaignsRouter = router({
  list: adminProcedure
    .input(campaignListInput)
    .query(({ ctx, input }) => listCampaigns(ctx.deps, adminActorOf(ctx), input)),
  get: adminProcedure
    .input(campaignIdInput)
    .query(({ ctx, input }) => getCampaign(ctx.deps, adminActorOf(ctx), input)),
  countRecipients: adminProcedure
    .input(countRecipientsInput)
    .query(({ ctx, input }) => countRecipients(ctx.deps, adminActorOf(ctx), input)),
  create: adminProcedure
    .input(createCampaignInput)
    .mutation(({ ctx, input }) => createCampaign(ctx.deps, adminActorOf(ctx), input)),
  update: adminProcedure
    .input(updateCampaignInput)
    .mutation(({ ctx, input }) => updateCampaign(ctx.deps, adminActorOf(ctx), input)),
  delete: adminProcedure
    .input(campaignIdInput)
    .mutation(({ ctx, input }) => deleteCampaign(ctx.deps, adminActorOf(ctx), input)),
  preview: adminProcedure
    .input(previewCampaignInput)
    .query(({ ctx, input }) => previewCampaign(ctx.deps, adminActorOf(ctx), input)),
  testSend: adminProcedure
    .input(testSendInput)
    .mutation(({ ctx, input }) => testSendCampaign(ctx.deps, adminActorOf(ctx), input)),
  schedule: adminProcedure
    .input(scheduleCampaignInput)
    .mutation(({ ctx, input }) => scheduleCampaign(ctx.deps, adminActorOf(ctx), input)),
  sendNow: adminProcedure
    .input(campaignIdInput)
    .mutation(({ ctx, input }) => sendCampaignNow(ctx.deps, adminActorOf(ctx), input)),
  cancel: adminProcedure
    .input(campaignIdInput)
    .mutation(({ ctx, input }) => cancelCampaign(ctx.deps, adminActorOf(ctx), input)),
  progress: adminProcedure
    .input(campaignIdInput)
    .query(({ ctx, input }) => campaignProgress(ctx.deps, adminActorOf(ctx), input)),
});
