import { z } from "zod";
import type { Deps, UserActor } from "../deps.ts";

export const setMarketingConsentInput = z.object({ consent: z.boolean() });

/** Whether the signed-in person accepts product news and offers by email (off until they opt in). */
export async function getMarketingConsent(deps: Pick<Deps, "db">, actor: UserActor) {
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { marketingConsent: true, marketingConsentAt: true },
  });
  return { consent: user.marketingConsent, changedAt: user.marketingConsentAt };
}

export async function setMarketingConsent(
  deps: Pick<Deps, "db" | "clock">,
  actor: UserActor,
  raw: z.input<typeof setMarketingConsentInput>,
) {
  const { consent } = setMarketingConsentInput.parse(raw);
  const user = await deps.db.user.update({
    where: { id: actor.userId },
    data: { marketingConsent: consent, marketingConsentAt: deps.clock.now() },
    select: { marketingConsent: true, marketingConsentAt: true },
  });
  return { consent: user.marketingConsent, changedAt: user.marketingConsentAt };
}
