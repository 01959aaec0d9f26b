// Platform-wide notices of the customer app: the maintenance banner, flagged features, closed sign-ups.
export const platformEn = {
  maintenance: "Notice from the Quartet team",
  whatsNewTitle: "New: early features",
  whatsNewBody: "You're among the first to try new Quartet features. Tell us what you think.",
  dismiss: "Dismiss",
  signupClosedTitle: "Sign-ups are paused",
  signupClosedBody: "We're not taking new accounts right now. Please come back a little later.",
};
