import {
  createPostInput,
  listRangeInput,
  postIdInput,
  scheduleInput,
  updatePostInput,
} from "@quartet/core/publish/posts/post.schema";
import {
  createPost,
  deletePost,
  duplicatePost,
  getPost,
  listPosts,
  previewPost,
  schedulePost,
  updatePost,
} from "@quartet/core/publish/posts/post.service";
import { createSetInput, nextSlotInput, setIdInput } from "@quartet/core/publish/slots/slot.schema";
import { createSet, deleteSet, listSets, nextFreeSlot } from "@quartet/core/publish/slots/slot.service";
import { z } from "zod";
import { orgProcedure, router } from "../trpc.ts";

/**
 * Publish → Posts: compose once for several channels, drafts, schedule and move (the calendar's
 * drag), duplicate, delete, the calendar's date range. Any member composes.
 */
export const publishPostsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listRangeInput)
    .query(({ ctx, input }) => listPosts(ctx.deps, ctx.actor, input)),
  get: orgProcedure("MEMBER")
    .input(postIdInput)
    .query(({ ctx, input }) => getPost(ctx.deps, ctx.actor, input)),
  create: orgProcedure("MEMBER")
    .input(createPostInput)
    .mutation(({ ctx, input }) => createPost(ctx.deps, ctx.actor, input)),
  update: orgProcedure("MEMBER")
    .input(updatePostInput)
    .mutation(({ ctx, input }) => updatePost(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("MEMBER")
    .input(postIdInput)
    .mutation(({ ctx, input }) => deletePost(ctx.deps, ctx.actor, input)),
  duplicate: orgProcedure("MEMBER")
    .input(postIdInput)
    .mutation(({ ctx, input }) => duplicatePost(ctx.deps, ctx.actor, input)),
  /** Schedules a draft group or moves a scheduled one (publishAt null: now). */
  schedule: orgProcedure("MEMBER")
    .input(scheduleInput)
    .mutation(({ ctx, input }) => schedulePost(ctx.deps, ctx.actor, input)),
  /**
   * The composer's live preview (each channel's text, length as its platform counts, issues). A
   * mutation only so a long text travels in the body, not the URL: it writes nothing.
   */
  preview: orgProcedure("MEMBER")
    .input(createPostInput)
    .mutation(({ ctx, input }) => previewPost(ctx.deps, ctx.actor, input)),
  nextFreeSlot: orgProcedure("MEMBER")
    .input(nextSlotInput)
    .query(({ ctx, input }) => nextFreeSlot(ctx.deps, ctx.actor, input)),
});

/** Publish → Posting sets: named time slots in a time zone. */
export const publishSetsRouter = router({
  list: orgProcedure("MEMBER")
    .input(z.object({ orgId: z.uuid() }))
    .query(({ ctx, input }) => listSets(ctx.deps, ctx.actor, input)),
  create: orgProcedure("MEMBER")
    .input(createSetInput)
    .mutation(({ ctx, input }) => createSet(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("MEMBER")
    .input(setIdInput)
    .mutation(({ ctx, input }) => deleteSet(ctx.deps, ctx.actor, input)),
});
