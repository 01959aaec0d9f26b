import { invalidateUserSessions } from "@quartet/auth/session";
import type { AuthEventType, UserStatus } from "@quartet/db/enums";
import { tierOf } from "../billing/tier.service.ts";
import type { Deps } from "../deps.ts";
import { AppError, notFound } from "../errors.ts";
import { hasPassword, listIdentities } from "../identity/oauth.repository.ts";
import { clearSignInLockout, findSignInLockout } from "../identity/sign-in-lockout.repository.ts";
import { insertAuditLog } from "./admin-audit.repository.ts";
import type { AdminActor } from "./admin-audit.schema.ts";
import {
  countActiveSessions,
  findActiveSessions,
  findNotesWithAuthors,
  findRecentAuthEvents,
  findUserDetail,
  findUserMemberships,
  findUsers,
  insertAuthEvent,
  insertNote,
  setUserStatus,
} from "./admin-users.repository.ts";
import {
  type AddNoteInput,
  addNoteInput,
  type UserActionInput,
  type UserListInput,
  type UserStatusAction,
  userActionInput,
  userIdInput,
  userListInput,
} from "./admin-users.schema.ts";
import { toPage } from "./pagination.schema.ts";

type AdminDeps = Pick<Deps, "db" | "clock">;

export async function listUsers(deps: AdminDeps, _actor: AdminActor, raw: UserListInput) {
  const input = userListInput.parse(raw);
  const rows = await findUsers(deps.db, input, input.cursor, input.limit);
  return toPage(rows, input.limit);
}

export async function getUser(deps: AdminDeps, _actor: AdminActor, raw: { userId: string }) {
  const { userId } = userIdInput.parse(raw);
  const user = await findUserDetail(deps.db, userId);
  if (!user) throw notFound("User not found.");
  const [memberships, sessions, authEvents, notes, lockout, tier, identities, password] = await Promise.all([
    findUserMemberships(deps.db, userId),
    findActiveSessions(deps.db, userId, deps.clock.now()),
    findRecentAuthEvents(deps.db, userId),
    findNotesWithAuthors(deps.db, userId),
    findSignInLockout(deps.db, user.email),
    // Derived from their workspaces' plans and Day Pass (billing), never stored.
    tierOf(deps, userId),
    listIdentities(deps.db, userId),
    hasPassword(deps.db, userId),
  ]);
  return {
    // The sign-in lockout is kept per address (see identity/sign-in-lockout.ts).
    user: {
      ...user,
      tier: tier === "PREMIUM" ? ("PREMIUM" as const) : ("FREE" as const),
      failedLoginCount: lockout?.failedCount ?? 0,
      lockedUntil: lockout?.lockedUntil ?? null,
    },
    memberships: memberships.map((m) => ({
      id: m.id,
      organizationId: m.organization.id,
      name: m.organization.name,
      slug: m.organization.slug,
      isPersonal: m.organization.isPersonal,
      deleted: m.organization.deletedAt !== null,
      role: m.role,
      disabled: m.disabled,
      joinedAt: m.joinedAt,
    })),
    sessions: sessions.map((s) => ({ ...s, deviceInfo: deviceOf(s.deviceInfo) })),
    authEvents: authEvents.map((e) => ({ ...e, deviceInfo: deviceOf(e.deviceInfo) })),
    notes,
    /** How the person signs in: a password and/or linked Google / GitHub / OIDC identities. */
    signInMethods: {
      hasPassword: password,
      identities: identities.map((i) => ({ id: i.id, provider: i.provider, linkedAt: i.createdAt })),
    },
  };
}

function deviceOf(json: unknown): { browser?: string; os?: string; type?: string } {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  const o = json as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  return { browser: str(o.browser), os: str(o.os), type: str(o.type) };
}

interface StatusRule {
  /** Statuses the change applies to. */
  from: readonly UserStatus[];
  event: AuthEventType;
  /** Whether the change ends every session of the user at once. */
  endsSessions: boolean;
  /** Refused for yourself and other platform admins (so nobody can shut the console out). */
  guarded: boolean;
  conflict: string;
}

const rules: Record<UserStatusAction, StatusRule> = {
  lock: {
    from: ["ACTIVE", "PENDING"],
    event: "ACCOUNT_LOCKED",
    endsSessions: true,
    guarded: true,
    conflict: "Only active or pending accounts can be locked.",
  },
  unlock: {
    from: ["LOCKED"],
    event: "ACCOUNT_UNLOCKED",
    endsSessions: false,
    guarded: false,
    conflict: "This account isn't locked.",
  },
  disable: {
    from: ["ACTIVE", "PENDING", "LOCKED"],
    event: "ACCOUNT_DISABLED",
    endsSessions: true,
    guarded: true,
    conflict: "This account is already disabled.",
  },
  enable: {
    from: ["DISABLED"],
    event: "ACCOUNT_UNLOCKED",
    endsSessions: false,
    guarded: false,
    conflict: "This account isn't disabled.",
  },
};

/**
 * Lock, unlock, disable or enable an account. Lock and disable end every session at once; unlock and
 * enable also clear the sign-in lockout. An account that never verified its email goes back to
 * PENDING rather than ACTIVE, so an admin action can't skip verification.
 */
export async function changeUserStatus(
  deps: AdminDeps,
  actor: AdminActor,
  action: UserStatusAction,
  raw: UserActionInput,
) {
  const input = userActionInput.parse(raw);
  const rule = rules[action];
  return deps.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: {
        id: true,
        email: true,
        status: true,
        platformRole: true,
        emailVerifiedAt: true,
        deletedAt: true,
      },
    });
    if (!user) throw notFound("User not found.");
    if (rule.guarded && user.id === actor.userId) {
      throw new AppError("FORBIDDEN", `You can't ${action} your own account.`, undefined, "SELF_ACTION");
    }
    if (rule.guarded && user.platformRole === "SUPERADMIN") {
      throw new AppError(
        "FORBIDDEN",
        `Another platform administrator can't be ${action === "lock" ? "locked" : "disabled"} from the console.`,
        undefined,
        "TARGET_IS_SUPERADMIN",
      );
    }
    if (user.deletedAt) throw new AppError("CONFLICT", "This account was deleted.");
    if (!rule.from.includes(user.status))
      throw new AppError("CONFLICT", rule.conflict, undefined, "WRONG_STATUS");

    const restored: UserStatus = user.emailVerifiedAt ? "ACTIVE" : "PENDING";
    const next: UserStatus = action === "lock" ? "LOCKED" : action === "disable" ? "DISABLED" : restored;
    const changed = await setUserStatus(tx, user.id, user.status, { status: next });
    if (!changed) throw new AppError("CONFLICT", "This account changed meanwhile. Reload and try again.");
    if (action === "unlock" || action === "enable") await clearSignInLockout(tx, user.email);

    const sessionsEnded = rule.endsSessions ? await invalidateUserSessions(tx, user.id) : 0;
    await insertAuthEvent(tx, {
      userId: user.id,
      eventType: rule.event,
      outcome: "SUCCESS",
      ipAddress: actor.ip,
      userAgent: (actor.userAgent ?? "").slice(0, 500),
      deviceInfo: {},
      metadata: {
        action,
        byAdminId: actor.userId,
        byAdminEmail: actor.email,
        reason: input.reason ?? null,
        sessionsEnded,
      },
    });
    await insertAuditLog(tx, actor, {
      action: `user.${action}`,
      entityType: "user",
      entityId: user.id,
      changes: {
        before: { status: user.status },
        after: rule.endsSessions ? { status: next, sessionsEnded } : { status: next },
        reason: input.reason ?? null,
      },
    });
    return { status: next, sessionsEnded };
  });
}

export const lockUser = (deps: AdminDeps, actor: AdminActor, input: UserActionInput) =>
  changeUserStatus(deps, actor, "lock", input);
export const unlockUser = (deps: AdminDeps, actor: AdminActor, input: UserActionInput) =>
  changeUserStatus(deps, actor, "unlock", input);
export const disableUser = (deps: AdminDeps, actor: AdminActor, input: UserActionInput) =>
  changeUserStatus(deps, actor, "disable", input);
export const enableUser = (deps: AdminDeps, actor: AdminActor, input: UserActionInput) =>
  changeUserStatus(deps, actor, "enable", input);

/** Signs the user out everywhere (web and admin). Your own current console session is kept. */
export async function revokeUserSessions(deps: AdminDeps, actor: AdminActor, raw: { userId: string }) {
  const { userId } = userIdInput.parse(raw);
  return deps.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw notFound("User not found.");
    const before = await countActiveSessions(tx, userId, deps.clock.now());
    const keep = userId === actor.userId ? actor.sessionId : undefined;
    const count = await invalidateUserSessions(tx, userId, keep);
    await insertAuthEvent(tx, {
      userId,
      eventType: "SESSION_REVOKED",
      outcome: "SUCCESS",
      ipAddress: actor.ip,
      userAgent: (actor.userAgent ?? "").slice(0, 500),
      deviceInfo: {},
      metadata: { action: "revokeAll", byAdminId: actor.userId, byAdminEmail: actor.email, count },
    });
    await insertAuditLog(tx, actor, {
      action: "user.sessions.revoke",
      entityType: "user",
      entityId: userId,
      changes: { before: { activeSessions: before }, after: { sessionsEnded: count } },
    });
    return { count };
  });
}

export async function addUserNote(deps: AdminDeps, actor: AdminActor, raw: AddNoteInput) {
  const input = addNoteInput.parse(raw);
  return deps.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
    if (!user) throw notFound("User not found.");
    const note = await insertNote(tx, input.userId, actor.userId, input.note);
    await insertAuditLog(tx, actor, {
      action: "user.note.add",
      entityType: "user",
      entityId: input.userId,
      changes: { before: null, after: { noteId: note.id, note: note.note } },
    });
    return { ...note, adminEmail: actor.email };
  });
}
