// Strings of collision detection on a ticket (who else views or types, a message that arrived
// after the page opened), in English; French and Arabic live in presence.fr.ts and presence.ar.ts.

export const presenceEn = {
  here: "Also on this ticket",
  viewing: "{{name}} is viewing",
  typing: "{{name}} is typing a reply…",
  personViewing: "{{name}}: viewing",
  personTyping: "{{name}}: typing a reply",
  othersHere_one: "{{count}} other person is here",
  othersHere_other: "{{count}} others are here",
  more_one: "{{count}} more",
  more_other: "{{count}} more",
  typingNear_one: "{{names}} is typing a reply…",
  typingNear_other: "{{names}} are typing replies…",
  viewingNear_one: "{{names}} is also viewing this ticket",
  viewingNear_other: "{{names}} are also viewing this ticket",
  newMessage: "{{name}} added a message after you opened this ticket.",
  newMessageSomeone: "A new message arrived after you opened this ticket.",
  showNew: "Show it",
  confirmSend: "Read the new message first, or send anyway.",
  sendAnyway: "Send anyway",
};
