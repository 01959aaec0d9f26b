import { sessionCookie, type ValidatedSession, validateSessionToken } from "@quartet/auth/session";
import type { Deps, RequestMeta } from "@quartet/core/deps";
import type { SessionKind } from "@quartet/db/enums";

/** Cookie access without tying the API to an HTTP framework. */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, options: Record<string, unknown>): void;
  clear(name: string, options: Record<string, unknown>): void;
}

export interface ApiContext {
  deps: Deps;
  /** Which app is serving: WEB sessions for the customer app, ADMIN for the console. */
  kind: SessionKind;
  req: RequestMeta;
  cookies: CookieJar;
  /** The signed-in session, if any. A session still owing its second factor is not "signed in". */
  auth: ValidatedSession | null;
}

export interface ContextInput {
  deps: Deps;
  kind: SessionKind;
  req: RequestMeta;
  cookies: CookieJar;
}

export async function createApiContext({ deps, kind, req, cookies }: ContextInput): Promise<ApiContext> {
  const cookie = sessionCookie(kind, deps.config.production);
  const token = cookies.get(cookie.name);
  let auth: ValidatedSession | null = null;
  if (token) {
    auth = await validateSessionToken(deps.db, token, kind, deps.clock.now());
    if (!auth) cookies.clear(cookie.name, cookie.options);
  }
  return { deps, kind, req, cookies, auth };
}
