import {
  articleInput,
  categoryInput,
  centerInput,
  contactInput,
  portalReplyInput,
  portalTicketInput,
  searchInput,
  submitSurveyInput,
  suggestInput,
  surveyInput,
  voteInput,
} from "@quartet/core/desk/help-center/help-center.schema";
import {
  getHelpArticle,
  getHelpCategory,
  getHelpCenter,
  getPortalTicket,
  getSurvey,
  replyToPortalTicket,
  searchHelpCenter,
  submitContactForm,
  submitSurvey,
  suggestArticles,
  voteOnArticle,
} from "@quartet/core/desk/help-center/help-center.service";
import { publicProcedure, router } from "../trpc.ts";

/**
 * The public help center of a workspace (`/help/<slug>`), no account: addressed by the workspace
 * slug, never an orgId; ticket pages by ticket id + the access token from the customer's mail.
 */
export const helpRouter = router({
  center: publicProcedure.input(centerInput).query(({ ctx, input }) => getHelpCenter(ctx.deps, input)),
  category: publicProcedure.input(categoryInput).query(({ ctx, input }) => getHelpCategory(ctx.deps, input)),
  // A query (the page reads it) that also counts the visitor's view, de-duplicated per hour.
  article: publicProcedure
    .input(articleInput)
    .query(({ ctx, input }) => getHelpArticle(ctx.deps, ctx.req, input)),
  search: publicProcedure
    .input(searchInput)
    .query(({ ctx, input }) => searchHelpCenter(ctx.deps, ctx.req, input)),
  suggest: publicProcedure
    .input(suggestInput)
    .query(({ ctx, input }) => suggestArticles(ctx.deps, ctx.req, input)),
  vote: publicProcedure
    .input(voteInput)
    .mutation(({ ctx, input }) => voteOnArticle(ctx.deps, ctx.req, input)),
  contact: publicProcedure
    .input(contactInput)
    .mutation(({ ctx, input }) => submitContactForm(ctx.deps, ctx.req, input)),
  ticket: publicProcedure
    .input(portalTicketInput)
    .query(({ ctx, input }) => getPortalTicket(ctx.deps, input)),
  reply: publicProcedure
    .input(portalReplyInput)
    .mutation(({ ctx, input }) => replyToPortalTicket(ctx.deps, input)),
  survey: publicProcedure.input(surveyInput).query(({ ctx, input }) => getSurvey(ctx.deps, input)),
  submitSurvey: publicProcedure
    .input(submitSurveyInput)
    .mutation(({ ctx, input }) => submitSurvey(ctx.deps, input)),
});
