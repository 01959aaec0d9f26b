import { useMemo } from "react";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

export interface Choice {
  value: string;
  label: string;
}

/**
 * The workspace's agents (active AGENT, ADMIN and OWNER members) and teams as picker choices:
 * what automation actions and SLA escalation actions assign to and notify.
 */
export function useAgentsAndTeams(): { agents: Choice[]; teams: Choice[] } {
  const org = useWorkspace();
  const members = trpc.members.list.useQuery({ orgId: org.id });
  const teams = trpc.deskTeams.list.useQuery({ orgId: org.id });
  return useMemo(
    () => ({
      agents: (members.data?.members ?? [])
        .filter((m) => !m.disabled && m.role !== "MEMBER")
        .map((m) => ({ value: m.userId, label: m.name ?? m.email })),
      teams: (teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name })),
    }),
    [members.data, teams.data],
  );
}
