// Strings of the Desk reports screens, one object per language with the same keys
// (locales.test.ts checks them through en.ts / fr.ts / ar.ts).

export const reportsEn = {
  title: "Reports",
};

export const reportsFr: typeof reportsEn = {
  title: "Rapports",
};

export const reportsAr: typeof reportsEn = {
  title: "التقارير",
};
