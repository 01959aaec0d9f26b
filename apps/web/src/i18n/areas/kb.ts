// Strings of the Desk knowledge base screens, one object per language with the same keys
// (locales.test.ts checks them through en.ts / fr.ts / ar.ts).

export const kbEn = {
  title: "Knowledge base",
};

export const kbFr: typeof kbEn = {
  title: "Base de connaissances",
};

export const kbAr: typeof kbEn = {
  title: "قاعدة المعرفة",
};
