import type { platformEn } from "./platform.ts";

export const platformFr: typeof platformEn = {
  maintenance: "Message de l'équipe Quartet",
  whatsNewTitle: "Nouveau : fonctionnalités en avant-première",
  whatsNewBody:
    "Vous faites partie des premiers à essayer les nouveautés de Quartet. Dites-nous ce que vous en pensez.",
  dismiss: "Masquer",
  signupClosedTitle: "Les inscriptions sont suspendues",
  signupClosedBody: "Nous n'acceptons pas de nouveaux comptes pour le moment. Revenez un peu plus tard.",
};
