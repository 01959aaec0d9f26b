import { makeUser } from "@quartet/db/testing/factories";
import { createCaptureTransport } from "@quartet/integrations/mail/capture-transport";
import type { MailMessage, MailTransport } from "@quartet/integrations/mail/mail-transport";
import { createSmtpTransport } from "@quartet/integrations/mail/smtp-transport";
import { fakeSmtpServer, messageIdOf } from "@quartet/integrations/testing/smtp-listener";
import { PermanentJobError } from "@quartet/jobs/job-errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../testing/deps.ts";
import { useTestEnv } from "../testing/integration.ts";
import { capturedMailFinder, capturedMailStore } from "./captured-mail.repository.ts";
import { queueEmail } from "./email.queue.ts";
import { type EmailSendDeps, handleEmailSend } from "./email-send.handler.ts";

const { db, boss } = await useTestEnv();
const config = { mailFrom: "Quartet <no-reply@quartet.local>", webUrl: "http://localhost:3000" };
const now = new Date("2026-11-02T10:00:00Z");

function deps(transport: MailTransport): EmailSendDeps {
  return { db, transport, log: silentLogger, clock: { now: () => now }, config };
}

/** Counts the messages that went through, then hands them to the real capture store. */
function countingCapture() {
  const sent: MailMessage[] = [];
  const capture = createCaptureTransport({ store: capturedMailStore(db) });
  const transport: MailTransport = {
    kind: "capture",
    send: async (m) => {
      sent.push(m);
      return capture.send(m);
    },
  };
  return { sent, transport };
}

describe("email.send handler", () => {
  it("renders in the user's locale (fr), captures the mail and marks the log SENT", async () => {
    const user = await makeUser(db, { locale: "fr", name: "Zoé" });
    const id = await db.$transaction((tx) =>
      queueEmail(tx, boss, {
        type: "INVITATION",
        to: user.email,
        toName: "Zoé",
        userId: user.id,
        locale: user.locale,
        data: {
          inviterName: "Grace",
          orgName: "Acme",
          role: "ADMIN",
          link: "http://localhost:3000/invite?token=abc",
        },
      }),
    );
    const { sent, transport } = countingCapture();
    await expect(
      handleEmailSend(deps(transport), { emailLogId: id }, { id: "job-1", retryCount: 0 }),
    ).resolves.toBe("SENT");

    const mail = await db.capturedMail.findUniqueOrThrow({ where: { emailLogId: id } });
    expect(mail.subject).toBe("Grace vous invite à rejoindre Acme sur Quartet");
    expect(mail.toAddress).toBe(user.email);
    expect(mail.fromAddress).toBe(config.mailFrom);
    expect(mail.html).toContain('<html lang="fr" dir="ltr">');
    expect(mail.html).toContain("Accepter l&#39;invitation");
    expect(mail.html).toContain('href="http://localhost:3000/invite?token=abc"');
    expect(mail.text).toContain("en tant que administrateur");
    const log = await db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(log.status).toBe("SENT");
    expect(log.sentAt?.toISOString()).toBe(now.toISOString());
    expect(log.providerMessageId).toBe(mail.messageId);
    expect(sent).toHaveLength(1);
  });

  it("sends a help desk mail with the stored sender, Reply-To and threading headers", async () => {
    const id = await db.$transaction((tx) =>
      queueEmail(
        tx,
        boss,
        {
          type: "DESK_TICKET_REPLY",
          to: "Ada@Example.test",
          toName: "Ada",
          locale: "en",
          data: {
            name: "Ada",
            workspaceName: "Acme",
            number: 7,
            subject: "Printer",
            agentName: "Grace",
            message: "Unplug it.",
            link: "http://localhost:3000/help/acme/tickets/t?token=x",
          },
        },
        {
          fromAddress: '"Acme Support" <no-reply@quartet.local>',
          replyTo: "acme@inbound.quartet.local",
          headers: {
            "Message-ID": "<t1.m2@inbound.quartet.local>",
            "In-Reply-To": "<c1@example.test>",
            References: "<c1@example.test> <t1.m1@inbound.quartet.local>",
          },
        },
      ),
    );
    const { sent, transport } = countingCapture();
    await handleEmailSend(deps(transport), { emailLogId: id }, { id: "job-d", retryCount: 0 });
    expect(sent[0]).toMatchObject({
      from: '"Acme Support" <no-reply@quartet.local>',
      replyTo: "acme@inbound.quartet.local",
      messageId: "<t1.m2@inbound.quartet.local>",
      inReplyTo: "<c1@example.test>",
      references: ["<c1@example.test>", "<t1.m1@inbound.quartet.local>"],
      subject: "Re: [#7] Printer",
    });
    const log = await db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(log.providerMessageId).toBe("<t1.m2@inbound.quartet.local>");
    const mail = await db.capturedMail.findUniqueOrThrow({ where: { emailLogId: id } });
    expect(mail.headers).toMatchObject({ "Reply-To": "acme@inbound.quartet.local" });
  });

  it("refuses envelope values that would inject headers", async () => {
    await expect(
      db.$transaction((tx) =>
        queueEmail(
          tx,
          boss,
          { type: "PASSWORD_CHANGED", to: "a@example.test", locale: "en", data: { name: null } },
          { replyTo: "a@example.test\r\nBcc: evil@example.test" },
        ),
      ),
    ).rejects.toThrow(/single lines/);
  });

  it("sends Arabic mail right-to-left", async () => {
    const user = await makeUser(db, { locale: "ar", name: "ليلى" });
    const id = await db.$transaction((tx) =>
      queueEmail(tx, boss, {
        type: "VERIFICATION",
        to: user.email,
        userId: user.id,
        locale: "ar",
        data: { name: "ليلى", link: "http://localhost:3000/verify-email?token=xyz" },
      }),
    );
    await handleEmailSend(
      deps(countingCapture().transport),
      { emailLogId: id },
      { id: "job-2", retryCount: 0 },
    );
    const mail = await db.capturedMail.findUniqueOrThrow({ where: { emailLogId: id } });
    expect(mail.subject).toBe("أكّد بريدك الإلكتروني في Quartet");
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain('<body dir="rtl"');
    expect(mail.html).toContain("مرحبًا ليلى،");
  });

  it("does nothing for a log that is already SENT (idempotent re-run)", async () => {
    const id = await db.$transaction((tx) =>
      queueEmail(tx, boss, {
        type: "PASSWORD_CHANGED",
        to: "again@example.test",
        locale: "en",
        data: { name: "A" },
      }),
    );
    const first = countingCapture();
    await handleEmailSend(deps(first.transport), { emailLogId: id }, { id: "job-3", retryCount: 0 });
    const second = countingCapture();
    await expect(
      handleEmailSend(deps(second.transport), { emailLogId: id }, { id: "job-3", retryCount: 1 }),
    ).resolves.toBe("ALREADY_SENT");
    expect(second.sent).toHaveLength(0);
    expect(await db.capturedMail.count({ where: { emailLogId: id } })).toBe(1);
  });

  it("captures a mail once even when a retry follows a crash between send and SENT", async () => {
    const id = await db.$transaction((tx) =>
      queueEmail(tx, boss, {
        type: "PASSWORD_CHANGED",
        to: "crash@example.test",
        locale: "en",
        data: { name: "A" },
      }),
    );
    const capture = createCaptureTransport({ store: capturedMailStore(db) });
    const firstId = (
      await capture.send({
        from: "a@b.c",
        to: "crash@example.test",
        subject: "s",
        html: "h",
        text: "t",
        headers: { "X-Quartet-Email-Log": id },
      })
    ).messageId;
    await handleEmailSend(deps(capture), { emailLogId: id }, { id: "job-4", retryCount: 1 });
    expect(await db.capturedMail.count({ where: { emailLogId: id } })).toBe(1);
    expect((await db.emailLog.findUniqueOrThrow({ where: { id } })).providerMessageId).toBe(firstId);
  });

  it("marks the log FAILED with the error and the attempt count, and rethrows for pg-boss to retry", async () => {
    const id = await db.$transaction((tx) =>
      queueEmail(tx, boss, {
        type: "WELCOME",
        to: "down@example.test",
        locale: "en",
        data: { name: "D", link: "http://localhost:3000/" },
      }),
    );
    const failing: MailTransport = {
      kind: "smtp",
      send: async () => {
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2525"), { code: "ESOCKET" });
      },
    };
    await expect(
      handleEmailSend(deps(failing), { emailLogId: id }, { id: "job-5", retryCount: 0 }),
    ).rejects.toThrow("ECONNREFUSED");
    let log = await db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(log).toMatchObject({ status: "FAILED", errorCode: "ESOCKET", retryCount: 1 });
    expect(log.errorMessage).toContain("ECONNREFUSED");

    await expect(
      handleEmailSend(deps(failing), { emailLogId: id }, { id: "job-5", retryCount: 2 }),
    ).rejects.toThrow();
    log = await db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(log.retryCount).toBe(3);

    // A later attempt that works clears the error.
    await handleEmailSend(
      deps(countingCapture().transport),
      { emailLogId: id },
      { id: "job-5", retryCount: 3 },
    );
    log = await db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(log).toMatchObject({ status: "SENT", errorMessage: null, errorCode: null });
  });

  it("fails permanently (no retry) when the stored data no longer fits the template", async () => {
    const row = await db.emailLog.create({
      data: {
        recipientEmail: "bad@example.test",
        emailType: "INVITATION",
        subject: "x",
        metadata: { link: "x" },
      },
    });
    const error = await handleEmailSend(
      deps(countingCapture().transport),
      { emailLogId: row.id },
      { id: "job-6", retryCount: 0 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(await db.emailLog.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "FAILED",
      errorCode: "INVALID_TEMPLATE",
    });
  });

  it("completes quietly when the log row is gone", async () => {
    await expect(
      handleEmailSend(
        deps(countingCapture().transport),
        { emailLogId: "00000000-0000-4000-8000-000000000000" },
        { id: "job-7", retryCount: 0 },
      ),
    ).resolves.toBe("MISSING");
  });
});

describe("email.send after a crash between the transport's acceptance and the SENT update", () => {
  const smtp = fakeSmtpServer();
  let smtpPort = 0;
  beforeAll(async () => {
    smtpPort = await smtp.listen();
  });
  afterAll(() => smtp.close());

  const queue = (to: string) =>
    db.$transaction((tx) =>
      queueEmail(tx, boss, { type: "PASSWORD_CHANGED", to, locale: "en", data: { name: "Ada" } }),
    );

  /**
   * Plays a worker that dies right after the transport accepted the mail: the real transport
   * delivers, then the handler never resumes (no SENT, no FAILED is written), as when the process
   * is killed at that instant. Resolves once the transport has accepted the mail.
   */
  async function crashAfterAccept(transport: MailTransport, emailLogId: string) {
    let accepted: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      accepted = resolve;
    });
    const dying: MailTransport = {
      kind: transport.kind,
      send: async (message) => {
        await transport.send(message);
        accepted();
        return new Promise(() => {}); // the process is gone
      },
    };
    void handleEmailSend(deps(dying), { emailLogId }, { id: "job-crash", retryCount: 0 });
    await done;
  }

  function recordingLogger() {
    const lines: { level: string; msg: string }[] = [];
    const at = (level: string) => (obj: object | string, msg?: string) =>
      lines.push({ level, msg: typeof obj === "string" ? obj : (msg ?? "") });
    return { lines, info: at("info"), warn: at("warn"), error: at("error") };
  }

  it("SMTP (cannot be asked): the retry sends a second copy with the same Message-ID, and says so", async () => {
    const transport = createSmtpTransport({ host: "127.0.0.1", port: smtpPort, secure: false });
    try {
      const id = await queue("twice@example.test");
      const before = smtp.received.length;
      await crashAfterAccept(transport, id);
      expect(smtp.received.length).toBe(before + 1);
      const stable = `<${id}@quartet.local>`;
      // The idempotency record was committed before the transport call and survives the crash.
      expect(await db.emailLog.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "SENDING",
        messageId: stable,
      });

      const log = recordingLogger();
      await expect(
        handleEmailSend({ ...deps(transport), log }, { emailLogId: id }, { id: "job-crash", retryCount: 1 }),
      ).resolves.toBe("SENT");
      // At-least-once over SMTP (documented): two copies, one Message-ID.
      const copies = smtp.received.slice(before);
      expect(copies).toHaveLength(2);
      expect(copies.map((m) => messageIdOf(m.data))).toEqual([stable, stable]);
      expect(log.lines.some((l) => l.level === "warn" && /outcome is unknown/.test(l.msg))).toBe(true);
      expect(await db.emailLog.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "SENT",
        messageId: stable,
        providerMessageId: stable,
      });
    } finally {
      await transport.close?.();
    }
  });

  it("capture transport (can look the Message-ID up): the retry records SENT without sending again", async () => {
    const sent: MailMessage[] = [];
    const capture = createCaptureTransport({ store: capturedMailStore(db), find: capturedMailFinder(db) });
    const transport: MailTransport = {
      kind: capture.kind,
      send: async (m) => {
        sent.push(m);
        return capture.send(m);
      },
      ...(capture.findSent ? { findSent: capture.findSent } : {}),
    };
    const id = await queue("once@example.test");
    await crashAfterAccept(transport, id);
    expect(sent).toHaveLength(1);
    expect((await db.emailLog.findUniqueOrThrow({ where: { id } })).status).toBe("SENDING");

    await expect(
      handleEmailSend(deps(transport), { emailLogId: id }, { id: "job-crash", retryCount: 1 }),
    ).resolves.toBe("RECOVERED");
    expect(sent).toHaveLength(1);
    expect(await db.capturedMail.count({ where: { emailLogId: id } })).toBe(1);
    expect(await db.emailLog.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SENT",
      providerMessageId: `<${id}@quartet.local>`,
    });
    // A mail that never reached the transport before the crash is sent by the retry as usual.
    const lost = await queue("lost@example.test");
    await db.emailLog.update({ where: { id: lost }, data: { status: "SENDING" } });
    await expect(
      handleEmailSend(deps(transport), { emailLogId: lost }, { id: "job-lost", retryCount: 1 }),
    ).resolves.toBe("SENT");
    expect(sent.map((m) => m.messageId)).toEqual([`<${id}@quartet.local>`, `<${lost}@quartet.local>`]);
  });
});
