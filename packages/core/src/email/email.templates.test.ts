import { describe, expect, it } from "vitest";
import {
  EMAIL_LOCALES,
  EMAIL_TEMPLATE_TYPES,
  type EmailTemplateData,
  renderEmail,
  resolveEmailLocale,
} from "./email.templates.ts";

const sample: EmailTemplateData = {
  VERIFICATION: { name: "Ada", link: "http://localhost:3000/verify-email?token=abc" },
  PASSWORD_RESET: { name: "Ada", link: "http://localhost:3000/reset-password?token=abc" },
  PASSWORD_CHANGED: { name: "Ada" },
  UNLOCK_CODE: { name: "Ada", code: "042917", minutes: 15 },
  WELCOME: { name: "Ada", link: "http://localhost:3000/" },
  INVITATION: {
    inviterName: "Grace",
    orgName: "Acme",
    role: "ADMIN",
    link: "http://localhost:3000/invite?token=abc",
  },
  NOTIFICATION: {
    title: "Ticket assigned",
    message: "Ticket #12 is yours",
    link: "http://localhost:3000/desk/12",
  },
  DESK_TICKET_RECEIVED: {
    name: "Ada",
    workspaceName: "Acme",
    number: 1042,
    subject: "Printer on fire",
    link: "http://localhost:3000/help/acme/tickets/t1?token=abc",
  },
  DESK_TICKET_REPLY: {
    name: "Ada",
    workspaceName: "Acme",
    number: 1042,
    subject: "Printer on fire",
    agentName: "Grace",
    message: "Hello Ada,\nPlease unplug it.",
    link: "http://localhost:3000/help/acme/tickets/t1?token=abc",
  },
  DESK_CSAT_SURVEY: {
    name: "Ada",
    workspaceName: "Acme",
    number: 1042,
    subject: "Printer on fire",
    link: "http://localhost:3000/help/acme/tickets/t1/feedback?token=abc",
  },
  SUBSCRIPTION_CONFIRMED: {
    name: "Ada",
    workspaceName: "Acme",
    planName: "Pro",
    amount: "$29.00",
    date: "Jan 8, 2027",
    link: "http://localhost:3000/w/acme/settings/billing",
  },
  SUBSCRIPTION_CANCELLED: {
    name: "Ada",
    workspaceName: "Acme",
    planName: "Pro",
    date: "Jan 8, 2027",
    link: "http://localhost:3000/w/acme/settings/billing",
  },
  SUBSCRIPTION_EXPIRING_SOON: {
    name: "Ada",
    workspaceName: "Acme",
    planName: "Pro",
    date: "Jan 8, 2027",
    days: 7,
    link: "http://localhost:3000/w/acme/settings/billing",
  },
  PAYMENT_FAILED: {
    name: "Ada",
    workspaceName: "Acme",
    planName: "Pro",
    amount: "$29.00",
    date: "Jan 15, 2027",
    link: "http://localhost:3000/w/acme/settings/billing",
  },
  DAY_PASS_PURCHASED: {
    name: "Ada",
    amount: "$4.99",
    date: "Dec 9, 2026, 10:00",
    link: "http://localhost:3000/",
  },
  DAY_PASS_EXPIRING_SOON: {
    name: "Ada",
    date: "Dec 9, 2026, 10:00",
    hours: 3,
    link: "http://localhost:3000/",
  },
  DAY_PASS_EXPIRED: { name: "Ada", link: "http://localhost:3000/" },
  JOB_COMPLETED: {
    name: "Ada",
    toolName: "Merge PDF",
    expiresAt: "Dec 9, 2026, 10:00",
    link: "http://localhost:3000/tools/pdf-merge?job=1",
  },
  JOB_FAILED: {
    name: null,
    toolName: "Merge PDF",
    reason: "This PDF is damaged and could not be read.",
    link: "http://localhost:3000/tools/pdf-merge?job=1",
  },
};

describe("email templates", () => {
  it.each(EMAIL_TEMPLATE_TYPES.flatMap((type) => EMAIL_LOCALES.map((locale) => [type, locale] as const)))(
    "%s in %s has a subject, an HTML part and a text part with the link",
    (type, locale) => {
      const mail = renderEmail(type, locale, sample[type] as never);
      expect(mail.locale).toBe(locale);
      expect(mail.subject.length).toBeGreaterThan(3);
      expect(mail.subject).not.toMatch(/[{}\n]/);
      expect(mail.html).toContain(`<html lang="${locale}" dir="${locale === "ar" ? "rtl" : "ltr"}">`);
      expect(mail.html).toContain("Quartet");
      expect(mail.html).not.toMatch(/\{\w+\}/); // every placeholder filled
      expect(mail.text).not.toMatch(/\{\w+\}/);
      const link = (sample[type] as { link?: string }).link;
      if (link) {
        expect(mail.html).toContain(`href="${link}"`);
        expect(mail.text).toContain(link);
      }
    },
  );

  it("brands help desk mail with the workspace and threads the reply subject", () => {
    const reply = renderEmail("DESK_TICKET_REPLY", "en", sample.DESK_TICKET_REPLY);
    expect(reply.subject).toBe("Re: [#1042] Printer on fire");
    expect(reply.html).toContain(">Acme</span>");
    expect(reply.html).toContain("Hello Ada,<br>Please unplug it.");
    expect(reply.text).toContain("Grace replied to your request #1042");
    expect(reply.text).not.toContain("Hi Ada,"); // the agent's own words carry the greeting
    expect(reply.text).toContain("You're receiving this email because you contacted Acme.");
    expect(reply.text).not.toContain("your Quartet account");

    const ack = renderEmail("DESK_TICKET_RECEIVED", "fr", sample.DESK_TICKET_RECEIVED);
    expect(ack.subject).toBe("[#1042] Printer on fire");
    expect(ack.text).toContain("Nous avons bien reçu votre demande n°\u00a01042");
    const survey = renderEmail("DESK_CSAT_SURVEY", "ar", sample.DESK_CSAT_SURVEY);
    expect(survey.html).toContain('dir="rtl"');
    expect(survey.text).toContain("ما رأيك في خدمتنا؟");
    const anonymous = renderEmail("DESK_TICKET_REPLY", "en", {
      ...sample.DESK_TICKET_REPLY,
      agentName: null,
    });
    expect(anonymous.text).toContain("Our team replied to your request #1042");
  });

  it("writes each locale in its own language", () => {
    expect(renderEmail("VERIFICATION", "en", sample.VERIFICATION).subject).toBe(
      "Verify your email for Quartet",
    );
    expect(renderEmail("VERIFICATION", "fr", sample.VERIFICATION).subject).toBe(
      "Vérifiez votre adresse e-mail pour Quartet",
    );
    const ar = renderEmail("VERIFICATION", "ar", sample.VERIFICATION);
    expect(ar.subject).toBe("أكّد بريدك الإلكتروني في Quartet");
    expect(ar.html).toContain('dir="rtl"');
    expect(ar.html).toContain("text-align:right");
    expect(ar.html).not.toContain("text-align:left");
    expect(ar.text).toContain("مرحبًا Ada،");
  });

  it("shows the unlock code on its own, left to right even in Arabic", () => {
    for (const locale of EMAIL_LOCALES) {
      const mail = renderEmail("UNLOCK_CODE", locale, sample.UNLOCK_CODE);
      expect(mail.text).toContain("\n042917\n");
      expect(mail.html).toMatch(/<p style="[^"]*letter-spacing:0\.3em;[^"]*direction:ltr;[^"]*">042917<\/p>/);
      expect(mail.text).toContain("15");
    }
    expect(renderEmail("UNLOCK_CODE", "fr", sample.UNLOCK_CODE).subject).toBe(
      "Votre code de déverrouillage Quartet",
    );
  });

  it("fills invitation variables and names the role in the recipient's language", () => {
    const en = renderEmail("INVITATION", "en", sample.INVITATION);
    expect(en.subject).toBe("Grace invited you to Acme on Quartet");
    expect(en.text).toContain("Grace invited you to join the Acme workspace as admin.");
    const fr = renderEmail("INVITATION", "fr", { ...sample.INVITATION, role: "MEMBER" });
    expect(fr.text).toContain("en tant que membre");
    const anonymous = renderEmail("INVITATION", "en", { ...sample.INVITATION, inviterName: null });
    expect(anonymous.subject).toBe("A teammate invited you to Acme on Quartet");
  });

  it("falls back to English for unknown locales and reads regional variants", () => {
    expect(resolveEmailLocale("de")).toBe("en");
    expect(resolveEmailLocale(undefined)).toBe("en");
    expect(resolveEmailLocale("fr-CA")).toBe("fr");
    expect(resolveEmailLocale("AR_eg")).toBe("ar");
    const de = renderEmail("WELCOME", "de", sample.WELCOME);
    expect(de.locale).toBe("en");
    expect(de.subject).toBe("Welcome to Quartet");
  });

  it("HTML-escapes every variable (and only the HTML part)", () => {
    const evil = '<script>alert("x")</script> & Co';
    const mail = renderEmail("INVITATION", "en", {
      inviterName: evil,
      orgName: "<b>Org</b>",
      role: "MEMBER",
      link: "https://q.test/i?a=1&b=2",
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>Org</b>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    expect(mail.html).toContain('href="https://q.test/i?a=1&amp;b=2"');
    expect(mail.text).toContain(evil);
    const note = renderEmail("NOTIFICATION", "en", { title: "Hi <there>", message: "line 1\nline <2>" });
    expect(note.html).toContain("line 1<br>line &lt;2&gt;");
    expect(note.subject).toBe("Hi <there>");
  });

  it("greets without a name when the user has none", () => {
    expect(renderEmail("PASSWORD_CHANGED", "en", { name: null }).text).toContain("Hi,\n");
    expect(renderEmail("PASSWORD_CHANGED", "fr", {}).text).toContain("Bonjour,\n");
  });

  it("only turns http(s) links into buttons and resolves paths against the web URL", () => {
    const js = renderEmail("NOTIFICATION", "en", { title: "t", message: "m", link: "javascript:alert(1)" });
    expect(js.html).not.toContain("javascript:");
    expect(js.html).not.toContain("View in Quartet");
    const relative = renderEmail(
      "NOTIFICATION",
      "en",
      { title: "t", message: "m", link: "/orgs/1" },
      { webUrl: "https://app.quartet.test" },
    );
    expect(relative.html).toContain('href="https://app.quartet.test/orgs/1"');
    const none = renderEmail("PASSWORD_CHANGED", "en", { name: "Ada" });
    expect(none.html).not.toContain("<a href");
  });

  it("rejects data that does not fit the template", () => {
    expect(() => renderEmail("INVITATION", "en", { link: "x" } as never)).toThrow();
  });
});
