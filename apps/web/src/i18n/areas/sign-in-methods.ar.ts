// Arabic strings of Account → Security's "Sign-in methods" (see sign-in-methods.ts).

import type { signInMethodsEn } from "./sign-in-methods.ts";

export const signInMethodsAr: typeof signInMethodsEn = {
  title: "طرق تسجيل الدخول",
  description:
    "الطرق التي يمكنك بها تسجيل الدخول إلى هذا الحساب. اربط Google أو GitHub أو تسجيل دخول شركتك لتستغني عن كلمة المرور.",
  password: "كلمة المرور",
  passwordSet: "مُعيَّنة",
  passwordNotSet: "غير مُعيَّنة. لإضافة واحدة، استخدم «نسيت كلمة المرور؟» في صفحة تسجيل الدخول.",
  connected: "مرتبط منذ {{date}}",
  notConnected: "غير مرتبط",
  connect: "ربط",
  disconnect: "إلغاء الربط",
  disconnectTitle: "إلغاء ربط {{name}}؟",
  disconnectBody: "لن تتمكن من تسجيل الدخول باستخدام {{name}} حتى تربطه مرة أخرى.",
  disconnected: "أُلغي ربط {{name}}.",
  linked: "تم ربط {{name}}. يمكنك الآن تسجيل الدخول به.",
  lastMethod: "هذه طريقتك الوحيدة لتسجيل الدخول. عيّن كلمة مرور أو اربط حسابًا آخر أولًا.",
};
