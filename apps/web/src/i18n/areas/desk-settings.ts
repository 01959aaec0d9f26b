// Strings of the Desk desk settings screens, one object per language with the same keys
// (locales.test.ts checks them through en.ts / fr.ts / ar.ts). Also the account's notification
// preferences screen (`notify`), whose rows are the desk events.

export const deskSettingsEn = {
  title: "Desk settings",
  tabs: {
    general: "General",
    teams: "Teams",
    sla: "SLA policies",
    automation: "Automation",
    fields: "Custom fields",
    macros: "Macros",
  },
  /** The Desk section tabs (their pages' own strings load with each page). */
  sections: {
    contacts: "Contacts",
    kb: "Knowledge base",
    reports: "Reports",
  },
  general: {
    documentTitle: "Desk settings",
    readOnly: "Only admins and owners can change the desk settings.",
    saved: "Desk settings saved",
    ticketsTitle: "Tickets",
    ticketsBody: "What happens to tickets once they are resolved.",
    autoClose: "Close resolved tickets",
    autoCloseHint:
      "A resolved ticket closes after this many days without a reply from the customer. A reply reopens it.",
    never: "Never",
    afterDays_one: "After {{count}} day",
    afterDays_other: "After {{count}} days",
    csat: "Send a satisfaction survey",
    csatHint: "When a ticket is resolved, the customer gets a 1–5 rating link by email.",
    helpCenterTitle: "Help center",
    helpCenterBody: "The public site where customers search articles and contact you.",
    helpCenterEnabled: "Publish the help center",
    helpCenterEnabledHint: "When off, the public pages say the help center is unavailable.",
    helpCenterName: "Help center title",
    helpCenterNameHint: "Shown at the top of every public page. Leave empty to use the workspace name.",
    publicUrl: "Public address",
    copyUrl: "Copy link",
    openUrl: "Open",
    emailTitle: "Email",
    emailBody: "How the desk signs the mail your customers receive.",
    inboundAddress: "Support address",
    inboundAddressHint:
      "Mail sent here becomes a ticket; replies to our mail land on the same ticket. Forward your public support mailbox to it.",
    copyAddress: "Copy address",
    senderName: "Sender name",
    senderNameHint: "Customers see mail from “{{example}}”. Leave empty to use the workspace name.",
  },
  notify: {
    title: "Notifications",
    description: "Choose how you hear about help desk events, for every workspace you work in.",
    event: "Event",
    inApp: "In app",
    email: "Email",
    deskGroup: "Help desk",
    toggleLabel: "{{channel}}: {{event}}",
    saveFailed: "Your choice couldn't be saved. Please try again.",
    types: {
      assigned: {
        label: "A ticket is assigned to me",
        description: "Someone else makes you the assignee.",
      },
      mentioned: {
        label: "I'm mentioned in a note",
        description: "A teammate writes @your name or email in an internal note.",
      },
      customerReplied: {
        label: "A customer replies",
        description: "On tickets assigned to you, or unassigned tickets of your teams.",
      },
      slaWarning: {
        label: "An SLA deadline is near",
        description: "On your tickets, or your team's when you lead it.",
      },
      slaBreached: {
        label: "An SLA deadline is missed",
        description: "On your tickets, or your team's when you lead it.",
      },
      following: {
        label: "A ticket I follow changes",
        description:
          "Replies, internal notes and status changes on tickets you follow (customer replies use the row above).",
      },
      newTicket: {
        label: "A new ticket arrives",
        description: "From any channel. Choose which tickets; nobody hears about a ticket they opened.",
      },
    },
  },
  apiKey: {
    title: "API access",
    description:
      "Create tickets from your own systems with the Tickets API. One key per workspace; keep it secret, like a password.",
    statusActive: "A key is active.",
    statusNone: "No API key yet: the Tickets API refuses every request.",
    readOnly: "Only admins and owners can create or revoke the key.",
    generate: "Generate key",
    regenerate: "Regenerate key",
    revoke: "Revoke key",
    regenerateTitle: "Regenerate the API key?",
    regenerateBody:
      "The old key stops working immediately: every integration using it must be updated with the new one.",
    revokeTitle: "Revoke the API key?",
    revokeBody:
      "The key stops working immediately and the Tickets API refuses every request until you generate a new one.",
    revoked: "API key revoked.",
    newKeyTitle: "Your new API key",
    newKeyHint: "Copy it now: it is shown only once. If you lose it, regenerate a new one.",
    copyKey: "Copy key",
    exampleTitle: "Create a ticket",
    copyExample: "Copy example",
    docsHint:
      "Answers 201 with the ticket's id and number. Read one back with GET /api/v1/desk/tickets/<number>.",
    hideKey: "Done, hide the key",
  },
};
