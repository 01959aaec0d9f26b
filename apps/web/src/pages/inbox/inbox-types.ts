// The shapes the inbox screens read, named once. Each is the output of the inbox routers
// (packages/api/src/routers/inbox-*.router.ts), so a change there shows up here as a type error.
import type { RouterInputs, RouterOutputs } from "../../lib/trpc.ts";

export type Platform = "TIKTOK" | "WHATSAPP" | "FACEBOOK" | "INSTAGRAM" | "WEBCHAT" | "SANDBOX";
export const PLATFORMS: readonly Platform[] = [
  "WHATSAPP",
  "FACEBOOK",
  "INSTAGRAM",
  "TIKTOK",
  "WEBCHAT",
  "SANDBOX",
];

export type ConversationStatus = "OPEN" | "CLOSED" | "ARCHIVED";
export type MessageStatus = "PENDING" | "SENT" | "DELIVERED" | "READ" | "FAILED";
export type ContentType = "TEXT" | "IMAGE" | "VIDEO" | "AUDIO" | "FILE" | "STICKER" | "LOCATION";

export type InboxView = "open" | "mine" | "unassigned" | "snoozed" | "closed";
export const VIEWS: readonly InboxView[] = ["open", "mine", "unassigned", "snoozed", "closed"];

export type ListInput = RouterInputs["inboxConversations"]["list"];
export type ConversationItem = RouterOutputs["inboxConversations"]["list"]["items"][number];
export type Counts = RouterOutputs["inboxConversations"]["counts"];
export type ConversationDetail = RouterOutputs["inboxConversations"]["get"];
export type ConversationNote = ConversationDetail["notes"][number];
export type Message = RouterOutputs["inboxMessages"]["list"]["items"][number];
export type SearchHit = RouterOutputs["inboxMessages"]["search"]["items"][number];
export type Template = RouterOutputs["inboxMessages"]["templates"]["items"][number];
export type Label = RouterOutputs["inboxLabels"]["list"][number];
export type CannedReply = RouterOutputs["inboxCanned"]["list"][number];
export type AnalyticsSummary = RouterOutputs["inboxAnalytics"]["summary"];
export type HealthProblem = RouterOutputs["inboxConnections"]["health"]["problems"][number];
export type KbQuickReply = RouterOutputs["inboxCanned"]["kbArticles"]["items"][number];
