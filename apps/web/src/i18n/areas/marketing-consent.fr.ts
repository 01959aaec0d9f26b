// French strings of the "Product news and offers" consent (see marketing-consent.ts).

import type { marketingConsentEn } from "./marketing-consent.ts";

export const marketingConsentFr: typeof marketingConsentEn = {
  title: "Nouveautés et offres",
  description:
    "Des e-mails occasionnels sur les nouvelles fonctionnalités et les offres de forfaits. Désactivé tant que vous ne l'activez pas ; chacun de ces e-mails contient un lien de désabonnement en un clic.",
  toggle: "Recevoir les nouveautés et offres par e-mail",
  on: "Vous recevez les nouveautés et offres par e-mail.",
  off: "Vous ne recevez ni nouveautés ni offres. Les e-mails de compte et du service d'assistance arrivent toujours.",
  changedAt: "Dernière modification",
  turnedOn: "Vous recevrez les nouveautés et offres.",
  turnedOff: "Vous ne recevrez plus les nouveautés et offres.",
  saveFailed: "Impossible d'enregistrer votre choix. Réessayez.",
};
