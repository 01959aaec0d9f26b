import { z } from "zod";

/** The mails this milestone sends; each has a subject, an HTML and a plain-text part per locale. */
export const EMAIL_TEMPLATE_TYPES = [
  "VERIFICATION",
  "PASSWORD_RESET",
  "PASSWORD_CHANGED",
  "UNLOCK_CODE",
  "WELCOME",
  "INVITATION",
  "NOTIFICATION",
  // Help desk mail to a workspace's customers (Contacts, not account holders).
  "DESK_TICKET_RECEIVED",
  "DESK_TICKET_REPLY",
  "DESK_CSAT_SURVEY",
  // Billing (issue 9): subscriptions, payments and the Day Pass.
  "SUBSCRIPTION_CONFIRMED",
  "SUBSCRIPTION_CANCELLED",
  "SUBSCRIPTION_EXPIRING_SOON",
  "PAYMENT_FAILED",
  "DAY_PASS_PURCHASED",
  "DAY_PASS_EXPIRING_SOON",
  "DAY_PASS_EXPIRED",
  // Tools (issue 12): a job finished, with a link to its result page.
  "JOB_COMPLETED",
  "JOB_FAILED",
] as const;
export type EmailTemplateType = (typeof EMAIL_TEMPLATE_TYPES)[number];

const name = z.string().max(200).nullish();
const link = z.string().min(1).max(2000);
/** What every help desk mail names: whose desk, which ticket. */
const deskTicket = {
  name,
  workspaceName: z.string().min(1).max(200),
  number: z.number().int().positive(),
  subject: z.string().min(1).max(200),
  link,
};

/** What every workspace billing mail names: whose workspace, which plan, where to manage it. */
const billingText = z.string().min(1).max(100);
const billingWorkspace = { name, workspaceName: z.string().min(1).max(200), planName: billingText, link };

/** Template variables per type (also validates EmailLog.metadata before a send). */
export const emailTemplateDataSchemas = {
  VERIFICATION: z.object({ name, link }),
  PASSWORD_RESET: z.object({ name, link }),
  PASSWORD_CHANGED: z.object({ name }),
  UNLOCK_CODE: z.object({
    name,
    code: z.string().regex(/^\d{6}$/),
    minutes: z.number().int().positive().max(1440),
  }),
  WELCOME: z.object({ name, link }),
  INVITATION: z.object({
    inviterName: z.string().max(200).nullish(),
    orgName: z.string().min(1).max(200),
    role: z.string().min(1).max(50),
    link,
  }),
  NOTIFICATION: z.object({
    title: z.string().min(1).max(300),
    message: z.string().max(5000),
    link: link.nullish(),
  }),
  DESK_TICKET_RECEIVED: z.object(deskTicket),
  DESK_TICKET_REPLY: z.object({
    ...deskTicket,
    agentName: z.string().max(200).nullish(),
    message: z.string().min(1).max(50_000),
  }),
  DESK_CSAT_SURVEY: z.object(deskTicket),
  SUBSCRIPTION_CONFIRMED: z.object({ ...billingWorkspace, amount: billingText, date: billingText }),
  SUBSCRIPTION_CANCELLED: z.object({ ...billingWorkspace, date: billingText }),
  SUBSCRIPTION_EXPIRING_SOON: z.object({
    ...billingWorkspace,
    date: billingText,
    days: z.number().int().min(1).max(31),
  }),
  PAYMENT_FAILED: z.object({ ...billingWorkspace, amount: billingText, date: billingText }),
  DAY_PASS_PURCHASED: z.object({ name, amount: billingText, date: billingText, link }),
  DAY_PASS_EXPIRING_SOON: z.object({ name, date: billingText, hours: z.number().int().min(1).max(24), link }),
  DAY_PASS_EXPIRED: z.object({ name, link }),
  JOB_COMPLETED: z.object({ name, toolName: z.string().min(1).max(200), expiresAt: billingText, link }),
  JOB_FAILED: z.object({
    name,
    toolName: z.string().min(1).max(200),
    reason: z.string().min(1).max(500),
    link,
  }),
} satisfies Record<EmailTemplateType, z.ZodType>;

export type EmailTemplateData = { [K in EmailTemplateType]: z.input<(typeof emailTemplateDataSchemas)[K]> };

export const EMAIL_LOCALES = ["en", "fr", "ar"] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** `fr-CA` → `fr`; anything we have no templates for → `en`. */
export function resolveEmailLocale(locale: string | null | undefined): EmailLocale {
  const base = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (EMAIL_LOCALES as readonly string[]).includes(base) ? (base as EmailLocale) : "en";
}

export interface RenderedEmail {
  locale: EmailLocale;
  subject: string;
  html: string;
  text: string;
}

interface Copy {
  subject: string;
  heading: string;
  /** Paragraphs; `{var}` placeholders are filled (and HTML-escaped in the HTML part). */
  body: string[];
  button?: string;
  note?: string;
  /**
   * Mail a workspace sends to its customers: branded with the workspace name (`{workspaceName}`)
   * and with the desk footer instead of Quartet's account footer.
   */
  customer?: true;
  /** No "Hi {name}," line (the body is someone's own words, or a notification). */
  noGreeting?: true;
}

interface LocaleStrings {
  dir: "ltr" | "rtl";
  greeting: string;
  greetingNoName: string;
  fallbackLink: string;
  tagline: string;
  footer: string;
  /** Footer lines of help desk mail to customers. */
  deskTagline: string;
  deskFooter: string;
  /** Heading of a reply when the agent has no name on record. */
  someone: string;
  roles: Record<string, string>;
  templates: Record<EmailTemplateType, Copy>;
}

const STRINGS: Record<EmailLocale, LocaleStrings> = {
  en: {
    dir: "ltr",
    greeting: "Hi {name},",
    greetingNoName: "Hi,",
    fallbackLink: "If the button doesn't work, copy this link into your browser:",
    tagline: "Quartet: one workspace for your tools, publishing, inbox and help desk.",
    footer: "You're receiving this email because of activity on your Quartet account.",
    deskTagline: "{workspaceName} support, powered by Quartet.",
    deskFooter: "You're receiving this email because you contacted {workspaceName}.",
    someone: "Our team",
    roles: { OWNER: "owner", ADMIN: "admin", AGENT: "agent", MEMBER: "member" },
    templates: {
      VERIFICATION: {
        subject: "Verify your email for Quartet",
        heading: "Confirm your email address",
        body: [
          "Thanks for signing up for Quartet. Confirm that this is your email address to activate your account.",
        ],
        button: "Verify email",
        note: "This link expires in 24 hours. If you didn't create a Quartet account, you can ignore this email.",
      },
      PASSWORD_RESET: {
        subject: "Reset your Quartet password",
        heading: "Reset your password",
        body: [
          "We received a request to reset the password of your Quartet account. Choose a new one with the button below.",
        ],
        button: "Reset password",
        note: "This link expires in 1 hour and works once. If you didn't ask for this, ignore this email: your password stays the same.",
      },
      UNLOCK_CODE: {
        subject: "Your Quartet unlock code",
        heading: "Unlock your account",
        body: [
          "Your Quartet account was locked after too many failed sign-in attempts. Someone just signed in with your password; to finish signing in, enter this code:",
          "{code}",
          "It works once, within {minutes} minutes.",
        ],
        note: "If this wasn't you, someone knows your password: reset it now from the sign-in page, and turn on two-factor authentication.",
      },
      PASSWORD_CHANGED: {
        subject: "Your Quartet password was changed",
        heading: "Your password was changed",
        body: ["The password of your Quartet account was just changed."],
        note: "If this wasn't you, reset your password right away and review your active sessions in your account settings.",
      },
      WELCOME: {
        subject: "Welcome to Quartet",
        heading: "Welcome to Quartet",
        body: ["Your email is verified and your workspace is ready. Invite your teammates and get started."],
        button: "Open Quartet",
      },
      INVITATION: {
        subject: "{inviterName} invited you to {orgName} on Quartet",
        heading: "Join {orgName} on Quartet",
        body: ["{inviterName} invited you to join the {orgName} workspace as {role}."],
        button: "Accept invitation",
        note: "If you weren't expecting this invitation, you can ignore this email.",
      },
      NOTIFICATION: {
        subject: "{title}",
        heading: "{title}",
        body: ["{message}"],
        button: "View in Quartet",
      },
      DESK_TICKET_RECEIVED: {
        subject: "[#{number}] {subject}",
        heading: "We received your request #{number}",
        body: [
          "Thanks for contacting {workspaceName}. Your request “{subject}” is now ticket #{number} and our team will get back to you soon.",
          "To add details, reply to this email or open your request with the button below.",
        ],
        button: "View your request",
        customer: true,
      },
      DESK_TICKET_REPLY: {
        subject: "Re: [#{number}] {subject}",
        heading: "{agentName} replied to your request #{number}",
        body: ["{message}"],
        button: "View the conversation",
        note: "Reply to this email to answer. Your message will be added to request #{number}.",
        customer: true,
        noGreeting: true,
      },
      DESK_CSAT_SURVEY: {
        subject: "[#{number}] How did we do?",
        heading: "How did we do?",
        body: [
          "Your request #{number} “{subject}” has been resolved.",
          "Would you take a moment to rate the help you received from {workspaceName}? It takes one click.",
        ],
        button: "Rate your experience",
        note: "Not solved after all? Reply to this email and we'll reopen your request.",
        customer: true,
      },
      SUBSCRIPTION_CONFIRMED: {
        subject: "{workspaceName} is now on {planName}",
        heading: "Welcome to {planName}",
        body: [
          "The {workspaceName} workspace is now on the {planName} plan. Every limit of the plan applies right away.",
          "Amount: {amount}. Next billing date: {date}.",
        ],
        button: "View billing",
        note: "You can change or cancel your plan at any time from Settings → Billing.",
      },
      SUBSCRIPTION_CANCELLED: {
        subject: "Your {planName} plan for {workspaceName} is cancelled",
        heading: "Your plan is cancelled",
        body: [
          "The {planName} plan of {workspaceName} is cancelled. It stays active until {date}; after that the workspace moves to the Free plan. Nothing is deleted.",
          "Changed your mind? Resume the plan before that date and nothing changes.",
        ],
        button: "Resume my plan",
      },
      SUBSCRIPTION_EXPIRING_SOON: {
        subject: "{planName} for {workspaceName} ends in {days} day(s)",
        heading: "Your plan ends on {date}",
        body: [
          "The {planName} plan of {workspaceName} ends on {date}, in {days} day(s). After that the workspace moves to the Free plan and items over its limits become read-only.",
        ],
        button: "Keep my plan",
      },
      PAYMENT_FAILED: {
        subject: "Payment failed for {workspaceName}",
        heading: "We couldn't take your payment",
        body: [
          "The payment of {amount} for the {planName} plan of {workspaceName} failed.",
          "Your plan stays active until {date}. Update your payment method before then to keep it.",
        ],
        button: "Update payment method",
      },
      DAY_PASS_PURCHASED: {
        subject: "Your Quartet Day Pass is active",
        heading: "Your Day Pass is active",
        body: ["Thanks for your purchase of {amount}. You have Premium access to every tool until {date}."],
        button: "Open the tools",
      },
      DAY_PASS_EXPIRING_SOON: {
        subject: "Your Day Pass ends in {hours} hours",
        heading: "Your Day Pass ends soon",
        body: [
          "Your Premium access ends on {date}, in {hours} hours. Finish your work, or buy another pass to keep going.",
        ],
        button: "Get another Day Pass",
      },
      DAY_PASS_EXPIRED: {
        subject: "Your Day Pass has ended",
        heading: "Your Day Pass has ended",
        body: [
          "Your Premium access has ended and the Free limits apply again. Buy a new pass whenever you need it.",
        ],
        button: "Get another Day Pass",
      },
      JOB_COMPLETED: {
        subject: "Your file is ready: {toolName}",
        heading: "Your file is ready",
        body: ["{toolName} has finished. Download the result before {expiresAt}: after that it is deleted."],
        button: "Download the result",
      },
      JOB_FAILED: {
        subject: "{toolName} could not process your file",
        heading: "Your file could not be processed",
        body: [
          "{toolName} stopped with this reason: {reason}",
          "You can fix the file and try again from the result page.",
        ],
        button: "Open the job",
      },
    },
  },
  fr: {
    dir: "ltr",
    greeting: "Bonjour {name},",
    greetingNoName: "Bonjour,",
    fallbackLink: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",
    tagline: "Quartet : un seul espace pour vos outils, vos publications, votre messagerie et votre support.",
    footer: "Vous recevez cet e-mail en raison d'une activité sur votre compte Quartet.",
    deskTagline: "Support {workspaceName}, propulsé par Quartet.",
    deskFooter: "Vous recevez cet e-mail parce que vous avez contacté {workspaceName}.",
    someone: "Notre équipe",
    roles: { OWNER: "propriétaire", ADMIN: "administrateur", AGENT: "agent", MEMBER: "membre" },
    templates: {
      VERIFICATION: {
        subject: "Vérifiez votre adresse e-mail pour Quartet",
        heading: "Confirmez votre adresse e-mail",
        body: [
          "Merci de vous être inscrit sur Quartet. Confirmez qu'il s'agit bien de votre adresse e-mail pour activer votre compte.",
        ],
        button: "Vérifier mon e-mail",
        note: "Ce lien expire dans 24 heures. Si vous n'avez pas créé de compte Quartet, ignorez cet e-mail.",
      },
      PASSWORD_RESET: {
        subject: "Réinitialisez votre mot de passe Quartet",
        heading: "Réinitialisez votre mot de passe",
        body: [
          "Nous avons reçu une demande de réinitialisation du mot de passe de votre compte Quartet. Choisissez-en un nouveau avec le bouton ci-dessous.",
        ],
        button: "Réinitialiser le mot de passe",
        note: "Ce lien expire dans 1 heure et ne sert qu'une fois. Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.",
      },
      UNLOCK_CODE: {
        subject: "Votre code de déverrouillage Quartet",
        heading: "Déverrouillez votre compte",
        body: [
          "Votre compte Quartet a été verrouillé après trop de tentatives de connexion échouées. Quelqu'un vient de se connecter avec votre mot de passe ; pour terminer la connexion, saisissez ce code :",
          "{code}",
          "Il ne sert qu'une fois, dans les {minutes} minutes.",
        ],
        note: "Si ce n'est pas vous, quelqu'un connaît votre mot de passe : réinitialisez-le dès maintenant depuis la page de connexion et activez l'authentification à deux facteurs.",
      },
      PASSWORD_CHANGED: {
        subject: "Votre mot de passe Quartet a été modifié",
        heading: "Votre mot de passe a été modifié",
        body: ["Le mot de passe de votre compte Quartet vient d'être modifié."],
        note: "Si ce n'est pas vous, réinitialisez votre mot de passe sans attendre et vérifiez vos sessions actives dans les paramètres de votre compte.",
      },
      WELCOME: {
        subject: "Bienvenue sur Quartet",
        heading: "Bienvenue sur Quartet",
        body: [
          "Votre adresse e-mail est vérifiée et votre espace de travail est prêt. Invitez vos collègues et lancez-vous.",
        ],
        button: "Ouvrir Quartet",
      },
      INVITATION: {
        subject: "{inviterName} vous invite à rejoindre {orgName} sur Quartet",
        heading: "Rejoignez {orgName} sur Quartet",
        body: ["{inviterName} vous invite à rejoindre l'espace de travail {orgName} en tant que {role}."],
        button: "Accepter l'invitation",
        note: "Si vous n'attendiez pas cette invitation, vous pouvez ignorer cet e-mail.",
      },
      NOTIFICATION: {
        subject: "{title}",
        heading: "{title}",
        body: ["{message}"],
        button: "Voir dans Quartet",
      },
      DESK_TICKET_RECEIVED: {
        subject: "[#{number}] {subject}",
        heading: "Nous avons bien reçu votre demande n°\u00a0{number}",
        body: [
          "Merci d'avoir contacté {workspaceName}. Votre demande « {subject} » est enregistrée sous le n°\u00a0{number} et notre équipe vous répondra rapidement.",
          "Pour ajouter des précisions, répondez à cet e-mail ou ouvrez votre demande avec le bouton ci-dessous.",
        ],
        button: "Voir ma demande",
        customer: true,
      },
      DESK_TICKET_REPLY: {
        subject: "Re: [#{number}] {subject}",
        heading: "{agentName} a répondu à votre demande n°\u00a0{number}",
        body: ["{message}"],
        button: "Voir la conversation",
        note: "Répondez à cet e-mail pour continuer l'échange : votre message sera ajouté à la demande n°\u00a0{number}.",
        customer: true,
        noGreeting: true,
      },
      DESK_CSAT_SURVEY: {
        subject: "[#{number}] Votre avis nous intéresse",
        heading: "Comment avons-nous fait ?",
        body: [
          "Votre demande n°\u00a0{number} « {subject} » a été résolue.",
          "Prendriez-vous un instant pour noter l'aide reçue de {workspaceName} ? Un clic suffit.",
        ],
        button: "Donner mon avis",
        note: "Le problème n'est pas réglé ? Répondez à cet e-mail et nous rouvrirons votre demande.",
        customer: true,
      },
      SUBSCRIPTION_CONFIRMED: {
        subject: "{workspaceName} passe à l'offre {planName}",
        heading: "Bienvenue dans l'offre {planName}",
        body: [
          "L'espace de travail {workspaceName} est désormais sur l'offre {planName}. Toutes ses limites s'appliquent immédiatement.",
          "Montant : {amount}. Prochaine facturation : {date}.",
        ],
        button: "Voir la facturation",
        note: "Vous pouvez changer ou résilier votre offre à tout moment dans Réglages → Facturation.",
      },
      SUBSCRIPTION_CANCELLED: {
        subject: "Votre offre {planName} pour {workspaceName} est résiliée",
        heading: "Votre offre est résiliée",
        body: [
          "L'offre {planName} de {workspaceName} est résiliée. Elle reste active jusqu'au {date} ; ensuite l'espace passe à l'offre Gratuite. Rien n'est supprimé.",
          "Vous avez changé d'avis ? Reprenez l'offre avant cette date et rien ne change.",
        ],
        button: "Reprendre mon offre",
      },
      SUBSCRIPTION_EXPIRING_SOON: {
        subject: "{planName} pour {workspaceName} se termine dans {days} jour(s)",
        heading: "Votre offre se termine le {date}",
        body: [
          "L'offre {planName} de {workspaceName} se termine le {date}, dans {days} jour(s). Ensuite l'espace passe à l'offre Gratuite et les éléments au-delà de ses limites passent en lecture seule.",
        ],
        button: "Garder mon offre",
      },
      PAYMENT_FAILED: {
        subject: "Échec du paiement pour {workspaceName}",
        heading: "Nous n'avons pas pu encaisser votre paiement",
        body: [
          "Le paiement de {amount} pour l'offre {planName} de {workspaceName} a échoué.",
          "Votre offre reste active jusqu'au {date}. Mettez à jour votre moyen de paiement d'ici là pour la conserver.",
        ],
        button: "Mettre à jour le moyen de paiement",
      },
      DAY_PASS_PURCHASED: {
        subject: "Votre Pass Journée Quartet est actif",
        heading: "Votre Pass Journée est actif",
        body: [
          "Merci pour votre achat de {amount}. Vous avez un accès Premium à tous les outils jusqu'au {date}.",
        ],
        button: "Ouvrir les outils",
      },
      DAY_PASS_EXPIRING_SOON: {
        subject: "Votre Pass Journée se termine dans {hours} heures",
        heading: "Votre Pass Journée se termine bientôt",
        body: [
          "Votre accès Premium se termine le {date}, dans {hours} heures. Terminez votre travail, ou achetez un autre pass pour continuer.",
        ],
        button: "Acheter un autre Pass Journée",
      },
      DAY_PASS_EXPIRED: {
        subject: "Votre Pass Journée est terminé",
        heading: "Votre Pass Journée est terminé",
        body: [
          "Votre accès Premium est terminé et les limites de l'offre Gratuite s'appliquent de nouveau. Achetez un nouveau pass quand vous en avez besoin.",
        ],
        button: "Acheter un autre Pass Journée",
      },
      JOB_COMPLETED: {
        subject: "Votre fichier est prêt : {toolName}",
        heading: "Votre fichier est prêt",
        body: [
          "{toolName} a terminé. Téléchargez le résultat avant le {expiresAt} : il sera ensuite supprimé.",
        ],
        button: "Télécharger le résultat",
      },
      JOB_FAILED: {
        subject: "{toolName} n'a pas pu traiter votre fichier",
        heading: "Votre fichier n'a pas pu être traité",
        body: [
          "{toolName} s'est arrêté pour cette raison : {reason}",
          "Vous pouvez corriger le fichier et réessayer depuis la page du résultat.",
        ],
        button: "Ouvrir la tâche",
      },
    },
  },
  ar: {
    dir: "rtl",
    greeting: "مرحبًا {name}،",
    greetingNoName: "مرحبًا،",
    fallbackLink: "إذا لم يعمل الزر، انسخ هذا الرابط والصقه في متصفحك:",
    tagline: "Quartet: مساحة واحدة لأدواتك ومنشوراتك وصندوق رسائلك ومكتب الدعم.",
    footer: "تصلك هذه الرسالة بسبب نشاط على حسابك في Quartet.",
    deskTagline: "دعم {workspaceName}، بواسطة Quartet.",
    deskFooter: "تصلك هذه الرسالة لأنك تواصلت مع {workspaceName}.",
    someone: "فريقنا",
    roles: { OWNER: "مالك", ADMIN: "مسؤول", AGENT: "وكيل", MEMBER: "عضو" },
    templates: {
      VERIFICATION: {
        subject: "أكّد بريدك الإلكتروني في Quartet",
        heading: "تأكيد عنوان بريدك الإلكتروني",
        body: ["شكرًا لتسجيلك في Quartet. أكّد أن هذا هو عنوان بريدك الإلكتروني لتفعيل حسابك."],
        button: "تأكيد البريد الإلكتروني",
        note: "تنتهي صلاحية هذا الرابط خلال 24 ساعة. إذا لم تُنشئ حسابًا في Quartet، يمكنك تجاهل هذه الرسالة.",
      },
      PASSWORD_RESET: {
        subject: "إعادة تعيين كلمة مرور Quartet",
        heading: "إعادة تعيين كلمة المرور",
        body: [
          "تلقّينا طلبًا لإعادة تعيين كلمة مرور حسابك في Quartet. اختر كلمة مرور جديدة من خلال الزر أدناه.",
        ],
        button: "إعادة تعيين كلمة المرور",
        note: "تنتهي صلاحية هذا الرابط خلال ساعة واحدة ويُستخدم مرة واحدة فقط. إذا لم تطلب ذلك، تجاهل هذه الرسالة وستبقى كلمة مرورك كما هي.",
      },
      UNLOCK_CODE: {
        subject: "رمز فتح حسابك في Quartet",
        heading: "افتح حسابك",
        body: [
          "قُفل حسابك في Quartet بعد محاولات تسجيل دخول فاشلة كثيرة. أدخل أحدهم كلمة مرورك الصحيحة للتو؛ لإكمال تسجيل الدخول، أدخل هذا الرمز:",
          "{code}",
          "يصلح لمرة واحدة، خلال {minutes} دقيقة.",
        ],
        note: "إن لم تكن أنت، فهناك من يعرف كلمة مرورك: أعد تعيينها الآن من صفحة تسجيل الدخول، وفعّل المصادقة الثنائية.",
      },
      PASSWORD_CHANGED: {
        subject: "تم تغيير كلمة مرور Quartet",
        heading: "تم تغيير كلمة المرور",
        body: ["تم للتو تغيير كلمة مرور حسابك في Quartet."],
        note: "إذا لم تكن أنت من قام بذلك، أعد تعيين كلمة المرور فورًا وراجع جلساتك النشطة في إعدادات حسابك.",
      },
      WELCOME: {
        subject: "مرحبًا بك في Quartet",
        heading: "مرحبًا بك في Quartet",
        body: ["تم التحقق من بريدك الإلكتروني ومساحة عملك جاهزة. ادعُ زملاءك وابدأ الآن."],
        button: "افتح Quartet",
      },
      INVITATION: {
        subject: "{inviterName} يدعوك للانضمام إلى {orgName} على Quartet",
        heading: "انضم إلى {orgName} على Quartet",
        body: ["يدعوك {inviterName} للانضمام إلى مساحة العمل {orgName} بدور {role}."],
        button: "قبول الدعوة",
        note: "إذا لم تكن تتوقع هذه الدعوة، يمكنك تجاهل هذه الرسالة.",
      },
      NOTIFICATION: {
        subject: "{title}",
        heading: "{title}",
        body: ["{message}"],
        button: "عرض في Quartet",
      },
      DESK_TICKET_RECEIVED: {
        subject: "[#{number}] {subject}",
        heading: "استلمنا طلبك رقم {number}",
        body: [
          "شكرًا لتواصلك مع {workspaceName}. سُجّل طلبك «{subject}» برقم {number} وسيردّ عليك فريقنا قريبًا.",
          "لإضافة تفاصيل، ردّ على هذه الرسالة أو افتح طلبك من خلال الزر أدناه.",
        ],
        button: "عرض طلبك",
        customer: true,
      },
      DESK_TICKET_REPLY: {
        subject: "Re: [#{number}] {subject}",
        heading: "ردّ {agentName} على طلبك رقم {number}",
        body: ["{message}"],
        button: "عرض المحادثة",
        note: "ردّ على هذه الرسالة للإجابة، وستُضاف رسالتك إلى الطلب رقم {number}.",
        customer: true,
        noGreeting: true,
      },
      DESK_CSAT_SURVEY: {
        subject: "[#{number}] ما رأيك في خدمتنا؟",
        heading: "ما رأيك في خدمتنا؟",
        body: [
          "تمّ حلّ طلبك رقم {number} «{subject}».",
          "هل تمنحنا لحظة لتقييم المساعدة التي تلقيتها من {workspaceName}؟ يكفي نقرة واحدة.",
        ],
        button: "قيّم تجربتك",
        note: "ألم تُحلّ المشكلة بعد؟ ردّ على هذه الرسالة وسنعيد فتح طلبك.",
        customer: true,
      },
      SUBSCRIPTION_CONFIRMED: {
        subject: "انتقلت {workspaceName} إلى خطة {planName}",
        heading: "مرحبًا بك في خطة {planName}",
        body: [
          "أصبحت مساحة العمل {workspaceName} على خطة {planName}. تسري حدود الخطة فورًا.",
          "المبلغ: {amount}. تاريخ الفوترة التالي: {date}.",
        ],
        button: "عرض الفوترة",
        note: "يمكنك تغيير خطتك أو إلغاؤها في أي وقت من الإعدادات ← الفوترة.",
      },
      SUBSCRIPTION_CANCELLED: {
        subject: "تم إلغاء خطة {planName} لمساحة {workspaceName}",
        heading: "تم إلغاء خطتك",
        body: [
          "تم إلغاء خطة {planName} لمساحة {workspaceName}. تبقى فعّالة حتى {date}، ثم تنتقل المساحة إلى الخطة المجانية. لن يُحذف أي شيء.",
          "غيّرت رأيك؟ استأنف الخطة قبل هذا التاريخ ولن يتغير شيء.",
        ],
        button: "استئناف خطتي",
      },
      SUBSCRIPTION_EXPIRING_SOON: {
        subject: "تنتهي خطة {planName} لمساحة {workspaceName} خلال {days} يوم",
        heading: "تنتهي خطتك في {date}",
        body: [
          "تنتهي خطة {planName} لمساحة {workspaceName} في {date}، أي خلال {days} يوم. بعدها تنتقل المساحة إلى الخطة المجانية وتصبح العناصر التي تتجاوز حدودها للقراءة فقط.",
        ],
        button: "الإبقاء على خطتي",
      },
      PAYMENT_FAILED: {
        subject: "فشل الدفع لمساحة {workspaceName}",
        heading: "تعذّر تحصيل دفعتك",
        body: [
          "فشل دفع مبلغ {amount} لخطة {planName} لمساحة {workspaceName}.",
          "تبقى خطتك فعّالة حتى {date}. حدّث وسيلة الدفع قبل ذلك للاحتفاظ بها.",
        ],
        button: "تحديث وسيلة الدفع",
      },
      DAY_PASS_PURCHASED: {
        subject: "تصريح اليوم في Quartet مفعّل",
        heading: "تصريح اليوم مفعّل",
        body: ["شكرًا لشرائك بمبلغ {amount}. لديك وصول مميز إلى كل الأدوات حتى {date}."],
        button: "فتح الأدوات",
      },
      DAY_PASS_EXPIRING_SOON: {
        subject: "ينتهي تصريح اليوم خلال {hours} ساعات",
        heading: "ينتهي تصريح اليوم قريبًا",
        body: ["ينتهي وصولك المميز في {date}، أي خلال {hours} ساعات. أكمل عملك أو اشترِ تصريحًا آخر للمتابعة."],
        button: "شراء تصريح يوم آخر",
      },
      DAY_PASS_EXPIRED: {
        subject: "انتهى تصريح اليوم",
        heading: "انتهى تصريح اليوم",
        body: ["انتهى وصولك المميز وعادت حدود الخطة المجانية. اشترِ تصريحًا جديدًا متى احتجت إليه."],
        button: "شراء تصريح يوم آخر",
      },
      JOB_COMPLETED: {
        subject: "ملفك جاهز: {toolName}",
        heading: "ملفك جاهز",
        body: ["انتهت أداة {toolName}. نزّل النتيجة قبل {expiresAt}، إذ تُحذف بعد ذلك."],
        button: "تنزيل النتيجة",
      },
      JOB_FAILED: {
        subject: "تعذّر على {toolName} معالجة ملفك",
        heading: "تعذّرت معالجة ملفك",
        body: [
          "توقفت أداة {toolName} للسبب التالي: {reason}",
          "يمكنك إصلاح الملف والمحاولة مجددًا من صفحة النتيجة.",
        ],
        button: "فتح المهمة",
      },
    },
  },
};

const FALLBACK_INVITER: Record<EmailLocale, string> = {
  en: "A teammate",
  fr: "Un collègue",
  ar: "أحد زملائك",
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Fills `{var}` placeholders; in HTML mode both the template text and the values are escaped. */
function fill(template: string, vars: Record<string, string>, html: boolean): string {
  const esc = html ? escapeHtml : (s: string) => s;
  let out = "";
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    out += esc(template.slice(last, m.index));
    const value = vars[m[1] as string] ?? "";
    out += html ? escapeHtml(value).replace(/\r?\n/g, "<br>") : value;
    last = (m.index ?? 0) + m[0].length;
  }
  return out + esc(template.slice(last));
}

/** Only absolute http(s) links become buttons; a path is resolved against the web app's origin. */
function safeLink(link: string | null | undefined, webUrl: string | undefined): string | null {
  if (!link) return null;
  try {
    const url = webUrl ? new URL(link, webUrl) : new URL(link);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A paragraph that is just a one-time code stands out (and stays left-to-right in Arabic). */
const CODE_STYLE =
  "font-size:28px;line-height:36px;font-weight:700;letter-spacing:0.3em;font-family:ui-monospace,Menlo,Consolas,monospace;color:#0f172a;direction:ltr;unicode-bidi:embed;";

const oneLine = (s: string) =>
  s
    .replace(/[\r\n\t]+/g, " ")
    .replace(/\s{2,}/g, " ")
    .trim()
    .slice(0, 300);

/**
 * Renders one mail in the recipient's locale (unknown locales fall back to English). Variables are
 * validated against the type's schema and HTML-escaped; the output has an inline-styled HTML part
 * (right-to-left for Arabic) and a plain-text part.
 */
export function renderEmail<T extends EmailTemplateType>(
  type: T,
  locale: string | null | undefined,
  data: EmailTemplateData[T],
  options: { webUrl?: string } = {},
): RenderedEmail {
  const loc = resolveEmailLocale(locale);
  const strings = STRINGS[loc];
  const copy = strings.templates[type];
  const parsed = emailTemplateDataSchemas[type].parse(data) as Record<string, unknown>;

  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === "string") vars[k] = v.trim();
    else if (typeof v === "number") vars[k] = String(v);
  }
  if ("agentName" in parsed && !vars.agentName) vars.agentName = strings.someone;
  if ("inviterName" in parsed && !vars.inviterName) vars.inviterName = FALLBACK_INVITER[loc];
  if (vars.role) vars.role = strings.roles[vars.role.toUpperCase()] ?? vars.role.toLowerCase();
  const link = safeLink(typeof parsed.link === "string" ? parsed.link : null, options.webUrl);
  const hasGreeting = type !== "NOTIFICATION" && type !== "INVITATION" && !copy.noGreeting;
  // Customers see the workspace's name, not ours, at the top and in the footer.
  const brand = copy.customer ? (vars.workspaceName ?? "Quartet") : "Quartet";
  const tagline = copy.customer ? fill(strings.deskTagline, vars, false) : strings.tagline;
  const footer = copy.customer ? fill(strings.deskFooter, vars, false) : strings.footer;
  const greeting = vars.name ? strings.greeting : strings.greetingNoName;

  const subject = oneLine(fill(copy.subject, vars, false)) || "Quartet";
  const heading = fill(copy.heading, vars, false);

  // Plain-text part.
  const textParts: string[] = [heading, ""];
  if (hasGreeting) textParts.push(fill(greeting, vars, false), "");
  for (const p of copy.body) textParts.push(fill(p, vars, false), "");
  if (link) textParts.push(copy.button ? `${copy.button}: ${link}` : link, "");
  if (copy.note) textParts.push(fill(copy.note, vars, false), "");
  textParts.push("--", tagline, footer);
  const text = `${textParts.join("\n")}\n`;

  // HTML part: table layout with inline styles, the way mail clients render reliably.
  const rtl = strings.dir === "rtl";
  const align = rtl ? "right" : "left";
  const font = rtl
    ? "Tahoma,'Segoe UI',Arial,sans-serif"
    : "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
  const p = (inner: string, style = "") =>
    `<p style="margin:0 0 16px;font-size:15px;line-height:24px;color:#334155;text-align:${align};${style}">${inner}</p>`;
  const blocks: string[] = [];
  blocks.push(
    `<h1 style="margin:0 0 20px;font-size:22px;line-height:30px;font-weight:700;color:#0f172a;text-align:${align};">${fill(copy.heading, vars, true)}</h1>`,
  );
  if (hasGreeting) blocks.push(p(fill(greeting, vars, true)));
  for (const para of copy.body) blocks.push(p(fill(para, vars, true), para === "{code}" ? CODE_STYLE : ""));
  if (link && copy.button) {
    const href = escapeHtml(link);
    blocks.push(
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;"><tr><td align="center" bgcolor="#4f46e5" style="border-radius:8px;background:#4f46e5;"><a href="${href}" target="_blank" rel="noopener" style="display:inline-block;padding:12px 24px;font-family:${font};font-size:15px;font-weight:600;line-height:20px;color:#ffffff;text-decoration:none;border-radius:8px;">${escapeHtml(copy.button)}</a></td></tr></table>`,
      p(escapeHtml(strings.fallbackLink), "font-size:13px;line-height:20px;color:#64748b;margin-bottom:4px;"),
      p(
        `<a href="${href}" target="_blank" rel="noopener" style="color:#4f46e5;word-break:break-all;">${href}</a>`,
        "font-size:13px;line-height:20px;",
      ),
    );
  }
  if (copy.note)
    blocks.push(
      p(fill(copy.note, vars, true), "font-size:13px;line-height:20px;color:#64748b;margin-top:8px;"),
    );

  const html = `<!doctype html>
<html lang="${loc}" dir="${strings.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body dir="${strings.dir}" style="margin:0;padding:0;background:#f1f5f9;font-family:${font};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" dir="${strings.dir}" style="background:#f1f5f9;">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;">
<tr><td style="padding:0 8px 16px;text-align:${align};"><span style="font-family:${font};font-size:20px;font-weight:800;letter-spacing:-0.02em;color:#4f46e5;">${escapeHtml(brand)}</span></td></tr>
<tr><td style="background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:32px;text-align:${align};font-family:${font};">
${blocks.join("\n")}
</td></tr>
<tr><td style="padding:20px 8px 0;text-align:${align};font-family:${font};font-size:12px;line-height:18px;color:#94a3b8;">
<p style="margin:0 0 4px;">${escapeHtml(tagline)}</p>
<p style="margin:0;">${escapeHtml(footer)}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

  return { locale: loc, subject, html, text };
}
