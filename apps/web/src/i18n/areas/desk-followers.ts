// Strings of ticket followers, customer CCs, new-ticket notice scopes and view counts, in English;
// French and Arabic live in desk-followers.fr.ts and desk-followers.ar.ts.

export const deskFollowersEn = {
  followers: {
    title: "Followers",
    follow: "Follow",
    following: "Following",
    followHint: "Get notified of replies, notes and status changes on this ticket.",
    unfollowHint: "Stop getting notified about this ticket.",
    none: "Nobody follows this ticket yet.",
    add: "Add a follower",
    addPlaceholder: "Choose an agent…",
    remove: "Remove {{name}} from the followers",
    you: "{{name}} (you)",
    followed: "You follow this ticket",
    unfollowed: "You no longer follow this ticket",
    added: "{{name}} now follows this ticket",
    removed: "{{name}} no longer follows this ticket",
    count_one: "{{count}} follower",
    count_other: "{{count}} followers",
  },
  ccs: {
    title: "CC",
    hint: "Customer addresses copied on every reply (Cc). Mail from them lands on this ticket.",
    none: "No one is copied.",
    add: "Add",
    inputLabel: "Email address to copy",
    placeholder: "name@example.com",
    remove: "Remove {{email}}",
    invalid: "Enter a valid email address.",
    tooMany: "Copy at most {{count}} addresses.",
    saved: "CC list saved",
    reasons: {
      CC_IS_REQUESTER: "{{email}} is the requester: they already get every reply.",
      CC_IS_DESK_ADDRESS: "{{email}} is a help desk address: copying it would make mail loop.",
      CC_IS_AGENT: "{{email}} is an agent of this workspace: add them as a follower instead.",
    },
  },
  activity: {
    ccsChanged: "{{actor}} changed the CC list",
    ccsAdded: "{{actor}} copied {{added}}",
    ccsRemoved: "{{actor}} removed {{removed}} from the CC list",
  },
  views: {
    countLabel_one: "{{count}} open ticket",
    countLabel_other: "{{count}} open tickets",
  },
  scope: {
    label: "Which new tickets",
    off: "None",
    all: "All new tickets",
    unassigned: "Unassigned only",
    my_teams: "My teams' tickets",
  },
};
