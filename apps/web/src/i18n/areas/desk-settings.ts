// Strings of the Desk desk settings screens, one object per language with the same keys
// (locales.test.ts checks them through en.ts / fr.ts / ar.ts).

export const deskSettingsEn = {
  title: "Desk settings",
  tabs: {
    general: "General",
    teams: "Teams",
    sla: "SLA policies",
    automation: "Automation",
    fields: "Custom fields",
  },
};

export const deskSettingsFr: typeof deskSettingsEn = {
  title: "Paramètres du support",
  tabs: {
    general: "Général",
    teams: "Équipes",
    sla: "Politiques SLA",
    automation: "Automatisation",
    fields: "Champs personnalisés",
  },
};

export const deskSettingsAr: typeof deskSettingsEn = {
  title: "إعدادات الدعم",
  tabs: {
    general: "عام",
    teams: "الفرق",
    sla: "سياسات مستوى الخدمة",
    automation: "الأتمتة",
    fields: "الحقول المخصصة",
  },
};
