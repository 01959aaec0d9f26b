import { describe, expect, it } from "vitest";
import { ChannelError } from "./errors.ts";
import { checkPublishRules, countLength, PUBLISH_RULES, type PublishMedia } from "./publish.ts";
import { sandboxPublishProvider } from "./publish-sandbox.ts";

const image = (fileSize = 1000): PublishMedia => ({ id: "m1", path: "a.png", type: "image", fileSize });
const video = (durationMs: number): PublishMedia => ({
  id: "v1",
  path: "a.mp4",
  type: "video",
  fileSize: 1000,
  durationMs,
});

describe("countLength: as each platform counts", () => {
  it("X: a URL counts 23 whatever its length, CJK and emoji count 2", () => {
    const url = `https://example.com/${"a".repeat(80)}`;
    expect(countLength(`hi ${url}`, "twitter")).toBe(3 + 23);
    expect(countLength("日本語", "twitter")).toBe(6);
    expect(countLength("😀", "twitter")).toBe(2);
  });

  it("Mastodon: URLs 23, other characters one per code point", () => {
    expect(countLength(`日本 https://example.com/${"b".repeat(60)}`, "codepoints-url23")).toBe(3 + 23);
  });

  it("Bluesky: a family emoji is one grapheme, not 7 code points", () => {
    expect(countLength("👨‍👩‍👧‍👦", "graphemes")).toBe(1);
    expect(countLength("👨‍👩‍👧‍👦", "codepoints")).toBe(7);
  });
});

describe("checkPublishRules", () => {
  it("X refuses 281 weighted characters and accepts 280", () => {
    expect(checkPublishRules(PUBLISH_RULES.x, { text: "a".repeat(280), media: [] })).toEqual([]);
    const issues = checkPublishRules(PUBLISH_RULES.x, { text: "日".repeat(141), media: [] });
    expect(issues).toEqual([{ field: "content", message: "X allows 280 characters; this post counts 282." }]);
  });

  it("Instagram needs media; YouTube needs a title and exactly one video", () => {
    expect(checkPublishRules(PUBLISH_RULES.instagram, { text: "hi", media: [] })[0]?.field).toBe("media");
    const yt = checkPublishRules(PUBLISH_RULES.youtube, { text: "desc", media: [image(), image()] });
    expect(yt.map((i) => i.field).sort()).toEqual(["media", "media", "media", "title"]);
    expect(
      checkPublishRules(PUBLISH_RULES.youtube, { text: "d", title: "T", media: [video(60_000)] }),
    ).toEqual([]);
  });

  it("limits sizes and durations; Telegram's caption limit applies with media", () => {
    expect(checkPublishRules(PUBLISH_RULES.bluesky, { text: "x", media: [image(2 * 1024 * 1024)] })).toEqual([
      { field: "media", message: "Bluesky takes images up to 1 MB." },
    ]);
    expect(checkPublishRules(PUBLISH_RULES.x, { text: "x", media: [video(141_000)] })[0]?.message).toBe(
      "X takes videos up to 140 seconds.",
    );
    const long = "a".repeat(2000);
    expect(checkPublishRules(PUBLISH_RULES.telegram, { text: long, media: [] })).toEqual([]);
    expect(checkPublishRules(PUBLISH_RULES.telegram, { text: long, media: [image()] })[0]?.message).toBe(
      "Telegram allows 1024 characters with media; this post counts 2000.",
    );
  });
});

describe("sandboxPublishProvider", () => {
  const rows = new Map<string, string>();
  const provider = sandboxPublishProvider(
    {
      insert: async (e) => {
        const existing = rows.get(e.idempotencyKey);
        if (existing) return { id: existing };
        const id = `p${rows.size + 1}`;
        rows.set(e.idempotencyKey, id);
        return { id };
      },
      findByKey: async (_account, key) => {
        const id = rows.get(key);
        return id ? { id } : null;
      },
    },
    { urlOf: (id) => `http://app/sandbox/${id}` },
  );
  const creds = { accessToken: "", accountId: "acc" };

  it("publishes once per idempotency key and finds it by key", async () => {
    const a = await provider.publish(creds, { idempotencyKey: "k1", text: "hello", media: [] });
    const b = await provider.publish(creds, { idempotencyKey: "k1", text: "hello", media: [] });
    expect(b).toEqual(a);
    expect(rows.size).toBe(1);
    expect(await provider.findByIdempotencyKey(creds, "k1")).toEqual({
      releaseId: a.releaseId,
      releaseURL: `http://app/sandbox/${a.releaseId}`,
    });
    expect(await provider.findByIdempotencyKey(creds, "nope")).toBeNull();
  });

  it("fails on purpose: transient (retryable) and refused (not)", async () => {
    const transient = await provider
      .publish(creds, { idempotencyKey: "k2", text: "x [sandbox:unavailable]", media: [] })
      .catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(ChannelError);
    expect((transient as ChannelError).retryable).toBe(true);
    const refused = await provider
      .publish(creds, { idempotencyKey: "k3", text: "x [sandbox:reject]", media: [] })
      .catch((e: unknown) => e);
    expect((refused as ChannelError).retryable).toBe(false);
    expect(rows.has("k2") || rows.has("k3")).toBe(false);
  });
});
