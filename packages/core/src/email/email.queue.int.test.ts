import { makeUser } from "@quartet/db/testing/factories";
import { emailSendJob } from "@quartet/jobs/definitions";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../testing/integration.ts";
import { queueEmail } from "./email.queue.ts";

const { db, boss } = await useTestEnv();

const jobsFor = (emailLogId: string) => boss.findJobs(emailSendJob.name, { data: { emailLogId } });

describe("queueEmail", () => {
  it("creates a PENDING EmailLog with the rendered subject and the email.send job in one transaction", async () => {
    const user = await makeUser(db, { locale: "fr", name: "Zoé" });
    const id = await db.$transaction((tx) =>
      queueEmail(tx, boss, {
        type: "VERIFICATION",
        to: user.email,
        toName: user.name,
        userId: user.id,
        locale: user.locale,
        data: { name: "Zoé", link: "http://localhost:3000/verify-email?token=t1" },
      }),
    );
    const log = await db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(log).toMatchObject({
      status: "PENDING",
      emailType: "VERIFICATION",
      recipientEmail: user.email,
      recipientName: "Zoé",
      userId: user.id,
      locale: "fr",
      subject: "Vérifiez votre adresse e-mail pour Quartet",
      metadata: { name: "Zoé", link: "http://localhost:3000/verify-email?token=t1" },
      retryCount: 0,
    });
    const jobs = await jobsFor(id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toEqual({ emailLogId: id });
    expect(jobs[0]?.state).toBe("created");
  });

  it("leaves neither an EmailLog nor a job when the transaction rolls back", async () => {
    const before = await db.emailLog.count();
    let queuedId: string | undefined;
    await expect(
      db.$transaction(async (tx) => {
        queuedId = await queueEmail(tx, boss, {
          type: "PASSWORD_RESET",
          to: "ghost@example.test",
          locale: "en",
          data: { name: null, link: "http://localhost:3000/reset-password?token=t2" },
        });
        // The job is visible inside the transaction...
        expect(
          await tx.$queryRawUnsafe<unknown[]>(
            `SELECT id FROM pgboss.job WHERE data->>'emailLogId' = $1`,
            queuedId,
          ),
        ).toHaveLength(1);
        throw new Error("the caller's write failed");
      }),
    ).rejects.toThrow("the caller's write failed");
    expect(queuedId).toBeDefined();
    // ...and gone with it.
    expect(await db.emailLog.count()).toBe(before);
    expect(await db.emailLog.findUnique({ where: { id: queuedId as string } })).toBeNull();
    expect(await jobsFor(queuedId as string)).toHaveLength(0);
  });

  it("validates template data before writing anything", async () => {
    const before = await db.emailLog.count();
    await expect(
      db.$transaction((tx) =>
        queueEmail(tx, boss, {
          type: "INVITATION",
          to: "x@example.test",
          locale: "en",
          data: { link: "x" } as never,
        }),
      ),
    ).rejects.toThrow();
    expect(await db.emailLog.count()).toBe(before);
  });

  it("stores the locale it will send in (unknown locales fall back to en)", async () => {
    const id = await db.$transaction((tx) =>
      queueEmail(tx, boss, {
        type: "PASSWORD_CHANGED",
        to: "Mixed.Case@Example.test",
        locale: "de-DE",
        data: { name: "Max" },
      }),
    );
    const log = await db.emailLog.findUniqueOrThrow({ where: { id } });
    expect(log.locale).toBe("en");
    expect(log.recipientEmail).toBe("mixed.case@example.test");
    expect(log.subject).toBe("Your Quartet password was changed");
  });
});
