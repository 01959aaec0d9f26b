import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signStandardWebhook } from "./standard-webhooks.ts";

// Our signatures checked with the reference verifier (the `standardwebhooks` package).

describe("signStandardWebhook", () => {
  it("verifies with the standardwebhooks package; a changed body or another secret does not", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = JSON.stringify({ type: "post.published", data: { postId: "p1" } });
    const headers = signStandardWebhook(secret, "msg_1", new Date(), body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it("a stale timestamp is refused by the verifier (replay protection)", () => {
    const secret = generateWebhookSecret();
    const body = "{}";
    const headers = signStandardWebhook(secret, "msg_2", new Date(Date.now() - 10 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow(/timestamp/i);
  });
});
