import type { toolsEn } from "./tools.ts";

export const toolsAr: typeof toolsEn = {
  nav: "استخدام الأدوات",
  title: "استخدام الأدوات",
  description: "مرات تشغيل كل أداة من سجل الاستخدام: النجاح والإخفاق والمدة والحجم. الأيام بتوقيت UTC.",
  range: "الفترة",
  days: "آخر {{days}} يومًا",
  kpi: {
    runs: "مرات التشغيل",
    succeeded: "ناجحة",
    failed: "فاشلة",
    cancelled: "ملغاة",
  },
  chart: {
    title: "مرات التشغيل يوميًا",
    description: "كل مهمة انتهت، مع الفاشلة منها.",
    summary: "{{runs}} مرة تشغيل و{{failed}} إخفاقًا خلال الفترة.",
    empty: "لم تُستخدم أي أداة في هذه الفترة.",
    day: "اليوم",
    runs: "مرات التشغيل",
    failed: "فاشلة",
  },
  table: {
    caption: "الاستخدام لكل أداة",
    tool: "الأداة",
    runs: "مرات التشغيل",
    succeeded: "ناجحة",
    failed: "فاشلة",
    users: "المستخدمون",
    guests: "الزوار",
    avg: "متوسط المدة",
    volume: "حجم الملفات الواردة",
  },
  ms: "{{value}} ms",
  mb: "{{value}} م.ب",
};
