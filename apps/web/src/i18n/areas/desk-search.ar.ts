// Arabic strings of the ticket search (see desk-search.ts).

import type { deskSearchEn } from "./desk-search.ts";

export const deskSearchAr: typeof deskSearchEn = {
  sortRelevance: "الأكثر تطابقًا",
  internalMatch: "ملاحظة داخلية",
  noResultsFilteredBody:
    "لا شيء يطابق «{{query}}» مع عوامل التصفية هذه. امسح عوامل التصفية أو جرّب كلمات أخرى.",
  clearFilters: "مسح عوامل التصفية",
  language: {
    label: "لغة التذاكر",
    hint: "يجد البحث صيغ الجمع وأشكال الكلمات الأخرى في هذه اللغة (والكلمات المطابقة تمامًا بأي لغة).",
    rebuildNote:
      "يؤدي تغييرها إلى إعادة بناء بحث التذاكر في الخلفية؛ وفي مساحات العمل الكبيرة يستغرق ذلك بضع دقائق.",
    en: "الإنجليزية",
    fr: "الفرنسية",
    ar: "العربية",
    saved: "تم الحفظ. تجري إعادة بناء بحث التذاكر للغة الجديدة.",
  },
};
