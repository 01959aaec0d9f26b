// Strings of the console's Encryption keys and Inbox webhooks screens, in English; French and
// Arabic live in security.fr.ts and security.ar.ts with the same keys.

export const securityEn = {
  nav: "Encryption keys",
  title: "Encryption keys",
  description:
    "Stored secrets (platform connection tokens and two-factor secrets) are sealed under a key id. After a key rotation, re-encrypt them with the newest key; once nothing is left under an older key, that key can leave the ring.",
  refresh: "Refresh",
  currentKey: "Current key",
  underOlder: "Under older keys",
  allCurrent: "Every stored secret is under the current key: older keys can be removed from the ring.",
  someOlder_one: "{{count}} secret is still under an older key.",
  someOlder_other: "{{count}} secrets are still under an older key.",
  tableLabel: "Stored secrets per key",
  colKey: "Key id",
  colConnections: "Connection tokens",
  colTotp: "Two-factor secrets",
  colTotal: "Total",
  current: "Current",
  legacy: "Legacy format",
  legacyHint: "sealed before key ids (v1)",
  tokensHint: "Access and refresh tokens are counted separately.",
  reencrypt: "Re-encrypt with the newest key",
  confirmTitle: "Re-encrypt with key {{key}}?",
  confirmDescription_one:
    "A background job rewrites the {{count}} secret still under an older key with key {{key}}, one row at a time. It is safe while the app is live and safe to run twice. A secret no key in the ring can read stays as it is and is named in the worker's log.",
  confirmDescription_other:
    "A background job rewrites the {{count}} secrets still under an older key with key {{key}}, one row at a time. It is safe while the app is live and safe to run twice. A secret no key in the ring can read stays as it is and is named in the worker's log.",
  confirm: "Start re-encryption",
  started: "Re-encryption started",
  startedTitle: "Re-encryption job queued",
  startedDescription:
    "Job {{jobId}} was queued. The counts below refresh every few seconds while secrets remain under an older key.",
  startedNoJob: "A re-encryption job is already queued; the counts below refresh every few seconds.",
  emptyTitle: "No stored secrets",
  emptyDescription:
    "No connection tokens or two-factor secrets are stored yet, so there is nothing to re-encrypt.",
};

export const inboxWebhooksEn = {
  nav: "Inbox webhooks",
  title: "Inbox webhooks",
  description:
    "Deliveries from the messaging platforms whose normalisation failed after every automatic retry. Fix the cause, then retry them. Bodies are not shown: they can hold people's messages.",
  platformFilter: "Platform",
  allPlatforms: "All platforms",
  platforms: {
    WHATSAPP: "WhatsApp",
    FACEBOOK: "Messenger",
    INSTAGRAM: "Instagram",
    TIKTOK: "TikTok",
  },
  colPlatform: "Platform",
  colReceived: "Received",
  colAttempts: "Attempts",
  colError: "Error",
  colSize: "Body size",
  colActions: "Actions",
  noError: "No error recorded",
  retry: "Retry",
  retryLabel: "Retry the {{platform}} delivery received {{time}}",
  retried: "Delivery queued for normalisation again",
  retryAll: "Retry all",
  retryAllCount_one: "Retry all ({{count}})",
  retryAllCount_other: "Retry all ({{count}})",
  retryAllTitle_one: "Retry {{count}} failed delivery?",
  retryAllTitle_other: "Retry {{count}} failed deliveries?",
  retryAllDescription:
    "Each is put back to Received and normalised again by the worker. At most {{cap}} are retried per press; press again for the rest.",
  retriedAll_one: "{{count}} delivery queued for normalisation again",
  retriedAll_other: "{{count}} deliveries queued for normalisation again",
  retriedAllRemaining: "{{remaining}} still failed: press Retry all again.",
  emptyTitle: "No failed deliveries",
  emptyDescription: "Every delivery the platforms sent was normalised.",
  noMatchTitle: "No failed deliveries on this platform",
  noMatchDescription: "Other platforms may have some: clear the filter to see them.",
};
