import type { deskSetupEn } from "./desk-setup.ts";

export const deskSetupFr: typeof deskSetupEn = {
  accountGroup: "Votre compte",
  deskGroup: "Desk",
  loadFailed: "Les étapes Desk sont indisponibles pour le moment.",
  steps: {
    helpCenter: {
      title: "Publiez votre centre d’aide",
      body: "Publiez un article : vos clients y liront des réponses et pourront vous écrire ici.",
      action: "Écrire un article",
      off: "Le centre d’aide est désactivé.",
      turnOn: "L’activer",
    },
    inboundEmail: {
      title: "Recevez les e-mails des clients",
      body: "Transférez votre boîte support vers cette adresse : chaque e-mail devient un ticket.",
      action: "Réglages e-mail",
    },
    slaPolicy: {
      title: "Créez votre première politique SLA",
      body: "Des délais de réponse et de résolution, pour qu’aucun client n’attende trop.",
      action: "Créer une politique",
    },
    inviteAgent: {
      title: "Invitez un agent",
      body: "Quelqu’un avec qui partager les tickets.",
      action: "Inviter",
    },
  },
  helpCenterUrl: "Adresse du centre d’aide",
  inboundAddress: "Adresse e-mail entrante",
  contactFormUrl: "Adresse du formulaire de contact",
  copyAddress: "Copier l’adresse",
  copyUrl: "Copier le lien",
  empty: {
    title: "Aucun ticket pour l’instant",
    body: "Vos clients vous joignent par e-mail ou par le formulaire de contact de votre centre d’aide ; chaque message devient un ticket ici.",
    email: "Par e-mail",
    form: "Par le formulaire de contact",
    helpCenterOff: "Activez le centre d’aide pour offrir un formulaire de contact à vos clients.",
    openHelpCenter: "Réglages du centre d’aide",
  },
};
