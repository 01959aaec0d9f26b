// Desk agent conveniences: tags on tickets, opening tickets by number, new-ticket extras.
export const deskAgentEn = {
  tags: {
    title: "Tags",
    inputLabel: "Add a tag",
    placeholder: "Add a tag…",
    add: "Add",
    remove: "Remove the tag {{tag}}",
    none: "No tags",
    saved: "Tags updated",
    filter: "Filter by tag",
    allTags: "All tags",
    option: "{{tag}} ({{count}})",
    listLabel: "Tags",
  },
  activity: {
    tagsAdded: "{{actor}} added {{added}}",
    tagsRemoved: "{{actor}} removed {{removed}}",
    tagsAddedRemoved: "{{actor}} added {{added}} and removed {{removed}}",
  },
  new: {
    assignee: "Assignee",
    tags: "Tags",
    attachments: "Attachments",
  },
};
