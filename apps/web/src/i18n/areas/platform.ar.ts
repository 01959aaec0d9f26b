import type { platformEn } from "./platform.ts";

export const platformAr: typeof platformEn = {
  maintenance: "رسالة من فريق Quartet",
  whatsNewTitle: "جديد: ميزات مبكرة",
  whatsNewBody: "أنت من أوائل من يجربون ميزات Quartet الجديدة. أخبرنا برأيك.",
  dismiss: "إخفاء",
  signupClosedTitle: "التسجيل متوقف مؤقتًا",
  signupClosedBody: "لا نقبل حسابات جديدة حاليًا. يُرجى العودة بعد قليل.",
};
