import type { deskAgentEn } from "./desk-agent.ts";

export const deskAgentFr: typeof deskAgentEn = {
  tags: {
    title: "Étiquettes",
    inputLabel: "Ajouter une étiquette",
    placeholder: "Ajouter une étiquette…",
    add: "Ajouter",
    remove: "Retirer l’étiquette {{tag}}",
    none: "Aucune étiquette",
    saved: "Étiquettes mises à jour",
    filter: "Filtrer par étiquette",
    allTags: "Toutes les étiquettes",
    option: "{{tag}} ({{count}})",
    listLabel: "Étiquettes",
  },
  activity: {
    tagsAdded: "{{actor}} a ajouté {{added}}",
    tagsRemoved: "{{actor}} a retiré {{removed}}",
    tagsAddedRemoved: "{{actor}} a ajouté {{added}} et retiré {{removed}}",
  },
  new: {
    assignee: "Assigné à",
    tags: "Étiquettes",
    attachments: "Pièces jointes",
  },
};
