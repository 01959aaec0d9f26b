import { createContext, useContext } from "react";
import { type RouterOutputs, trpc } from "./trpc.ts";

export type SessionView = NonNullable<RouterOutputs["auth"]["session"]>;
export type SessionUser = SessionView["user"];

export const UserContext = createContext<SessionUser | null>(null);

/** The signed-in person (inside the signed-in layout only). */
export function useUser(): SessionUser {
  const user = useContext(UserContext);
  if (!user) throw new Error("useUser() outside the signed-in layout");
  return user;
}

/** The current session, shared by every screen; the signed-in layout also polls it. */
export function useSession() {
  // Signed-out pages must not wait on retries when the server is unreachable: show the form.
  return trpc.auth.session.useQuery(undefined, { staleTime: 5_000, retry: false });
}

export function isSessionQueryKey(key: readonly unknown[]): boolean {
  const path = key[0];
  return Array.isArray(path) && path[0] === "auth" && path[1] === "session";
}
