import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createArticle, setArticleStatus } from "./kb-article.service.ts";
import { createCategory, deleteCategory, listCategoryTree, updateCategory } from "./kb-category.service.ts";

const { db, deps } = await useTestEnv();

const desk = () => makeStaffedOrg(db);

describe("kb categories", () => {
  it("admins build a tree; agents read it with article counts per status", async () => {
    const { org, admin, agent } = await desk();
    const billing = await createCategory(deps, actor(admin), {
      orgId: org.id,
      name: " Billing & Payments ",
      description: "Money",
      icon: "credit-card",
      order: 2,
    });
    expect(billing).toMatchObject({
      name: "Billing & Payments",
      slug: "billing-payments",
      icon: "credit-card",
    });
    const start = await createCategory(deps, actor(admin), {
      orgId: org.id,
      name: "Getting started",
      order: 1,
    });
    const invoices = await createCategory(deps, actor(admin), {
      orgId: org.id,
      name: "Invoices",
      parentId: billing.id,
    });
    const a1 = await createArticle(deps, actor(agent), {
      orgId: org.id,
      title: "A",
      categoryId: invoices.id,
    });
    await createArticle(deps, actor(agent), { orgId: org.id, title: "B", categoryId: invoices.id });
    await setArticleStatus(deps, actor(agent), { orgId: org.id, articleId: a1.id, status: "REVIEW" });

    const tree = await listCategoryTree(deps, actor(agent), { orgId: org.id });
    expect(tree.map((c) => c.name)).toEqual(["Getting started", "Billing & Payments"]);
    expect(tree[0]?.id).toBe(start.id);
    expect(tree[1]?.children.map((c) => c.id)).toEqual([invoices.id]);
    expect(tree[1]?.children[0]?.counts).toEqual({
      DRAFT: 1,
      REVIEW: 1,
      PUBLISHED: 0,
      ARCHIVED: 0,
      total: 2,
    });
    expect(tree[1]?.counts.total).toBe(0);
  });

  it("slugs are unique per workspace: -2, -3 on a clash; a chosen slug that is taken is a field error", async () => {
    const { org, admin } = await desk();
    const other = await desk();
    const slugs = [];
    for (let i = 0; i < 3; i++) {
      slugs.push((await createCategory(deps, actor(admin), { orgId: org.id, name: "FAQ" })).slug);
    }
    expect(slugs).toEqual(["faq", "faq-2", "faq-3"]);
    // Another workspace has its own namespace.
    expect((await createCategory(deps, actor(other.admin), { orgId: other.org.id, name: "FAQ" })).slug).toBe(
      "faq",
    );
    // Accents dropped, other scripts kept.
    expect((await createCategory(deps, actor(admin), { orgId: org.id, name: "Sécurité" })).slug).toBe(
      "securite",
    );
    expect((await createCategory(deps, actor(admin), { orgId: org.id, name: "الفواتير" })).slug).toBe(
      "الفواتير",
    );

    const taken = await appError(
      createCategory(deps, actor(admin), { orgId: org.id, name: "X", slug: "faq-2" }),
    );
    expect(taken.code).toBe("CONFLICT");
    expect(taken.fieldErrors).toEqual({ slug: expect.any(String) });
    const renamed = await appError(
      updateCategory(deps, actor(admin), {
        orgId: org.id,
        categoryId: (await createCategory(deps, actor(admin), { orgId: org.id, name: "Y" })).id,
        slug: "faq",
      }),
    );
    expect(renamed.code).toBe("CONFLICT");
  });

  it("renaming keeps the slug; moving under itself or a descendant is refused", async () => {
    const { org, admin } = await desk();
    const root = await createCategory(deps, actor(admin), { orgId: org.id, name: "Root" });
    const child = await createCategory(deps, actor(admin), {
      orgId: org.id,
      name: "Child",
      parentId: root.id,
    });
    const grandchild = await createCategory(deps, actor(admin), {
      orgId: org.id,
      name: "Grandchild",
      parentId: child.id,
    });
    const renamed = await updateCategory(deps, actor(admin), {
      orgId: org.id,
      categoryId: root.id,
      name: "Top",
    });
    expect(renamed).toMatchObject({ name: "Top", slug: "root" });

    const self = await appError(
      updateCategory(deps, actor(admin), { orgId: org.id, categoryId: root.id, parentId: root.id }),
    );
    expect(self).toMatchObject({ code: "BAD_REQUEST", reason: "CATEGORY_CYCLE" });
    expect(self.fieldErrors?.parentId).toMatch(/own parent/);
    const loop = await appError(
      updateCategory(deps, actor(admin), { orgId: org.id, categoryId: root.id, parentId: grandchild.id }),
    );
    expect(loop).toMatchObject({ code: "BAD_REQUEST", reason: "CATEGORY_CYCLE" });
    // The tree is unchanged.
    expect((await db.kBCategory.findUniqueOrThrow({ where: { id: root.id } })).parentId).toBeNull();

    // A legal move: the grandchild to the top level, then under the root again.
    const moved = await updateCategory(deps, actor(admin), {
      orgId: org.id,
      categoryId: grandchild.id,
      parentId: null,
    });
    expect(moved.parentId).toBeNull();
    const back = await updateCategory(deps, actor(admin), {
      orgId: org.id,
      categoryId: grandchild.id,
      parentId: root.id,
      order: 5,
    });
    expect(back).toMatchObject({ parentId: root.id, order: 5 });
  });

  it("only an empty category can be deleted, with a clear reason otherwise", async () => {
    const { org, admin, agent } = await desk();
    const parent = await createCategory(deps, actor(admin), { orgId: org.id, name: "Parent" });
    const child = await createCategory(deps, actor(admin), {
      orgId: org.id,
      name: "Child",
      parentId: parent.id,
    });
    await createArticle(deps, actor(agent), { orgId: org.id, title: "In child", categoryId: child.id });

    const hasChildren = await appError(
      deleteCategory(deps, actor(admin), { orgId: org.id, categoryId: parent.id }),
    );
    expect(hasChildren).toMatchObject({ code: "PRECONDITION_FAILED", reason: "CATEGORY_NOT_EMPTY" });
    expect(hasChildren.message).toMatch(/1 subcategory/);
    const hasArticles = await appError(
      deleteCategory(deps, actor(admin), { orgId: org.id, categoryId: child.id }),
    );
    expect(hasArticles.message).toMatch(/1 article\b/);
    expect(await db.kBCategory.count({ where: { organizationId: org.id } })).toBe(2);

    const empty = await createCategory(deps, actor(admin), { orgId: org.id, name: "Empty" });
    await deleteCategory(deps, actor(admin), { orgId: org.id, categoryId: empty.id });
    expect(await db.kBCategory.findUnique({ where: { id: empty.id } })).toBeNull();
  });

  it("agents can't manage categories, members can't read them, other workspaces' ids are NOT_FOUND", async () => {
    const { org, admin, agent, member } = await desk();
    const other = await desk();
    const cat = await createCategory(deps, actor(admin), { orgId: org.id, name: "Mine" });
    const theirs = await createCategory(deps, actor(other.admin), { orgId: other.org.id, name: "Theirs" });

    expect((await appError(createCategory(deps, actor(agent), { orgId: org.id, name: "No" }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await appError(updateCategory(deps, actor(agent), { orgId: org.id, categoryId: cat.id, name: "No" })))
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (await appError(deleteCategory(deps, actor(agent), { orgId: org.id, categoryId: cat.id }))).code,
    ).toBe("FORBIDDEN");
    expect((await appError(listCategoryTree(deps, actor(member), { orgId: org.id }))).code).toBe("FORBIDDEN");
    expect((await appError(listCategoryTree(deps, actor(admin), { orgId: other.org.id }))).code).toBe(
      "NOT_FOUND",
    );

    for (const call of [
      () => updateCategory(deps, actor(admin), { orgId: org.id, categoryId: theirs.id, name: "Stolen" }),
      () => deleteCategory(deps, actor(admin), { orgId: org.id, categoryId: theirs.id }),
      () => createCategory(deps, actor(admin), { orgId: org.id, name: "Under theirs", parentId: theirs.id }),
      () => updateCategory(deps, actor(admin), { orgId: org.id, categoryId: cat.id, parentId: theirs.id }),
    ]) {
      expect((await appError(call())).code).toBe("NOT_FOUND");
    }
    expect((await db.kBCategory.findUniqueOrThrow({ where: { id: theirs.id } })).name).toBe("Theirs");
  });

  it("a blank name is refused field by field", async () => {
    const { org, admin } = await desk();
    await expect(createCategory(deps, actor(admin), { orgId: org.id, name: "   " })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["name"], message: "Give the category a name." })],
    });
  });
});
