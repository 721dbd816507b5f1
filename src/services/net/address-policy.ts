import { cidrContains, formatIp, parseCidr, parseIp, type IpAddress, type IpNetwork } from "../../domain/spam/ip-address.js";

/**
 * Why an address is not on the public internet. Longhand fetches only from public
 * addresses: anything else would let a post (or a webmention, or an import) make the server
 * read its own admin pages, the local network or a cloud provider's metadata service.
 */
export type AddressClass =
  | "loopback"
  | "private"
  | "shared"
  | "link-local"
  | "metadata"
  | "unique-local"
  | "site-local"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved";

const DESCRIPTIONS: Record<AddressClass, string> = {
  loopback: "a loopback address (this machine itself)",
  private: "a private network address",
  shared: "a carrier-grade NAT address (100.64.0.0/10), inside a provider's network",
  "link-local": "a link-local address, reachable only on the local network segment",
  metadata: "the cloud metadata address, which hands out a server's credentials",
  "unique-local": "a unique-local IPv6 address (fc00::/7), a private network",
  "site-local": "a site-local IPv6 address (fec0::/10), a private network",
  unspecified: "the unspecified address, which means this machine",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  reserved: "a reserved address that is not on the public internet",
};

/** First match wins, so the metadata address comes before the link-local range holding it. */
const RANGES: readonly (readonly [IpNetwork, AddressClass])[] = (
  [
    ["0.0.0.0/8", "unspecified"],
    ["127.0.0.0/8", "loopback"],
    ["10.0.0.0/8", "private"],
    ["172.16.0.0/12", "private"],
    ["192.168.0.0/16", "private"],
    ["100.64.0.0/10", "shared"],
    ["169.254.169.254/32", "metadata"],
    ["169.254.0.0/16", "link-local"],
    ["192.0.0.0/24", "reserved"],
    ["198.18.0.0/15", "reserved"],
    ["224.0.0.0/4", "multicast"],
    ["255.255.255.255/32", "broadcast"],
    ["240.0.0.0/4", "reserved"],
    ["::/128", "unspecified"],
    ["::1/128", "loopback"],
    ["fe80::/10", "link-local"],
    ["fec0::/10", "site-local"],
    ["fc00::/7", "unique-local"],
    ["ff00::/8", "multicast"],
    ["64:ff9b:1::/48", "private"],
    ["100::/64", "reserved"],
  ] as const
).map(([cidr, kind]) => [parseCidr(cidr)!, kind] as const);

/**
 * IPv6 prefixes that carry an IPv4 address inside them, and where: NAT64's well-known prefix
 * and the old IPv4-compatible form in the last four bytes, 6to4 in bytes 2 to 5. The IPv4
 * address inside is what a translator would connect to, so it is judged instead.
 * (IPv4-mapped addresses, ::ffff:a.b.c.d, are read as IPv4 by parseIp already.)
 */
const EMBEDDING: readonly (readonly [IpNetwork, number])[] = (
  [
    ["64:ff9b::/96", 12],
    ["::/96", 12],
    ["2002::/16", 2],
  ] as const
).map(([cidr, at]) => [parseCidr(cidr)!, at] as const);

/**
 * The class of a non-public address, or null for a public one (and for text that is no
 * address, which callers refuse on their own).
 *
 * @example classifyAddress("169.254.169.254") // "metadata"
 * @example classifyAddress("::ffff:10.0.0.1") // "private"
 * @example classifyAddress("93.184.216.34") // null
 */
export function classifyAddress(address: string | IpAddress): AddressClass | null {
  const ip = typeof address === "string" ? parseIp(address) : address;
  if (ip === null) return null;
  for (const [network, kind] of RANGES) {
    if (cidrContains(network, ip)) return kind;
  }
  if (ip.version === 6) {
    for (const [network, at] of EMBEDDING) {
      if (cidrContains(network, ip)) return classifyAddress({ version: 4, bytes: ip.bytes.slice(at, at + 4) });
    }
  }
  return null;
}

/** What may be fetched beyond the public internet. */
export interface AddressPolicy {
  /** Allow loopback addresses (127.0.0.0/8, ::1), so tests can fetch from a local server. */
  allowLoopback: boolean;
}

/**
 * Why Longhand will not connect to `address`, as a clause for the end of a sentence, or null
 * when it may. With `host`, the clause says the host resolved to it. Anything that does not
 * read as an IP address is refused too.
 *
 * @example addressRefusal("10.1.2.3", { allowLoopback: false }) // "10.1.2.3 is a private network address"
 * @example addressRefusal("::1", { allowLoopback: false }, "intranet.example")
 * // "intranet.example resolves to ::1, which is a loopback address (this machine itself)"
 */
export function addressRefusal(address: string, policy: AddressPolicy, host?: string): string | null {
  const ip = parseIp(address);
  if (ip === null) return `"${address}" is not an IP address`;
  const kind = classifyAddress(ip);
  if (kind === null || (kind === "loopback" && policy.allowLoopback)) return null;
  const shown = formatIp(ip) === address ? address : `${address} (${formatIp(ip)})`;
  return host === undefined ? `${shown} is ${DESCRIPTIONS[kind]}` : `${host} resolves to ${shown}, which is ${DESCRIPTIONS[kind]}`;
}
