import { describe, expect, it } from "vitest";
import { parseUserAgent } from "./device.ts";

describe("parseUserAgent", () => {
  it("reads browser, OS and device type", () => {
    const mac =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    expect(parseUserAgent(mac)).toEqual({ browser: "Chrome 131", os: "macOS 10.15.7", type: "desktop" });
    const iphone =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const phone = parseUserAgent(iphone);
    expect(phone.type).toBe("mobile");
    expect(phone.os).toMatch(/^iOS 17/);
    expect(phone.browser).toMatch(/Safari 17/);
  });

  it("falls back to Unknown", () => {
    expect(parseUserAgent("")).toEqual({ browser: "Unknown", os: "Unknown", type: "unknown" });
    expect(parseUserAgent("curl/8.5.0").type).toBe("unknown");
  });
});
