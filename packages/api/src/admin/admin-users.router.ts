import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import {
  addNoteInput,
  userActionInput,
  userIdInput,
  userListInput,
} from "@quartet/core/platform/admin-users.schema";
import {
  addUserNote,
  disableUser,
  enableUser,
  getUser,
  listUsers,
  lockUser,
  revokeUserSessions,
  unlockUser,
} from "@quartet/core/platform/admin-users.service";
import { adminProcedure, router } from "../trpc.ts";

export const adminUsersRouter = router({
  list: adminProcedure
    .input(userListInput)
    .query(({ ctx, input }) => listUsers(ctx.deps, adminActorOf(ctx), input)),
  get: adminProcedure
    .input(userIdInput)
    .query(({ ctx, input }) => getUser(ctx.deps, adminActorOf(ctx), input)),
  lock: adminProcedure
    .input(userActionInput)
    .mutation(({ ctx, input }) => lockUser(ctx.deps, adminActorOf(ctx), input)),
  unlock: adminProcedure
    .input(userActionInput)
    .mutation(({ ctx, input }) => unlockUser(ctx.deps, adminActorOf(ctx), input)),
  disable: adminProcedure
    .input(userActionInput)
    .mutation(({ ctx, input }) => disableUser(ctx.deps, adminActorOf(ctx), input)),
  enable: adminProcedure
    .input(userActionInput)
    .mutation(({ ctx, input }) => enableUser(ctx.deps, adminActorOf(ctx), input)),
  revokeSessions: adminProcedure
    .input(userIdInput)
    .mutation(({ ctx, input }) => revokeUserSessions(ctx.deps, adminActorOf(ctx), input)),
  addNote: adminProcedure
    .input(addNoteInput)
    .mutation(({ ctx, input }) => addUserNote(ctx.deps, adminActorOf(ctx), input)),
});
