// Strings of the Desk help center screens, one object per language with the same keys
// (locales.test.ts checks them through en.ts / fr.ts / ar.ts).

export const helpEn = {
  title: "Help center",
};

export const helpFr: typeof helpEn = {
  title: "Centre d'aide",
};

export const helpAr: typeof helpEn = {
  title: "مركز المساعدة",
};
