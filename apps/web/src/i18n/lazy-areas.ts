import type { Language } from "@quartet/ui/lib/i18n";

/**
 * Strings of screens a person may never open, downloaded with the screen's route instead of with
 * the first screen (router.tsx `page(…, areas)`). Each loader gives the keys its area adds to the
 * "app" namespace; the always-loaded strings are en.ts / fr.ts / ar.ts.
 */
export const lazyAreas = {
  automation: {
    en: () => import("./areas/automation.ts").then((m) => ({ automation: m.automationEn })),
    fr: () => import("./areas/automation.fr.ts").then((m) => ({ automation: m.automationFr })),
    ar: () => import("./areas/automation.ar.ts").then((m) => ({ automation: m.automationAr })),
  },
  billing: {
    en: () => import("./areas/billing.ts").then((m) => ({ billing: m.billingEn })),
    fr: () => import("./areas/billing.fr.ts").then((m) => ({ billing: m.billingFr })),
    ar: () => import("./areas/billing.ar.ts").then((m) => ({ billing: m.billingAr })),
  },
  contacts: {
    en: () =>
      import("./areas/contacts.ts").then((m) => ({ contacts: m.contactsEn, ticketNotes: m.ticketNotesEn })),
    fr: () =>
      import("./areas/contacts.fr.ts").then((m) => ({
        contacts: m.contactsFr,
        ticketNotes: m.ticketNotesFr,
      })),
    ar: () =>
      import("./areas/contacts.ar.ts").then((m) => ({
        contacts: m.contactsAr,
        ticketNotes: m.ticketNotesAr,
      })),
  },
  deskAdmin: {
    en: () => import("./areas/desk-admin.ts").then((m) => ({ deskAdmin: m.deskAdminEn })),
    fr: () => import("./areas/desk-admin.fr.ts").then((m) => ({ deskAdmin: m.deskAdminFr })),
    ar: () => import("./areas/desk-admin.ar.ts").then((m) => ({ deskAdmin: m.deskAdminAr })),
  },
  help: {
    en: () => import("./areas/help.ts").then((m) => ({ help: m.helpEn })),
    fr: () => import("./areas/help.fr.ts").then((m) => ({ help: m.helpFr })),
    ar: () => import("./areas/help.ar.ts").then((m) => ({ help: m.helpAr })),
  },
  inbox: {
    en: () => import("./areas/inbox.ts").then((m) => ({ inbox: m.inboxEn })),
    fr: () => import("./areas/inbox.fr.ts").then((m) => ({ inbox: m.inboxFr })),
    ar: () => import("./areas/inbox.ar.ts").then((m) => ({ inbox: m.inboxAr })),
  },
  kb: {
    en: () => import("./areas/kb.ts").then((m) => ({ kb: m.kbEn })),
    fr: () => import("./areas/kb.fr.ts").then((m) => ({ kb: m.kbFr })),
    ar: () => import("./areas/kb.ar.ts").then((m) => ({ kb: m.kbAr })),
  },
  macros: {
    en: () => import("./areas/macros.ts").then((m) => ({ macros: m.macrosEn })),
    fr: () => import("./areas/macros.fr.ts").then((m) => ({ macros: m.macrosFr })),
    ar: () => import("./areas/macros.ar.ts").then((m) => ({ macros: m.macrosAr })),
  },
  signInMethods: {
    en: () => import("./areas/sign-in-methods.ts").then((m) => ({ signInMethods: m.signInMethodsEn })),
    fr: () => import("./areas/sign-in-methods.fr.ts").then((m) => ({ signInMethods: m.signInMethodsFr })),
    ar: () => import("./areas/sign-in-methods.ar.ts").then((m) => ({ signInMethods: m.signInMethodsAr })),
  },
  marketingConsent: {
    en: () =>
      import("./areas/marketing-consent.ts").then((m) => ({ marketingConsent: m.marketingConsentEn })),
    fr: () =>
      import("./areas/marketing-consent.fr.ts").then((m) => ({ marketingConsent: m.marketingConsentFr })),
    ar: () =>
      import("./areas/marketing-consent.ar.ts").then((m) => ({ marketingConsent: m.marketingConsentAr })),
  },
  presence: {
    en: () => import("./areas/presence.ts").then((m) => ({ presence: m.presenceEn })),
    fr: () => import("./areas/presence.fr.ts").then((m) => ({ presence: m.presenceFr })),
    ar: () => import("./areas/presence.ar.ts").then((m) => ({ presence: m.presenceAr })),
  },
  reports: {
    en: () => import("./areas/reports.ts").then((m) => ({ reports: m.reportsEn })),
    fr: () => import("./areas/reports.fr.ts").then((m) => ({ reports: m.reportsFr })),
    ar: () => import("./areas/reports.ar.ts").then((m) => ({ reports: m.reportsAr })),
  },
  inboxChannels: {
    en: () => import("./areas/inbox-channels.ts").then((m) => ({ inboxChannels: m.inboxChannelsEn })),
    fr: () => import("./areas/inbox-channels.fr.ts").then((m) => ({ inboxChannels: m.inboxChannelsFr })),
    ar: () => import("./areas/inbox-channels.ar.ts").then((m) => ({ inboxChannels: m.inboxChannelsAr })),
  },
  inboxSandbox: {
    en: () => import("./areas/inbox-sandbox.ts").then((m) => ({ inboxSandbox: m.inboxSandboxEn })),
    fr: () => import("./areas/inbox-sandbox.fr.ts").then((m) => ({ inboxSandbox: m.inboxSandboxFr })),
    ar: () => import("./areas/inbox-sandbox.ar.ts").then((m) => ({ inboxSandbox: m.inboxSandboxAr })),
  },
  tools: {
    en: () => import("./areas/tools.ts").then((m) => ({ tools: m.toolsEn })),
    fr: () => import("./areas/tools.fr.ts").then((m) => ({ tools: m.toolsFr })),
    ar: () => import("./areas/tools.ar.ts").then((m) => ({ tools: m.toolsAr })),
  },
} satisfies Record<string, Record<Language, () => Promise<object>>>;

export type LazyArea = keyof typeof lazyAreas;
