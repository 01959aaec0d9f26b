import type { toolsEn } from "./tools.ts";

export const toolsFr: typeof toolsEn = {
  nav: "Usage des outils",
  title: "Usage des outils",
  description:
    "Exécutions de chaque outil en ligne d'après le journal d'usage : réussites, échecs, durée et volume. Jours en UTC.",
  range: "Période",
  days: "{{days}} derniers jours",
  kpi: {
    runs: "Exécutions",
    succeeded: "Réussies",
    failed: "Échouées",
    cancelled: "Annulées",
  },
  chart: {
    title: "Exécutions par jour",
    description: "Chaque tâche terminée, avec les échecs parmi elles.",
    summary: "{{runs}} exécutions et {{failed}} échecs sur la période.",
    empty: "Aucun outil n'a été utilisé sur cette période.",
    day: "Jour",
    runs: "Exécutions",
    failed: "Échecs",
  },
  table: {
    caption: "Usage par outil",
    tool: "Outil",
    runs: "Exécutions",
    succeeded: "Réussies",
    failed: "Échouées",
    users: "Utilisateurs",
    guests: "Invités",
    avg: "Durée moyenne",
    volume: "Volume entrant",
  },
  ms: "{{value}} ms",
  mb: "{{value}} Mo",
};
