import type { deskSetupEn } from "./desk-setup.ts";

export const deskSetupAr: typeof deskSetupEn = {
  accountGroup: "حسابك",
  deskGroup: "مكتب الدعم",
  loadFailed: "خطوات مكتب الدعم غير متاحة الآن.",
  steps: {
    helpCenter: {
      title: "انشر مركز المساعدة",
      body: "انشر مقالة ليقرأ عملاؤك الإجابات ويراسلوك من هنا.",
      action: "اكتب مقالة",
      off: "مركز المساعدة متوقف.",
      turnOn: "شغّله",
    },
    inboundEmail: {
      title: "استقبل بريد العملاء",
      body: "حوّل صندوق بريد الدعم إلى هذا العنوان: كل رسالة تصبح تذكرة.",
      action: "إعدادات البريد",
    },
    slaPolicy: {
      title: "أنشئ أول سياسة SLA",
      body: "مُهل للرد والحل حتى لا ينتظر أي عميل طويلًا.",
      action: "أنشئ سياسة",
    },
    inviteAgent: {
      title: "ادعُ وكيلًا",
      body: "شخص تتقاسم معه التذاكر.",
      action: "ادعُ",
    },
  },
  helpCenterUrl: "عنوان مركز المساعدة",
  inboundAddress: "عنوان البريد الوارد",
  contactFormUrl: "عنوان نموذج التواصل",
  copyAddress: "انسخ العنوان",
  copyUrl: "انسخ الرابط",
  empty: {
    title: "لا توجد تذاكر بعد",
    body: "يصل إليك عملاؤك عبر البريد الإلكتروني أو نموذج التواصل في مركز المساعدة؛ وكل رسالة تصبح تذكرة هنا.",
    email: "عبر البريد الإلكتروني",
    form: "عبر نموذج التواصل",
    helpCenterOff: "شغّل مركز المساعدة لتمنح عملاءك نموذج تواصل.",
    openHelpCenter: "إعدادات مركز المساعدة",
  },
};
