import { createContext, useContext } from "react";
import type { RouterOutputs } from "./trpc.ts";

export type OrgSummary = RouterOutputs["orgs"]["list"][number];

export const WorkspaceContext = createContext<OrgSummary | null>(null);

/** The workspace of the current /w/:slug page. */
export function useWorkspace(): OrgSummary {
  const org = useContext(WorkspaceContext);
  if (!org) throw new Error("useWorkspace() outside a workspace page");
  return org;
}
