import type { deskSettingsEn } from "./desk-settings.ts";

export const deskSettingsFr: typeof deskSettingsEn = {
  title: "Paramètres du support",
  tabs: {
    general: "Général",
    teams: "Équipes",
    sla: "Politiques SLA",
    automation: "Automatisation",
    fields: "Champs personnalisés",
    macros: "Macros",
  },
  /** The Desk section tabs (their pages' own strings load with each page). */
  sections: {
    contacts: "Contacts",
    kb: "Base de connaissances",
    reports: "Rapports",
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
      following: {
        label: "Un ticket que je suis change",
        description:
          "Réponses, notes internes et changements de statut sur les tickets que vous suivez (les réponses des clients suivent la ligne ci-dessus).",
      },
      newTicket: {
        label: "Un nouveau ticket arrive",
        description:
          "Par n'importe quel canal. Choisissez lesquels ; personne n'est prévenu d'un ticket qu'il a ouvert.",
      },
    },
  },
  apiKey: {
    title: "Accès API",
    description:
      "Créez des tickets depuis vos propres systèmes avec l’API Tickets. Une clé par espace de travail ; gardez-la secrète, comme un mot de passe.",
    statusActive: "Une clé est active.",
    statusNone: "Aucune clé API pour l’instant : l’API Tickets refuse toutes les requêtes.",
    readOnly: "Seuls les administrateurs et propriétaires peuvent créer ou révoquer la clé.",
    generate: "Générer une clé",
    regenerate: "Régénérer la clé",
    revoke: "Révoquer la clé",
    regenerateTitle: "Régénérer la clé API ?",
    regenerateBody:
      "L’ancienne clé cesse de fonctionner immédiatement : toute intégration qui l’utilise doit recevoir la nouvelle.",
    revokeTitle: "Révoquer la clé API ?",
    revokeBody:
      "La clé cesse de fonctionner immédiatement et l’API Tickets refuse toutes les requêtes jusqu’à ce que vous en génériez une nouvelle.",
    revoked: "Clé API révoquée.",
    newKeyTitle: "Votre nouvelle clé API",
    newKeyHint:
      "Copiez-la maintenant : elle n’est affichée qu’une fois. Si vous la perdez, régénérez-en une.",
    copyKey: "Copier la clé",
    exampleTitle: "Créer un ticket",
    copyExample: "Copier l’exemple",
    docsHint:
      "Répond 201 avec l’identifiant et le numéro du ticket. Relisez-le avec GET /api/v1/desk/tickets/<numéro>.",
    hideKey: "Terminé, masquer la clé",
  },
};
