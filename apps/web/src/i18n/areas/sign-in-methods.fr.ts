// French strings of Account → Security's "Sign-in methods" (see sign-in-methods.ts).

import type { signInMethodsEn } from "./sign-in-methods.ts";

export const signInMethodsFr: typeof signInMethodsEn = {
  title: "Méthodes de connexion",
  description:
    "Les façons de vous connecter à ce compte. Associez Google, GitHub ou la connexion de votre entreprise pour vous passer du mot de passe.",
  password: "Mot de passe",
  passwordSet: "Défini",
  passwordNotSet:
    "Non défini. Pour en ajouter un, utilisez « Mot de passe oublié ? » sur la page de connexion.",
  connected: "Associé le {{date}}",
  notConnected: "Non associé",
  connect: "Associer",
  disconnect: "Dissocier",
  disconnectTitle: "Dissocier {{name}} ?",
  disconnectBody:
    "Vous ne pourrez plus vous connecter avec {{name}} tant que vous ne l'aurez pas associé à nouveau.",
  disconnected: "{{name}} dissocié.",
  linked: "{{name}} associé. Vous pouvez maintenant vous connecter avec.",
  lastMethod:
    "C'est votre seul moyen de connexion. Définissez un mot de passe ou associez un autre compte d'abord.",
};
