// Strings of the Desk automation screens, one object per language with the same keys
// (locales.test.ts checks them through en.ts / fr.ts / ar.ts).

export const automationEn = {
  title: "Automation",
};

export const automationFr: typeof automationEn = {
  title: "Automatisation",
};

export const automationAr: typeof automationEn = {
  title: "الأتمتة",
};
