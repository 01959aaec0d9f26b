// Strings of Account → Security's "Sign-in methods" (password, Google, GitHub, OIDC), in English;
// French and Arabic live in sign-in-methods.fr.ts and sign-in-methods.ar.ts.

export const signInMethodsEn = {
  title: "Sign-in methods",
  description:
    "The ways you can sign in to this account. Connect Google, GitHub or your company's sign-in to skip the password.",
  password: "Password",
  passwordSet: "Set",
  passwordNotSet: "Not set. To add one, use “Forgot password?” on the sign-in page.",
  connected: "Connected {{date}}",
  notConnected: "Not connected",
  connect: "Connect",
  disconnect: "Disconnect",
  disconnectTitle: "Disconnect {{name}}?",
  disconnectBody: "You won't be able to sign in with {{name}} until you connect it again.",
  disconnected: "{{name}} disconnected.",
  linked: "{{name}} connected. You can now sign in with it.",
  lastMethod: "This is your only way to sign in. Set a password or connect another account first.",
};
