// Textes des écrans Clés de chiffrement et Webhooks de la boîte de réception, en français.

export const securityFr = {
  nav: "Clés de chiffrement",
  title: "Clés de chiffrement",
  description:
    "Les secrets stockés (jetons des connexions aux plateformes et secrets de double authentification) sont scellés sous un identifiant de clé. Après une rotation, rechiffrez-les avec la clé la plus récente ; quand plus rien n'est sous une ancienne clé, celle-ci peut quitter le trousseau.",
  refresh: "Actualiser",
  currentKey: "Clé actuelle",
  underOlder: "Sous d'anciennes clés",
  allCurrent:
    "Tous les secrets stockés sont sous la clé actuelle : les anciennes clés peuvent être retirées du trousseau.",
  someOlder_one: "{{count}} secret est encore sous une ancienne clé.",
  someOlder_other: "{{count}} secrets sont encore sous une ancienne clé.",
  tableLabel: "Secrets stockés par clé",
  colKey: "Identifiant de clé",
  colConnections: "Jetons de connexion",
  colTotp: "Secrets de double authentification",
  colTotal: "Total",
  current: "Actuelle",
  legacy: "Ancien format",
  legacyHint: "scellés avant les identifiants de clé (v1)",
  tokensHint: "Les jetons d'accès et de rafraîchissement sont comptés séparément.",
  reencrypt: "Rechiffrer avec la clé la plus récente",
  confirmTitle: "Rechiffrer avec la clé {{key}} ?",
  confirmDescription_one:
    "Une tâche de fond réécrit le {{count}} secret encore sous une ancienne clé avec la clé {{key}}, une ligne à la fois. Elle peut tourner pendant que l'application est en service et être relancée sans risque. Un secret qu'aucune clé du trousseau ne peut lire reste tel quel et figure dans le journal du worker.",
  confirmDescription_other:
    "Une tâche de fond réécrit les {{count}} secrets encore sous une ancienne clé avec la clé {{key}}, une ligne à la fois. Elle peut tourner pendant que l'application est en service et être relancée sans risque. Un secret qu'aucune clé du trousseau ne peut lire reste tel quel et figure dans le journal du worker.",
  confirm: "Lancer le rechiffrement",
  started: "Rechiffrement lancé",
  startedTitle: "Tâche de rechiffrement en file",
  startedDescription:
    "La tâche {{jobId}} est en file. Les chiffres ci-dessous s'actualisent toutes les quelques secondes tant que des secrets restent sous une ancienne clé.",
  startedNoJob:
    "Une tâche de rechiffrement est déjà en file ; les chiffres ci-dessous s'actualisent toutes les quelques secondes.",
  emptyTitle: "Aucun secret stocké",
  emptyDescription:
    "Aucun jeton de connexion ni secret de double authentification n'est encore stocké : rien à rechiffrer.",
};

export const inboxWebhooksFr = {
  nav: "Webhooks de la boîte",
  title: "Webhooks de la boîte de réception",
  description:
    "Livraisons des plateformes de messagerie dont la normalisation a échoué après toutes les nouvelles tentatives automatiques. Corrigez la cause, puis relancez-les. Les contenus ne sont pas affichés : ils peuvent contenir les messages des personnes.",
  platformFilter: "Plateforme",
  allPlatforms: "Toutes les plateformes",
  platforms: {
    WHATSAPP: "WhatsApp",
    FACEBOOK: "Messenger",
    INSTAGRAM: "Instagram",
    TIKTOK: "TikTok",
  },
  colPlatform: "Plateforme",
  colReceived: "Reçue",
  colAttempts: "Tentatives",
  colError: "Erreur",
  colSize: "Taille du contenu",
  colActions: "Actions",
  noError: "Aucune erreur enregistrée",
  retry: "Relancer",
  retryLabel: "Relancer la livraison {{platform}} reçue {{time}}",
  retried: "Livraison remise en file pour normalisation",
  retryAll: "Tout relancer",
  retryAllCount_one: "Tout relancer ({{count}})",
  retryAllCount_other: "Tout relancer ({{count}})",
  retryAllTitle_one: "Relancer {{count}} livraison en échec ?",
  retryAllTitle_other: "Relancer {{count}} livraisons en échec ?",
  retryAllDescription:
    "Chacune repasse à Reçue et le worker la normalise à nouveau. Au plus {{cap}} sont relancées à chaque fois ; recommencez pour le reste.",
  retriedAll_one: "{{count}} livraison remise en file pour normalisation",
  retriedAll_other: "{{count}} livraisons remises en file pour normalisation",
  retriedAllRemaining: "{{remaining}} encore en échec : appuyez de nouveau sur Tout relancer.",
  emptyTitle: "Aucune livraison en échec",
  emptyDescription: "Chaque livraison envoyée par les plateformes a été normalisée.",
  noMatchTitle: "Aucune livraison en échec sur cette plateforme",
  noMatchDescription: "D'autres plateformes peuvent en avoir : retirez le filtre pour les voir.",
};
