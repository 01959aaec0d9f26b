import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./csrf.ts";

const origins = ["http://localhost:3000"];

describe("isSameOriginRequest", () => {
  it("accepts our own origin", () => {
    expect(
      isSameOriginRequest({ origin: "http://localhost:3000", secFetchSite: "same-origin" }, origins),
    ).toBe(true);
    expect(isSameOriginRequest({ origin: "http://localhost:3000" }, origins)).toBe(true);
    expect(isSameOriginRequest({ referer: "http://localhost:3000/account?tab=1" }, origins)).toBe(true);
    expect(isSameOriginRequest({ secFetchSite: "same-origin" }, origins)).toBe(true);
  });

  it("refuses other sites whatever the other headers say", () => {
    expect(isSameOriginRequest({ origin: "https://evil.example", secFetchSite: "cross-site" }, origins)).toBe(
      false,
    );
    expect(
      isSameOriginRequest({ origin: "http://localhost:3000", secFetchSite: "cross-site" }, origins),
    ).toBe(false);
    expect(isSameOriginRequest({ secFetchSite: "same-site" }, origins)).toBe(false);
    expect(isSameOriginRequest({ origin: "https://evil.example" }, origins)).toBe(false);
    expect(isSameOriginRequest({ referer: "https://evil.example/page" }, origins)).toBe(false);
    // Another port is another origin (the admin console must not post to the web app).
    expect(isSameOriginRequest({ origin: "http://localhost:3001" }, origins)).toBe(false);
  });

  it("treats Origin: null and header-less requests as unknown", () => {
    expect(isSameOriginRequest({ origin: "null" }, origins)).toBe(false);
    expect(isSameOriginRequest({}, origins)).toBe(false);
    expect(isSameOriginRequest({}, origins, true)).toBe(true);
    expect(isSameOriginRequest({ origin: "https://evil.example" }, origins, true)).toBe(false);
  });
});
