// Strings of the Desk steps of "Getting started" (workspace home) and of the empty ticket list's
// "how customers reach you", English. desk-setup.fr.ts and desk-setup.ar.ts have the same keys.

export const deskSetupEn = {
  accountGroup: "Your account",
  deskGroup: "Desk",
  loadFailed: "The Desk steps are unavailable right now.",
  steps: {
    helpCenter: {
      title: "Publish your help center",
      body: "Publish an article and customers can read answers and write to you here.",
      action: "Write an article",
      off: "The help center is turned off.",
      turnOn: "Turn it on",
    },
    inboundEmail: {
      title: "Receive customer email",
      body: "Forward your support mailbox to this address: each email becomes a ticket.",
      action: "Email settings",
    },
    slaPolicy: {
      title: "Set your first SLA policy",
      body: "Response and resolution targets, so no customer waits too long.",
      action: "Create a policy",
    },
    inviteAgent: {
      title: "Invite an agent",
      body: "Someone to share the tickets with.",
      action: "Invite",
    },
  },
  helpCenterUrl: "Help center address",
  inboundAddress: "Inbound email address",
  contactFormUrl: "Contact form address",
  copyAddress: "Copy address",
  copyUrl: "Copy link",
  empty: {
    title: "No tickets yet",
    body: "Customers reach you by email or through your help center's contact form; each message becomes a ticket here.",
    email: "By email",
    form: "Through the contact form",
    helpCenterOff: "Turn on the help center to give customers a contact form.",
    openHelpCenter: "Help center settings",
  },
};
