import { UAParser } from "ua-parser-js";

export interface DeviceInfo {
  /** e.g. "Chrome 131"; "Unknown" when the user agent doesn't say. */
  browser: string;
  /** e.g. "macOS 14.5". */
  os: string;
  /** desktop, mobile, tablet, … (ua-parser's device types; desktop when none is given). */
  type: string;
}

export function parseUserAgent(userAgent: string | null | undefined): DeviceInfo {
  if (!userAgent) return { browser: "Unknown", os: "Unknown", type: "unknown" };
  const result = UAParser(userAgent);
  const join = (name?: string, version?: string) =>
    name ? (version ? `${name} ${version}` : name) : "Unknown";
  return {
    browser: join(result.browser.name, result.browser.major),
    os: join(result.os.name, result.os.version),
    type: result.device.type ?? (result.browser.name || result.os.name ? "desktop" : "unknown"),
  };
}
