import { describe, expect, it } from "vitest";
import { type CapturedMessage, createCaptureTransport } from "./capture-transport.ts";
import { EMAIL_LOG_HEADER, mailErrorCode } from "./mail-transport.ts";

describe("capture transport", () => {
  it("hands each message to the store with a fresh message id and the EmailLog id from the header", async () => {
    const stored: CapturedMessage[] = [];
    const transport = createCaptureTransport({
      store: async (m) => {
        stored.push(m);
        return { messageId: m.messageId };
      },
    });
    const result = await transport.send({
      from: "Quartet <no-reply@quartet.local>",
      to: "ada@example.test",
      toName: "Ada",
      subject: "Hello",
      html: "<p>Hi</p>",
      text: "Hi",
      headers: { [EMAIL_LOG_HEADER]: "log-1" },
    });
    expect(transport.kind).toBe("capture");
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      emailLogId: "log-1",
      to: "ada@example.test",
      toName: "Ada",
      subject: "Hello",
    });
    expect(result.messageId).toMatch(/^<[0-9a-f-]{36}@quartet\.local>$/);
    expect(result.messageId).toBe(stored[0]?.messageId);
  });

  it("keeps the threading headers and uses the sender's own Message-ID", async () => {
    const stored: CapturedMessage[] = [];
    const transport = createCaptureTransport({
      store: async (m) => {
        stored.push(m);
        return { messageId: m.messageId };
      },
    });
    const result = await transport.send({
      from: '"Acme Support" <no-reply@quartet.local>',
      to: "ada@example.test",
      subject: "Re: [#7] Printer",
      html: "<p>Hi</p>",
      text: "Hi",
      replyTo: "acme@inbound.quartet.local",
      messageId: "<t1.m2@inbound.quartet.local>",
      inReplyTo: "<customer-1@example.test>",
      references: ["<customer-1@example.test>", "<t1.m1@inbound.quartet.local>"],
    });
    expect(result.messageId).toBe("<t1.m2@inbound.quartet.local>");
    expect(stored[0]?.headers).toMatchObject({
      "Reply-To": "acme@inbound.quartet.local",
      "Message-ID": "<t1.m2@inbound.quartet.local>",
      "In-Reply-To": "<customer-1@example.test>",
      References: "<customer-1@example.test> <t1.m1@inbound.quartet.local>",
    });
  });

  it("returns the id the store kept (a retry of an already captured mail)", async () => {
    const transport = createCaptureTransport({ store: async () => ({ messageId: "<first@quartet.local>" }) });
    const result = await transport.send({ from: "a@b.c", to: "d@e.f", subject: "s", html: "h", text: "t" });
    expect(result.messageId).toBe("<first@quartet.local>");
  });
});

describe("mail helpers", () => {
  it("derives a short error code from transport errors", () => {
    expect(mailErrorCode(Object.assign(new Error("x"), { code: "ECONNECTION" }))).toBe("ECONNECTION");
    expect(mailErrorCode({ responseCode: 550 })).toBe("SMTP_550");
    expect(mailErrorCode(new TypeError("x"))).toBe("TypeError");
    expect(mailErrorCode("boom")).toBe("SEND_FAILED");
  });
});
