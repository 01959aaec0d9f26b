import {
  createRuleInput,
  listExecutionsInput,
  listRulesInput,
  reorderRulesInput,
  ruleIdInput,
  setRuleEnabledInput,
  updateRuleInput,
} from "@quartet/core/desk/automation/automation.schema";
import {
  createRule,
  deleteRule,
  getRule,
  listExecutions,
  listRules,
  reorderRules,
  setRuleEnabled,
  updateRule,
} from "@quartet/core/desk/automation/automation.service";
import { orgProcedure, router } from "../trpc.ts";

/** Desk automation rules: agents read rules and their log, admins and owners manage them. */
export const deskAutomationRouter = router({
  list: orgProcedure("AGENT")
    .input(listRulesInput)
    .query(({ ctx, input }) => listRules(ctx.deps, ctx.actor, input)),
  get: orgProcedure("AGENT")
    .input(ruleIdInput)
    .query(({ ctx, input }) => getRule(ctx.deps, ctx.actor, input)),
  create: orgProcedure("ADMIN")
    .input(createRuleInput)
    .mutation(({ ctx, input }) => createRule(ctx.deps, ctx.actor, input)),
  update: orgProcedure("ADMIN")
    .input(updateRuleInput)
    .mutation(({ ctx, input }) => updateRule(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("ADMIN")
    .input(ruleIdInput)
    .mutation(({ ctx, input }) => deleteRule(ctx.deps, ctx.actor, input)),
  setEnabled: orgProcedure("ADMIN")
    .input(setRuleEnabledInput)
    .mutation(({ ctx, input }) => setRuleEnabled(ctx.deps, ctx.actor, input)),
  reorder: orgProcedure("ADMIN")
    .input(reorderRulesInput)
    .mutation(({ ctx, input }) => reorderRules(ctx.deps, ctx.actor, input)),
  executions: orgProcedure("AGENT")
    .input(listExecutionsInput)
    .query(({ ctx, input }) => listExecutions(ctx.deps, ctx.actor, input)),
});
