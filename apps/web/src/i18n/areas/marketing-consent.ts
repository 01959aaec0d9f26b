// Strings of the "Product news and offers" consent on the account's notification page, in English;
// French and Arabic live in marketing-consent.fr.ts and marketing-consent.ar.ts.

export const marketingConsentEn = {
  title: "Product news and offers",
  description:
    "Occasional emails about new features and plan offers. Off unless you turn it on; every such email has a one-click unsubscribe link.",
  toggle: "Email me product news and offers",
  on: "You get product news and offers by email.",
  off: "You don't get product news or offers. Account and help desk emails still arrive.",
  changedAt: "Last changed",
  turnedOn: "You'll get product news and offers.",
  turnedOff: "You won't get product news and offers any more.",
  saveFailed: "We couldn't save your choice. Try again.",
};
