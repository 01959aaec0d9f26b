import { useEffect, useRef } from "react";
import { atLeast } from "../../lib/roles.ts";
import { trpc } from "../../lib/trpc.ts";
import { type LiveEvent, useLive } from "../../lib/use-live.ts";
import { useWorkspace } from "../../lib/workspace.ts";

const TOPICS = ["inbox.conversation", "inbox.message"] as const;
/** Events of one burst (a receipt storm, a bulk close) become one refetch per query. */
const BATCH_MS = 120;
/** Members don't get the live stream (agents' topics): they see changes this often. */
export const MEMBER_POLL_MS = 15_000;

const conversationOf = (event: LiveEvent): string | null => {
  const payload = event.payload as { conversationId?: unknown };
  return typeof payload.conversationId === "string" ? payload.conversationId : null;
};

/**
 * Keeps the inbox fresh without a reload: new messages, receipts and conversation changes arrive
 * on the workspace's live stream (realtime.events) and refetch what shows them — the list and
 * counts, the changed conversation, its thread. After missed events, everything is refetched.
 */
export function useInboxLive(): void {
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const agent = atLeast(org.role, "AGENT");
  const pending = useRef({ conversations: new Set<string>(), threads: new Set<string>() });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = () => {
    timer.current = null;
    const { conversations, threads } = pending.current;
    pending.current = { conversations: new Set(), threads: new Set() };
    void utils.inboxConversations.list.invalidate({ orgId: org.id });
    void utils.inboxConversations.counts.invalidate({ orgId: org.id });
    for (const conversationId of conversations)
      void utils.inboxConversations.get.invalidate({ orgId: org.id, conversationId });
    for (const conversationId of threads)
      void utils.inboxMessages.list.invalidate({ orgId: org.id, conversationId });
  };

  useLive(agent ? org.id : null, {
    topics: TOPICS,
    onEvent: (event) => {
      const id = conversationOf(event);
      if (id) {
        pending.current.conversations.add(id);
        if (event.topic === "inbox.message") pending.current.threads.add(id);
      }
      timer.current ??= setTimeout(flush, BATCH_MS);
    },
    onResync: () => {
      void utils.inboxConversations.invalidate();
      void utils.inboxMessages.invalidate();
    },
  });

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useEffect(() => {
    if (agent) return;
    const id = setInterval(() => {
      if (document.visibilityState !== "visible") return;
      void utils.inboxConversations.invalidate();
      void utils.inboxMessages.list.invalidate();
    }, MEMBER_POLL_MS);
    return () => clearInterval(id);
  }, [agent, utils]);
}
