// Strings of the ticket search (list while searching, the Desk content language setting), in
// English; French and Arabic live in desk-search.fr.ts and desk-search.ar.ts.

export const deskSearchEn = {
  sortRelevance: "Best match",
  internalMatch: "Internal note",
  noResultsFilteredBody:
    "Nothing matches “{{query}}” with these filters. Clear the filters or try other words.",
  clearFilters: "Clear filters",
  language: {
    label: "Ticket language",
    hint: "Search finds plurals and other word forms in this language (and exact words in any language).",
    rebuildNote:
      "Changing it rebuilds the ticket search in the background; on large workspaces this takes a few minutes.",
    en: "English",
    fr: "French",
    ar: "Arabic",
    saved: "Saved. The ticket search is being rebuilt for the new language.",
  },
};
