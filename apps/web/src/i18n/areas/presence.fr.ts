// French strings of collision detection on a ticket (see presence.ts).

import type { presenceEn } from "./presence.ts";

export const presenceFr: typeof presenceEn = {
  here: "Aussi sur ce ticket",
  viewing: "{{name}} consulte ce ticket",
  typing: "{{name}} écrit une réponse…",
  personViewing: "{{name}} : consulte",
  personTyping: "{{name}} : écrit une réponse",
  othersHere_one: "{{count}} autre personne est là",
  othersHere_other: "{{count}} autres personnes sont là",
  more_one: "{{count}} de plus",
  more_other: "{{count}} de plus",
  typingNear_one: "{{names}} écrit une réponse…",
  typingNear_other: "{{names}} écrivent des réponses…",
  viewingNear_one: "{{names}} consulte aussi ce ticket",
  viewingNear_other: "{{names}} consultent aussi ce ticket",
  newMessage: "{{name}} a ajouté un message depuis que vous avez ouvert ce ticket.",
  newMessageSomeone: "Un nouveau message est arrivé depuis que vous avez ouvert ce ticket.",
  showNew: "Afficher",
  confirmSend: "Lisez d’abord le nouveau message, ou envoyez quand même.",
  sendAnyway: "Envoyer quand même",
};
