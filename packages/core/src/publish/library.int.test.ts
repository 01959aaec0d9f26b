import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import { connectSandbox } from "./channels/channel.service.ts";
import { addComment, deleteComment, listComments } from "./comments/comment.service.ts";
import { assignCustomer, createCustomer, listCustomers } from "./customers/customer.service.ts";
import { deleteMedia, listMedia, updateMedia } from "./media/media.service.ts";
import { createPost, listPosts } from "./posts/post.service.ts";
import { createSignature, listSignatures, updateSignature } from "./signatures/signature.service.ts";
import { createTag, deleteTag, listTags } from "./tags/tag.service.ts";

// The composer's companions on real Postgres: signatures (one auto-added), tags, customers
// grouping channels (and filtering the calendar), team comments with their permissions.

const { db, deps } = await useTestEnv();

async function workspace() {
  deps.clock.set("2027-06-01T08:00:00Z");
  const staff = await makeStaffedOrg(db);
  const channel = await connectSandbox(deps, actor(staff.admin), { orgId: staff.org.id });
  return { ...staff, channel };
}

describe("signatures", () => {
  it("one auto-add at a time: choosing another turns the first off, and new posts get the chosen one", async () => {
    const { org, member, channel } = await workspace();
    const who = actor(member);
    const first = await createSignature(deps, who, { orgId: org.id, content: "— First", autoAdd: true });
    const second = await createSignature(deps, who, { orgId: org.id, content: "— Second" });
    await updateSignature(deps, who, { orgId: org.id, signatureId: second.id, autoAdd: true });
    const all = await listSignatures(deps, who, { orgId: org.id });
    expect(all.map((s) => [s.id, s.autoAdd])).toEqual([
      [first.id, false],
      [second.id, true],
    ]);
    const [post] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Hello",
      publishAt: null,
    });
    expect(post?.content).toBe("Hello\n\n— Second");
    const [bare] = await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Plain",
      publishAt: null,
      addSignature: false,
    });
    expect(bare?.content).toBe("Plain");
    // The database itself refuses a second live auto-add.
    await expect(
      db.signatures.create({ data: { organizationId: org.id, content: "x", autoAdd: true } }),
    ).rejects.toThrow();
  });
});

describe("tags and customers", () => {
  it("a deleted tag can't be picked; customers are unique by name and filter the calendar", async () => {
    const { org, admin, member, channel } = await workspace();
    const who = actor(member);
    const tag = await createTag(deps, who, { orgId: org.id, name: "Promo", color: "#00AA00" });
    expect(await listTags(deps, who, { orgId: org.id })).toEqual([
      { id: tag.id, name: "Promo", color: "#00aa00" },
    ]);
    await deleteTag(deps, who, { orgId: org.id, tagId: tag.id });
    const err = await appError(
      createPost(deps, who, {
        orgId: org.id,
        channels: [{ channelId: channel.id }],
        content: "x",
        tagIds: [tag.id],
      }),
    );
    expect(err.fieldErrors).toEqual({ tagIds: "A tag no longer exists." });

    const acme = await createCustomer(deps, actor(admin), { orgId: org.id, name: "Acme" });
    const dup = await appError(createCustomer(deps, actor(admin), { orgId: org.id, name: "acme" }));
    expect(dup.code).toBe("CONFLICT");
    expect((await appError(createCustomer(deps, who, { orgId: org.id, name: "Other" }))).code).toBe(
      "FORBIDDEN",
    );
    const other = await connectSandbox(deps, actor(admin), { orgId: org.id, name: "Other channel" });
    await assignCustomer(deps, actor(admin), { orgId: org.id, channelId: channel.id, customerId: acme.id });
    expect(await listCustomers(deps, who, { orgId: org.id })).toEqual([
      { id: acme.id, name: "Acme", channelCount: 1 },
    ]);
    await createPost(deps, who, {
      orgId: org.id,
      channels: [{ channelId: channel.id }, { channelId: other.id }],
      content: "Both",
      publishAt: { date: "2027-06-03", time: "10:00" },
    });
    const forAcme = await listPosts(deps, who, {
      orgId: org.id,
      from: "2027-06-01",
      to: "2027-07-01",
      customerId: acme.id,
    });
    expect(forAcme.map((p) => p.channel.id)).toEqual([channel.id]);
  });
});

describe("comments", () => {
  it("members comment on a post; only the author or an admin deletes", async () => {
    const { org, admin, agent, member, channel } = await workspace();
    const [post] = await createPost(deps, actor(member), {
      orgId: org.id,
      channels: [{ channelId: channel.id }],
      content: "Review me",
      draft: true,
    });
    const postId = post?.id as string;
    const mine = await addComment(deps, actor(member), { orgId: org.id, postId, content: "Looks good?" });
    await addComment(deps, actor(agent), { orgId: org.id, postId, content: "Shorter, please." });
    expect((await listComments(deps, actor(admin), { orgId: org.id, postId })).map((c) => c.content)).toEqual(
      ["Looks good?", "Shorter, please."],
    );
    expect(
      (await appError(deleteComment(deps, actor(agent), { orgId: org.id, commentId: mine.id }))).code,
    ).toBe("FORBIDDEN");
    await deleteComment(deps, actor(admin), { orgId: org.id, commentId: mine.id });
    expect(await listComments(deps, actor(member), { orgId: org.id, postId })).toHaveLength(1);
  });
});

describe("media library", () => {
  it("lists by type, sets alt text, and a deleted item can't be attached any more", async () => {
    const { org, member, channel } = await workspace();
    const who = actor(member);
    const image = await db.media.create({
      data: { organizationId: org.id, name: "a.png", path: "k/a.png", type: "image", fileSize: 10 },
    });
    await db.media.create({
      data: { organizationId: org.id, name: "b.mp4", path: "k/b.mp4", type: "video", fileSize: 10 },
    });
    expect((await listMedia(deps, who, { orgId: org.id, type: "image" })).map((m) => m.id)).toEqual([
      image.id,
    ]);
    expect((await updateMedia(deps, who, { orgId: org.id, mediaId: image.id, alt: "A red bike" })).alt).toBe(
      "A red bike",
    );
    await deleteMedia(deps, who, { orgId: org.id, mediaId: image.id });
    const err = await appError(
      createPost(deps, who, {
        orgId: org.id,
        channels: [{ channelId: channel.id }],
        content: "x",
        media: [image.id],
      }),
    );
    expect(err.fieldErrors).toEqual({ media: "An attachment is no longer in the media library." });
    expect(await listMedia(deps, who, { orgId: org.id })).toHaveLength(1);
  });
});
