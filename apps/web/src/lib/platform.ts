import { useSession } from "./session.ts";
import { trpc } from "./trpc.ts";

/** The public runtime config (maintenance banner, sign-ups open…), read at boot and kept fresh. */
export function usePublicConfig() {
  return trpc.platform.publicConfig.useQuery(undefined, {
    staleTime: 15_000,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    retry: false,
  });
}

/**
 * Whether a feature flag is on for the signed-in person: the server's answer, sent with the session
 * (the client never evaluates a flag itself). Unknown flags and signed-out visitors get false.
 */
export function useFlag(name: string): boolean {
  const session = useSession();
  const flags = (session.data as { flags?: Record<string, boolean> } | null | undefined)?.flags;
  return flags?.[name] === true;
}
