// French strings of the ticket search (see desk-search.ts).

import type { deskSearchEn } from "./desk-search.ts";

export const deskSearchFr: typeof deskSearchEn = {
  sortRelevance: "Pertinence",
  internalMatch: "Note interne",
  noResultsFilteredBody:
    "Rien ne correspond à « {{query}} » avec ces filtres. Effacez les filtres ou essayez d’autres mots.",
  clearFilters: "Effacer les filtres",
  language: {
    label: "Langue des tickets",
    hint: "La recherche trouve les pluriels et autres formes des mots dans cette langue (et les mots exacts dans toutes les langues).",
    rebuildNote:
      "La modifier reconstruit la recherche des tickets en arrière-plan ; sur un grand espace, cela prend quelques minutes.",
    en: "Anglais",
    fr: "Français",
    ar: "Arabe",
    saved: "Enregistré. La recherche des tickets est reconstruite pour la nouvelle langue.",
  },
};
