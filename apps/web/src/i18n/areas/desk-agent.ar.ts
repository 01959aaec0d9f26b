import type { deskAgentEn } from "./desk-agent.ts";

export const deskAgentAr: typeof deskAgentEn = {
  tags: {
    title: "الوسوم",
    inputLabel: "أضف وسمًا",
    placeholder: "أضف وسمًا…",
    add: "إضافة",
    remove: "أزل الوسم {{tag}}",
    none: "لا وسوم",
    saved: "حُدّثت الوسوم",
    filter: "التصفية حسب الوسم",
    allTags: "كل الوسوم",
    option: "{{tag}} ({{count}})",
    listLabel: "الوسوم",
  },
  activity: {
    tagsAdded: "أضاف {{actor}} {{added}}",
    tagsRemoved: "أزال {{actor}} {{removed}}",
    tagsAddedRemoved: "أضاف {{actor}} {{added}} وأزال {{removed}}",
  },
  new: {
    assignee: "المكلَّف",
    tags: "الوسوم",
    attachments: "المرفقات",
  },
};
