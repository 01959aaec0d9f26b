import {
  type SessionMembership,
  sessionCookie,
  type ValidatedSession,
  validateSessionToken,
  validateSessionTokenInOrg,
} from "@quartet/auth/session";
import type { Deps, RequestMeta } from "@quartet/core/deps";
import { findActiveMembership } from "@quartet/core/orgs/org.repository";
import type { SessionKind } from "@quartet/db/enums";

/** Cookie access without tying the API to an HTTP framework. */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, options: Record<string, unknown>): void;
  clear(name: string, options: Record<string, unknown>): void;
}

/**
 * The request's session, looked up when a procedure first needs it and then kept for the rest of
 * the request (every call of a batch). A session still owing its second factor is returned as is:
 * the procedures decide it is not "signed in".
 */
export interface RequestSession {
  /** Whether the request carries this app's session cookie at all (no query). */
  readonly hasToken: boolean;
  /** The signed-in session and user, or null: one statement, once per request. */
  current(): Promise<ValidatedSession | null>;
  /**
   * The session with the caller's active membership in `orgId` (null when not a member): one
   * statement for both when the session wasn't looked up yet; once per request and workspace.
   */
  inOrg(orgId: string): Promise<{ auth: ValidatedSession | null; membership: SessionMembership | null }>;
}

export interface ApiContext {
  deps: Deps;
  /** Which app is serving: WEB sessions for the customer app, ADMIN for the console. */
  kind: SessionKind;
  req: RequestMeta;
  cookies: CookieJar;
  sessionLookup: RequestSession;
}

export interface ContextInput {
  deps: Deps;
  kind: SessionKind;
  req: RequestMeta;
  cookies: CookieJar;
}

function requestSession({ deps, kind, cookies }: ContextInput): RequestSession {
  const cookie = sessionCookie(kind, deps.config.production);
  const token = cookies.get(cookie.name);
  let current: Promise<ValidatedSession | null> | undefined;
  const inOrg = new Map<
    string,
    Promise<{ auth: ValidatedSession | null; membership: SessionMembership | null }>
  >();
  // A dead or foreign cookie is cleared, whichever lookup finds it so.
  const seen = (auth: ValidatedSession | null) => {
    if (!auth) cookies.clear(cookie.name, cookie.options);
    return auth;
  };

  return {
    hasToken: Boolean(token),
    current() {
      if (!token) return Promise.resolve(null);
      current ??= validateSessionToken(deps.db, token, kind, deps.clock.now()).then(seen);
      return current;
    },
    inOrg(orgId) {
      let found = inOrg.get(orgId);
      if (found) return found;
      if (!token) {
        found = Promise.resolve({ auth: null, membership: null });
      } else if (current) {
        // The session is known already (an earlier call of the batch): only the membership is asked.
        found = current.then(async (auth) => ({
          auth,
          membership: auth ? await findActiveMembership(deps.db, orgId, auth.user.id) : null,
        }));
      } else {
        const both = validateSessionTokenInOrg(deps.db, token, kind, deps.clock.now(), orgId);
        current = both.then((r) => seen(r?.auth ?? null));
        // Awaited only if a later call of the batch asks: a failed lookup must not go unhandled.
        current.catch(() => {});
        found = both.then((r) => ({ auth: r?.auth ?? null, membership: r?.membership ?? null }));
      }
      inOrg.set(orgId, found);
      return found;
    },
  };
}

/** No query here: the session is looked up by the first procedure that needs it (see RequestSession). */
export async function createApiContext(input: ContextInput): Promise<ApiContext> {
  const { deps, kind, req, cookies } = input;
  return { deps, kind, req, cookies, sessionLookup: requestSession(input) };
}

/** The context inside a procedure: the session is looked up (see publicProcedure). */
export type ApiContextWithAuth = ApiContext & { auth: ValidatedSession | null };
