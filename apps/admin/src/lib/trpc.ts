import type { AdminRouter } from "@quartet/api/admin-router";
import { createTrpcProvider } from "@quartet/ui/lib/trpc";

export const { trpc, TrpcProvider } = createTrpcProvider<AdminRouter>();

// Output types read off the router type (the shared transformer keeps Dates as Dates), so the SPA needs
// nothing from the server but `type AdminRouter`.
type OutputOf<P> = P extends { _def: { $types: { output: infer O } } } ? O : never;
type R = AdminRouter;
export type SessionInfo = NonNullable<OutputOf<R["auth"]["session"]>>;
export type UserRow = OutputOf<R["users"]["list"]>["items"][number];
export type UserDetail = OutputOf<R["users"]["get"]>;
export type OrgRow = OutputOf<R["orgs"]["list"]>["items"][number];
export type OrgDetail = OutputOf<R["orgs"]["get"]>;
export type AuditRow = OutputOf<R["audit"]["list"]>["items"][number];
export type MailRow = OutputOf<R["outbox"]["list"]>["items"][number];
export type MailDetail = OutputOf<R["outbox"]["get"]>;
export type UserStatus = UserRow["status"];
export type RevenueOverview = OutputOf<R["billing"]["revenue"]>;
export type ToolsAnalytics = OutputOf<R["tools"]["analytics"]>;
export type OrgBilling = OutputOf<R["billing"]["org"]>;
