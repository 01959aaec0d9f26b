import { router } from "../trpc.ts";

export const orgsRouter = router({});
