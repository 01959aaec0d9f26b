// Strings of the Desk desk settings screens, one object per language with the same keys
// (locales.test.ts checks them through en.ts / fr.ts / ar.ts). Also the account's notification
// preferences screen (`notify`), whose rows are the desk events.

export const deskSettingsEn = {
  title: "Desk settings",
  tabs: {
    general: "General",
    teams: "Teams",
    sla: "SLA policies",
    automation: "Automation",
    fields: "Custom fields",
  },
  general: {
    documentTitle: "Desk settings",
    readOnly: "Only admins and owners can change the desk settings.",
    saved: "Desk settings saved",
    ticketsTitle: "Tickets",
    ticketsBody: "What happens to tickets once they are resolved.",
    autoClose: "Close resolved tickets",
    autoCloseHint:
      "A resolved ticket closes after this many days without a reply from the customer. A reply reopens it.",
    never: "Never",
    afterDays_one: "After {{count}} day",
    afterDays_other: "After {{count}} days",
    csat: "Send a satisfaction survey",
    csatHint: "When a ticket is resolved, the customer gets a 1–5 rating link by email.",
    helpCenterTitle: "Help center",
    helpCenterBody: "The public site where customers search articles and contact you.",
    helpCenterEnabled: "Publish the help center",
    helpCenterEnabledHint: "When off, the public pages say the help center is unavailable.",
    helpCenterName: "Help center title",
    helpCenterNameHint: "Shown at the top of every public page. Leave empty to use the workspace name.",
    publicUrl: "Public address",
    copyUrl: "Copy link",
    openUrl: "Open",
    emailTitle: "Email",
    emailBody: "How the desk signs the mail your customers receive.",
    inboundAddress: "Support address",
    inboundAddressHint:
      "Mail sent here becomes a ticket; replies to our mail land on the same ticket. Forward your public support mailbox to it.",
    copyAddress: "Copy address",
    senderName: "Sender name",
    senderNameHint: "Customers see mail from “{{example}}”. Leave empty to use the workspace name.",
  },
  notify: {
    title: "Notifications",
    description: "Choose how you hear about help desk events, for every workspace you work in.",
    event: "Event",
    inApp: "In app",
    email: "Email",
    deskGroup: "Help desk",
    toggleLabel: "{{channel}}: {{event}}",
    saveFailed: "Your choice couldn't be saved. Please try again.",
    types: {
      assigned: {
        label: "A ticket is assigned to me",
        description: "Someone else makes you the assignee.",
      },
      mentioned: {
        label: "I'm mentioned in a note",
        description: "A teammate writes @your name or email in an internal note.",
      },
      customerReplied: {
        label: "A customer replies",
        description: "On tickets assigned to you, or unassigned tickets of your teams.",
      },
      slaWarning: {
        label: "An SLA deadline is near",
        description: "On your tickets, or your team's when you lead it.",
      },
      slaBreached: {
        label: "An SLA deadline is missed",
        description: "On your tickets, or your team's when you lead it.",
      },
    },
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
  general: {
    documentTitle: "Paramètres du support",
    readOnly: "Seuls les administrateurs et les propriétaires peuvent modifier les paramètres du support.",
    saved: "Paramètres du support enregistrés",
    ticketsTitle: "Tickets",
    ticketsBody: "Ce qu’il advient des tickets une fois résolus.",
    autoClose: "Fermer les tickets résolus",
    autoCloseHint:
      "Un ticket résolu se ferme après ce nombre de jours sans réponse du client. Une réponse le rouvre.",
    never: "Jamais",
    afterDays_one: "Après {{count}} jour",
    afterDays_other: "Après {{count}} jours",
    csat: "Envoyer une enquête de satisfaction",
    csatHint: "Quand un ticket est résolu, le client reçoit par e-mail un lien pour noter de 1 à 5.",
    helpCenterTitle: "Centre d’aide",
    helpCenterBody: "Le site public où vos clients cherchent des articles et vous contactent.",
    helpCenterEnabled: "Publier le centre d’aide",
    helpCenterEnabledHint: "Désactivé, les pages publiques indiquent que le centre d’aide est indisponible.",
    helpCenterName: "Titre du centre d’aide",
    helpCenterNameHint:
      "Affiché en haut de chaque page publique. Laissez vide pour utiliser le nom de l’espace.",
    publicUrl: "Adresse publique",
    copyUrl: "Copier le lien",
    openUrl: "Ouvrir",
    emailTitle: "E-mail",
    emailBody: "Comment le support signe les e-mails que reçoivent vos clients.",
    inboundAddress: "Adresse du support",
    inboundAddressHint:
      "Un e-mail envoyé ici devient un ticket ; les réponses à nos e-mails rejoignent le même ticket. Transférez-y votre boîte de support publique.",
    copyAddress: "Copier l’adresse",
    senderName: "Nom de l’expéditeur",
    senderNameHint:
      "Vos clients reçoivent les e-mails de « {{example}} ». Laissez vide pour utiliser le nom de l’espace.",
  },
  notify: {
    title: "Notifications",
    description:
      "Choisissez comment être prévenu des événements du support, dans tous les espaces où vous travaillez.",
    event: "Événement",
    inApp: "Dans l’app",
    email: "E-mail",
    deskGroup: "Support",
    toggleLabel: "{{channel}} : {{event}}",
    saveFailed: "Votre choix n’a pas pu être enregistré. Veuillez réessayer.",
    types: {
      assigned: {
        label: "Un ticket m’est attribué",
        description: "Quelqu’un d’autre vous désigne comme responsable.",
      },
      mentioned: {
        label: "Je suis mentionné dans une note",
        description: "Un collègue écrit @votre nom ou e-mail dans une note interne.",
      },
      customerReplied: {
        label: "Un client répond",
        description: "Sur vos tickets, ou les tickets non attribués de vos équipes.",
      },
      slaWarning: {
        label: "Une échéance SLA approche",
        description: "Sur vos tickets, ou ceux de votre équipe si vous la dirigez.",
      },
      slaBreached: {
        label: "Une échéance SLA est dépassée",
        description: "Sur vos tickets, ou ceux de votre équipe si vous la dirigez.",
      },
    },
  },
};

// Untyped: Arabic has plural forms (zero, two, few, many) English lacks; locales.test.ts checks the keys.
export const deskSettingsAr = {
  title: "إعدادات الدعم",
  tabs: {
    general: "عام",
    teams: "الفرق",
    sla: "سياسات مستوى الخدمة",
    automation: "الأتمتة",
    fields: "الحقول المخصصة",
  },
  general: {
    documentTitle: "إعدادات الدعم",
    readOnly: "يمكن للمشرفين والمالكين فقط تغيير إعدادات الدعم.",
    saved: "تم حفظ إعدادات الدعم",
    ticketsTitle: "التذاكر",
    ticketsBody: "ما يحدث للتذاكر بعد حلّها.",
    autoClose: "إغلاق التذاكر المحلولة",
    autoCloseHint: "تُغلق التذكرة المحلولة بعد هذا العدد من الأيام دون رد من العميل. أي رد يعيد فتحها.",
    never: "أبدًا",
    afterDays_zero: "بعد {{count}} يوم",
    afterDays_one: "بعد يوم واحد",
    afterDays_two: "بعد يومين",
    afterDays_few: "بعد {{count}} أيام",
    afterDays_many: "بعد {{count}} يومًا",
    afterDays_other: "بعد {{count}} يوم",
    csat: "إرسال استبيان رضا",
    csatHint: "عند حل التذكرة، يتلقى العميل رابط تقييم من 1 إلى 5 عبر البريد الإلكتروني.",
    helpCenterTitle: "مركز المساعدة",
    helpCenterBody: "الموقع العام الذي يبحث فيه عملاؤك عن المقالات ويتواصلون معك.",
    helpCenterEnabled: "نشر مركز المساعدة",
    helpCenterEnabledHint: "عند إيقافه، تشير الصفحات العامة إلى أن مركز المساعدة غير متاح.",
    helpCenterName: "عنوان مركز المساعدة",
    helpCenterNameHint: "يظهر أعلى كل صفحة عامة. اتركه فارغًا لاستخدام اسم مساحة العمل.",
    publicUrl: "العنوان العام",
    copyUrl: "نسخ الرابط",
    openUrl: "فتح",
    emailTitle: "البريد الإلكتروني",
    emailBody: "كيف يوقّع الدعم الرسائل التي يتلقاها عملاؤك.",
    inboundAddress: "عنوان الدعم",
    inboundAddressHint:
      "كل رسالة تُرسل إلى هذا العنوان تصبح تذكرة، والردود على رسائلنا تُضاف إلى التذكرة نفسها. حوّل صندوق بريد الدعم العام إليه.",
    copyAddress: "نسخ العنوان",
    senderName: "اسم المرسل",
    senderNameHint: "يرى عملاؤك الرسائل من «{{example}}». اتركه فارغًا لاستخدام اسم مساحة العمل.",
  },
  notify: {
    title: "الإشعارات",
    description: "اختر كيف تعرف بأحداث الدعم، في كل مساحات العمل التي تعمل فيها.",
    event: "الحدث",
    inApp: "في التطبيق",
    email: "البريد الإلكتروني",
    deskGroup: "الدعم",
    toggleLabel: "{{channel}}: {{event}}",
    saveFailed: "تعذّر حفظ اختيارك. يرجى المحاولة مرة أخرى.",
    types: {
      assigned: {
        label: "أُسندت إليّ تذكرة",
        description: "شخص آخر يجعلك المسؤول عنها.",
      },
      mentioned: {
        label: "تمت الإشارة إليّ في ملاحظة",
        description: "يكتب زميل @اسمك أو بريدك في ملاحظة داخلية.",
      },
      customerReplied: {
        label: "رد العميل",
        description: "على تذاكرك، أو تذاكر فرقك غير المسندة.",
      },
      slaWarning: {
        label: "اقترب موعد مستوى الخدمة",
        description: "على تذاكرك، أو تذاكر فريقك إذا كنت تقوده.",
      },
      slaBreached: {
        label: "فات موعد مستوى الخدمة",
        description: "على تذاكرك، أو تذاكر فريقك إذا كنت تقوده.",
      },
    },
  },
};
