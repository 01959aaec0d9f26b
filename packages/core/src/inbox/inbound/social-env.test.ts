import { describe, expect, it } from "vitest";
import { describeSocialConfig, parseSocialEnv } from "./social-env.ts";

describe("parseSocialEnv", () => {
  it("nothing set: no platform app (the sandbox and the widget only)", () => {
    const result = parseSocialEnv({}, true);
    expect(result).toEqual({
      ok: true,
      config: { meta: null, tiktok: null, media: { allowPrivateAddresses: false } },
    });
    if (result.ok) expect(describeSocialConfig(result.config)).toContain("none configured");
  });

  it("reads the Meta and TikTok apps with their base URLs", () => {
    const result = parseSocialEnv(
      {
        META_APP_ID: "123",
        META_APP_SECRET: " s3cret ",
        META_VERIFY_TOKEN: "verify-me",
        META_GRAPH_URL: "http://127.0.0.1:9000/graph/v21.0",
        TIKTOK_CLIENT_KEY: "ck",
        TIKTOK_CLIENT_SECRET: "cs",
        TIKTOK_API_URL: "http://127.0.0.1:9000/tiktok",
        TIKTOK_PKCE: "true",
        SOCIAL_MEDIA_ALLOW_PRIVATE: "1",
      },
      false,
    );
    expect(result).toEqual({
      ok: true,
      config: {
        meta: {
          appId: "123",
          appSecret: "s3cret",
          verifyToken: "verify-me",
          graphBaseUrl: "http://127.0.0.1:9000/graph/v21.0",
        },
        tiktok: {
          clientKey: "ck",
          clientSecret: "cs",
          apiBaseUrl: "http://127.0.0.1:9000/tiktok",
          pkce: true,
        },
        media: { allowPrivateAddresses: true },
      },
    });
  });

  it("names every problem", () => {
    const result = parseSocialEnv(
      {
        META_APP_ID: "123",
        TIKTOK_CLIENT_SECRET: "cs",
        META_GRAPH_URL: "not a url",
        SOCIAL_MEDIA_ALLOW_PRIVATE: "true",
      },
      true,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toMatch(/META_GRAPH_URL/);
    const second = parseSocialEnv(
      { META_APP_ID: "123", TIKTOK_CLIENT_SECRET: "cs", SOCIAL_MEDIA_ALLOW_PRIVATE: "true" },
      true,
    );
    expect(second.ok ? [] : second.problems).toEqual([
      "META_APP_ID / META_APP_SECRET: set both (the Meta app) or neither",
      "TIKTOK_CLIENT_KEY / TIKTOK_CLIENT_SECRET: set both (the TikTok app) or neither",
      "SOCIAL_MEDIA_ALLOW_PRIVATE: not allowed in production (attachments from private hosts)",
    ]);
    const noToken = parseSocialEnv({ META_APP_ID: "1", META_APP_SECRET: "2" }, false);
    expect(noToken.ok ? [] : noToken.problems).toEqual([
      "META_VERIFY_TOKEN: required with META_APP_ID (Meta's webhook handshake sends it)",
    ]);
  });
});
