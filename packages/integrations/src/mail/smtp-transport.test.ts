import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeSmtpServer } from "../testing/smtp-listener.ts";
import { EMAIL_LOG_HEADER, type MailTransport, mailErrorCode } from "./mail-transport.ts";
import { createSmtpTransport, type SmtpOptions } from "./smtp-transport.ts";

/** Runs `use` with a transport built from `options`, closing it afterwards whatever happens. */
async function withTransport(options: SmtpOptions, use: (transport: MailTransport) => Promise<void>) {
  const transport = createSmtpTransport(options);
  try {
    await use(transport);
  } finally {
    await transport.close?.();
  }
}

/** What `promise` rejects with (null if it resolves). */
const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe("SMTP transport", () => {
  const smtp = fakeSmtpServer({ rejectRecipient: "nobody@example.test", user: "mailer", pass: "s3cret" });
  let port = 0;
  beforeAll(async () => {
    port = await smtp.listen();
  });
  afterAll(() => smtp.close());

  /** Settings for the fake server with the right credentials (read once it listens). */
  const authenticated = (): SmtpOptions => ({
    host: "127.0.0.1",
    port,
    secure: false,
    user: "mailer",
    pass: "s3cret",
  });

  it("delivers subject, both parts and headers to the SMTP server, authenticating first", async () => {
    await withTransport(authenticated(), async (transport) => {
      const result = await transport.send({
        from: "Quartet <no-reply@quartet.local>",
        to: "ada@example.test",
        toName: "Ada Lovelace",
        subject: "Vérifiez votre adresse",
        html: "<p>Bonjour <strong>Ada</strong></p>",
        text: "Bonjour Ada",
        headers: { [EMAIL_LOG_HEADER]: "log-42" },
      });
      expect(result.messageId).toMatch(/^<.+@.+>$/);
      const msg = smtp.received.at(-1);
      expect(msg?.auth).toBe("mailer:s3cret");
      expect(msg?.from).toContain("<no-reply@quartet.local>");
      expect(msg?.to[0]).toContain("<ada@example.test>");
      expect(msg?.data).toContain("To: Ada Lovelace <ada@example.test>");
      expect(msg?.data).toContain(`${EMAIL_LOG_HEADER}: log-42`);
      expect(msg?.data).toMatch(/Subject: =\?UTF-8\?/); // non-ASCII subject is MIME-encoded
      expect(msg?.data).toContain("text/plain");
      expect(msg?.data).toContain("text/html");
      expect(msg?.data).toContain(`Message-ID: ${result.messageId}`);
    });
  });

  it("sends Reply-To, our Message-ID, In-Reply-To and References for ticket threads", async () => {
    await withTransport(authenticated(), async (transport) => {
      const result = await transport.send({
        from: '"Acme Support" <no-reply@quartet.local>',
        to: "ada@example.test",
        subject: "Re: [#7] Printer",
        html: "<p>h</p>",
        text: "t",
        replyTo: "acme@inbound.quartet.local",
        messageId: "<t1.m2@inbound.quartet.local>",
        inReplyTo: "<customer-1@example.test>",
        references: ["<customer-1@example.test>", "<t1.m1@inbound.quartet.local>"],
        cc: ["boss@example.test", "team@example.test"],
      });
      expect(result.messageId).toBe("<t1.m2@inbound.quartet.local>");
      const data = smtp.received.at(-1)?.data ?? "";
      // Copied recipients are in the header and in the SMTP envelope (RCPT TO).
      expect(data).toContain("Cc: boss@example.test, team@example.test");
      expect(smtp.received.at(-1)?.to.join(" ")).toMatch(/boss@example\.test.*team@example\.test/);
      expect(data).toContain("Reply-To: acme@inbound.quartet.local");
      expect(data).toContain("Message-ID: <t1.m2@inbound.quartet.local>");
      expect(data).toContain("In-Reply-To: <customer-1@example.test>");
      expect(data).toMatch(/References: <customer-1@example\.test>\s+<t1\.m1@inbound\.quartet\.local>/);
      expect(data).toContain("From: Acme Support <no-reply@quartet.local>");
    });
  });

  it("encodes a non-ASCII display name and keeps line breaks out of the header", async () => {
    await withTransport(authenticated(), async (transport) => {
      await transport.send({
        from: "no-reply@quartet.local",
        to: "zoe@example.test",
        toName: "Zoé\r\nBcc: evil@example.test",
        subject: "s",
        html: "<p>h</p>",
        text: "t",
      });
      const msg = smtp.received.at(-1);
      expect(msg?.to).toHaveLength(1);
      expect(msg?.data).toMatch(/^To: =\?UTF-8\?.+\?= <zoe@example\.test>$/m);
      expect(msg?.data).not.toMatch(/^Bcc:/m);
    });
  });

  it("rejects with the SMTP error when the server refuses the recipient", async () => {
    await withTransport(authenticated(), async (transport) => {
      const error = await rejectionOf(
        transport.send({
          from: "no-reply@quartet.local",
          to: "nobody@example.test",
          subject: "s",
          html: "<p>h</p>",
          text: "t",
        }),
      );
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toContain("550");
      expect(mailErrorCode(error)).toBe("EENVELOPE");
    });
  });

  it("fails fast when nothing listens on the port", async () => {
    const closed = fakeSmtpServer();
    const deadPort = await closed.listen();
    await closed.close();
    await withTransport(
      { host: "127.0.0.1", port: deadPort, secure: false, timeoutSeconds: 2 },
      async (transport) => {
        const error = await rejectionOf(
          transport.send({
            from: "a@quartet.local",
            to: "b@example.test",
            subject: "s",
            html: "h",
            text: "t",
          }),
        );
        expect(mailErrorCode(error)).toBe("ESOCKET"); // nodemailer's code for a refused connection
        expect(String((error as Error).message)).toContain("ECONNREFUSED");
      },
    );
  });
});
