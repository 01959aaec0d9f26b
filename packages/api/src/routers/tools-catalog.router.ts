import {
  catalogGetInput,
  catalogListInput,
  getTool,
  listTools,
} from "@quartet/core/tools/catalog/catalog.service";
import { publicProcedure, router } from "../trpc.ts";

/** The public tool catalogue in the caller's locale (the /tools grid and each tool's landing page). */
export const toolsCatalogRouter = router({
  list: publicProcedure.input(catalogListInput).query(({ ctx, input }) => listTools(ctx.deps, input)),
  get: publicProcedure.input(catalogGetInput).query(({ ctx, input }) => getTool(ctx.deps, input)),
});
