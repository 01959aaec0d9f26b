import { describe, expect, it } from "vitest";
import { parseInboundMail, UnparsableMailError } from "./inbound-mail.ts";
import { composeMime } from "./mime-compose.ts";

describe("parseInboundMail", () => {
  it("reads addresses, threading headers, a non-ASCII subject and a quoted-printable body", async () => {
    const raw = await composeMime({
      from: '"Zoé Martin" <Zoe@Example.test>',
      to: "Support <ACME@inbound.quartet.local>",
      cc: "boss@example.test",
      subject: "Imprimante cassée — étage 3",
      messageId: "<reply-2@example.test>",
      inReplyTo: "<t1.m2@inbound.quartet.local>",
      references: ["<first@example.test>", "<t1.m2@inbound.quartet.local>"],
      text: "L'imprimante du 3ᵉ étage affiche « erreur 42 ». ".repeat(4),
      html: "<p>L'imprimante</p>",
      headers: { "Delivered-To": "acme+desk@inbound.quartet.local" },
      attachments: [{ filename: "photo.png", content: Buffer.from("png-bytes"), contentType: "image/png" }],
    });
    expect(raw.toString("latin1")).toMatch(/quoted-printable/i);
    const mail = await parseInboundMail(raw);
    expect(mail.from).toEqual({ address: "zoe@example.test", name: "Zoé Martin" });
    expect(mail.subject).toBe("Imprimante cassée — étage 3");
    expect(mail.messageId).toBe("<reply-2@example.test>");
    expect(mail.inReplyTo).toBe("<t1.m2@inbound.quartet.local>");
    expect(mail.references).toEqual(["<first@example.test>", "<t1.m2@inbound.quartet.local>"]);
    expect(mail.recipients).toEqual(
      expect.arrayContaining([
        "acme@inbound.quartet.local",
        "boss@example.test",
        "acme+desk@inbound.quartet.local",
      ]),
    );
    expect(mail.to).toEqual([{ address: "acme@inbound.quartet.local", name: "Support" }]);
    expect(mail.cc).toEqual([{ address: "boss@example.test", name: null }]);
    expect(mail.text).toContain("« erreur 42 »");
    expect(mail.attachments).toEqual([
      expect.objectContaining({ fileName: "photo.png", contentType: "image/png", size: 9 }),
    ]);
    expect(mail.attachments[0]?.content.toString()).toBe("png-bytes");
  });

  it("turns an HTML-only body into text and flags automatic mail headers", async () => {
    const raw = await composeMime({
      from: "robot@example.test",
      to: "acme@inbound.quartet.local",
      subject: "Out of office",
      html: "<p>I am <b>away</b> until Monday.</p>",
      headers: { "Auto-Submitted": "auto-replied", Precedence: "bulk" },
    });
    const mail = await parseInboundMail(raw);
    expect(mail.text).toContain("I am away until Monday.");
    expect(mail.autoHeaders).toMatchObject({ autoSubmitted: "auto-replied", precedence: "bulk" });
  });

  it("derives a stable Message-ID from the bytes when the mail has none", async () => {
    const raw = Buffer.from(
      "From: a@example.test\r\nTo: acme@inbound.quartet.local\r\nSubject: hi\r\n\r\nbody\r\n",
    );
    const first = await parseInboundMail(raw);
    const again = await parseInboundMail(raw);
    expect(first.messageId).toMatch(/^<[0-9a-f]{64}@no-message-id>$/);
    expect(again.messageId).toBe(first.messageId);
  });

  it("rejects bytes without a sender", async () => {
    await expect(parseInboundMail(Buffer.from("just some text, not a mail"))).rejects.toBeInstanceOf(
      UnparsableMailError,
    );
    await expect(parseInboundMail(Buffer.alloc(0))).rejects.toBeInstanceOf(UnparsableMailError);
  });
});
