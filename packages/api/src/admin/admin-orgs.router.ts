import { router } from "../trpc.ts";

export const adminOrgsRouter = router({});
