import type { deskFollowersEn } from "./desk-followers.ts";

export const deskFollowersFr: typeof deskFollowersEn = {
  followers: {
    title: "Abonnés",
    follow: "Suivre",
    following: "Suivi",
    followHint: "Être prévenu des réponses, notes et changements de statut de ce ticket.",
    unfollowHint: "Ne plus être prévenu pour ce ticket.",
    none: "Personne ne suit encore ce ticket.",
    add: "Ajouter un abonné",
    addPlaceholder: "Choisir un agent…",
    remove: "Retirer {{name}} des abonnés",
    you: "{{name}} (vous)",
    followed: "Vous suivez ce ticket",
    unfollowed: "Vous ne suivez plus ce ticket",
    added: "{{name}} suit maintenant ce ticket",
    removed: "{{name}} ne suit plus ce ticket",
    count_one: "{{count}} abonné",
    count_other: "{{count}} abonnés",
  },
  ccs: {
    title: "Copie (Cc)",
    hint: "Adresses de clients en copie de chaque réponse (Cc). Leurs messages arrivent sur ce ticket.",
    none: "Personne n'est en copie.",
    add: "Ajouter",
    inputLabel: "Adresse e-mail à mettre en copie",
    placeholder: "nom@exemple.fr",
    remove: "Retirer {{email}}",
    invalid: "Saisissez une adresse e-mail valide.",
    tooMany: "Au plus {{count}} adresses en copie.",
    saved: "Liste des copies enregistrée",
    reasons: {
      CC_IS_REQUESTER: "{{email}} est le demandeur : il reçoit déjà chaque réponse.",
      CC_IS_DESK_ADDRESS:
        "{{email}} est une adresse du support : la mettre en copie ferait boucler le courrier.",
      CC_IS_AGENT: "{{email}} est un agent de cet espace : ajoutez-le plutôt comme abonné.",
    },
  },
  activity: {
    ccsChanged: "{{actor}} a modifié la liste des copies",
    ccsAdded: "{{actor}} a mis {{added}} en copie",
    ccsRemoved: "{{actor}} a retiré {{removed}} de la copie",
  },
  views: {
    countLabel_one: "{{count}} ticket non fermé",
    countLabel_other: "{{count}} tickets non fermés",
  },
  scope: {
    label: "Quels nouveaux tickets",
    off: "Aucun",
    all: "Tous les nouveaux tickets",
    unassigned: "Non assignés seulement",
    my_teams: "Ceux de mes équipes",
  },
};
