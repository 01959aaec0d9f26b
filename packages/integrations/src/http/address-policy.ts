import ipaddr from "ipaddr.js";

// Which IP addresses an outgoing request to a URL that a user typed (webhooks, feeds, media) may
// reach. Only ordinary public unicast addresses pass. IPv6 forms that carry an IPv4 address
// (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64, 6to4, Teredo) are judged by the IPv4
// address inside them, so `[::7f00:1]` is loopback and `[64:ff9b::a9fe:a9fe]` is cloud metadata.

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

const ALLOWED: AddressVerdict = { ok: true };

/**
 * The IPv4 addresses an IPv6 address stands for, or null for a plain IPv6 address. `local` marks a
 * prefix that is never globally routed whatever it embeds (RFC 8215's local-use NAT64 prefix).
 */
export function embeddedIPv4(v6: ipaddr.IPv6): { addresses: ipaddr.IPv4[]; local: boolean } | null {
  const p = v6.parts; // eight 16-bit groups
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const lastTwo = () => v4(p[6] as number, p[7] as number);
  const zeros = (from: number, to: number) => p.slice(from, to).every((g) => g === 0);
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (RFC 6145 translated)
  if (zeros(0, 5) && p[5] === 0xffff) return { addresses: [lastTwo()], local: false };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { addresses: [lastTwo()], local: false };
  // ::a.b.c.d (deprecated IPv4-compatible, RFC 4291 §2.5.5.1); `::` and `::1` are classified as IPv6.
  if (zeros(0, 6) && !(p[6] === 0 && (p[7] as number) <= 1)) return { addresses: [lastTwo()], local: false };
  // 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052)
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return { addresses: [lastTwo()], local: false };
  // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): the IPv4 address may sit at several offsets
  // depending on the operator's prefix length, and the prefix is never public anyway.
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return { addresses: [lastTwo()], local: true };
  // 2002:AABB:CCDD::/48, 6to4 (RFC 3056)
  if (p[0] === 0x2002) return { addresses: [v4(p[1] as number, p[2] as number)], local: false };
  // 2001:0000:SSSS:SSSS:flags:port:CCCC:CCCC, Teredo (RFC 4380): server, and client stored inverted
  if (p[0] === 0x2001 && p[1] === 0) {
    const client = v4(~(p[6] as number) & 0xffff, ~(p[7] as number) & 0xffff);
    return { addresses: [v4(p[2] as number, p[3] as number), client], local: false };
  }
  return null;
}

function ipv4Verdict(v4: ipaddr.IPv4): AddressVerdict {
  const range = v4.range();
  // Loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16: cloud metadata),
  // carrier-grade NAT, reserved, multicast, broadcast, 0/8…
  return range === "unicast" ? ALLOWED : { ok: false, reason: range };
}

/** Whether a request may go to `address`; the reason names the range, never the address. */
export function checkAddress(address: string): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, "");
  // Only canonical dotted-quad IPv4 and real IPv6: the resolver and the URL parser hand us those.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare))
    return { ok: false, reason: "not an IP address" };
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv4") return ipv4Verdict(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    if (embedded.local) return { ok: false, reason: "local-use NAT64" };
    for (const v4 of embedded.addresses) {
      const verdict = ipv4Verdict(v4);
      if (!verdict.ok) return { ok: false, reason: `${verdict.reason} (embedded IPv4)` };
    }
    return ALLOWED;
  }
  const range = v6.range();
  // Global unicast only: not loopback, link-local, unique-local (fc00::/7), documentation, ORCHID…
  return range === "unicast" ? ALLOWED : { ok: false, reason: range };
}

/** `localhost` and anything under `.localhost` always mean this machine (RFC 6761). */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}
