// IP addresses and networks, parsed by hand because the domain imports nothing (not even node:net).

/** An IP address as bytes: 4 for IPv4, 16 for IPv6, most significant first. */
export interface IpAddress {
  version: 4 | 6;
  bytes: number[];
}

/** A network: its first address (host bits cleared) and how many leading bits are fixed. */
export interface IpNetwork extends IpAddress {
  /** 0–32 for IPv4, 0–128 for IPv6; a single address has every bit fixed. */
  prefix: number;
}

/** The bytes that begin an IPv4-mapped IPv6 address (::ffff:0:0/96). */
const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * Reads an IP address as a server sees it: IPv4 in dotted decimal, IPv6 in full or with "::".
 * An IPv4-mapped IPv6 address (what a dual-stack server reports for IPv4 readers) is read as
 * the IPv4 address it carries, so one reader has one address however they arrived.
 * Zone ids ("fe80::1%eth0") are refused: they name an interface of this machine, not a reader.
 *
 * @example parseIp("::ffff:203.0.113.9") // { version: 4, bytes: [203, 0, 113, 9] }
 * @example parseIp("2001:db8::1") // { version: 6, bytes: [0x20, 0x01, 0x0d, 0xb8, 0, …, 0, 1] }
 */
export function parseIp(text: string): IpAddress | null {
  const parsed = parseAny(text.trim());
  return parsed === null ? null : { version: parsed.version, bytes: parsed.bytes };
}

/**
 * Reads a network as an owner types it in a block list: "10.0.0.0/8", "2001:db8::/32", or a
 * single address ("1.2.3.4" is 1.2.3.4/32). Host bits after the prefix are cleared, so
 * "10.1.2.3/8" is read as 10.0.0.0/8. Returns null for anything else.
 *
 * @example parseCidr("2001:db8::/32") // { version: 6, bytes: [0x20, 0x01, 0x0d, 0xb8, 0, …], prefix: 32 }
 */
export function parseCidr(text: string): IpNetwork | null {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const address = parseAny(slash === -1 ? trimmed : trimmed.slice(0, slash));
  if (address === null) return null;
  const maxBits = address.mapped ? 128 : address.bytes.length * 8;
  let prefix = maxBits;
  if (slash !== -1) {
    const digits = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(digits)) return null;
    prefix = Number(digits);
    if (prefix > maxBits) return null;
  }
  if (address.mapped) {
    // "::ffff:10.0.0.0/104" is written in IPv6 but names IPv4 addresses, which is how they are stored.
    if (prefix < 96) return null;
    prefix -= 96;
  }
  return { version: address.version, bytes: maskBytes(address.bytes, prefix), prefix };
}

/**
 * Whether `ip` lies inside the network `cidr` (text as parseCidr reads it, or already parsed).
 * An address that does not parse, or is of the other IP version, is never inside.
 *
 * @example cidrContains("2001:db8::/32", "2001:db8:1::5") // true
 */
export function cidrContains(cidr: string | IpNetwork, ip: string | IpAddress): boolean {
  const network = typeof cidr === "string" ? parseCidr(cidr) : cidr;
  const address = typeof ip === "string" ? parseIp(ip) : ip;
  if (network === null || address === null || network.version !== address.version) return false;
  const masked = maskBytes(address.bytes, network.prefix);
  return masked.every((byte, i) => byte === network.bytes[i]);
}

/**
 * The key that readers who share a connection share for rate limits: an IPv4 address's /24
 * ("203.0.113.0/24") or an IPv6 address's /64 ("2001:db8:1:2::/64"), since a household or
 * office usually holds one of those and can pick any address inside it. An address that does
 * not parse is its own key, so it is still counted, just on its own.
 *
 * @example networkPrefix("2001:db8:1:2:a:b:c:d") // "2001:db8:1:2::/64"
 */
export function networkPrefix(ip: string): string {
  const address = parseIp(ip);
  if (address === null) return ip;
  const prefix = address.version === 4 ? 24 : 64;
  return `${formatIp({ version: address.version, bytes: maskBytes(address.bytes, prefix) })}/${prefix}`;
}

/**
 * An address written the one standard way: dotted decimal for IPv4, lower-case hexadecimal with
 * the longest run of zero groups shortened to "::" for IPv6 (RFC 5952).
 *
 * @example formatIp(parseIp("2001:0DB8:0000:0000:0000:0000:0000:0001")!) // "2001:db8::1"
 */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  // The longest run of two or more zero groups becomes "::"; on a tie, the first.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(":");
  if (bestStart === -1) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

interface ParsedAddress extends IpAddress {
  /** Written as an IPv4-mapped IPv6 address; the bytes are the IPv4 ones. */
  mapped: boolean;
}

function parseAny(text: string): ParsedAddress | null {
  if (text.includes(":")) {
    const bytes = parseIpv6(text);
    if (bytes === null) return null;
    if (MAPPED_PREFIX.every((byte, i) => bytes[i] === byte)) {
      return { version: 4, bytes: bytes.slice(12), mapped: true };
    }
    return { version: 6, bytes, mapped: false };
  }
  const bytes = parseIpv4(text);
  return bytes === null ? null : { version: 4, bytes, mapped: false };
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    // Leading zeros are refused: some software reads "010" as octal 8, others as decimal 10.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | null {
  if (text.includes("%")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] === "" ? [] : (halves[0] ?? "").split(":");
  const tail = halves.length === 2 ? (halves[1] === "" ? [] : (halves[1] ?? "").split(":")) : [];
  const groups = [...head, ...tail];

  // An IPv4 address may stand in for the last two groups ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4").
  let ipv4Tail: number[] = [];
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes(".")) {
    const parsed = parseIpv4(last);
    // It must come last: "1.2.3.4::" puts it before the zeros, which no address does.
    if (parsed === null || (halves.length === 2 && tail.length === 0)) return null;
    ipv4Tail = parsed;
    (tail.length > 0 ? tail : head).pop();
  }

  const words: number[] = [];
  for (const group of [...head, ...tail]) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    words.push(parseInt(group, 16));
  }
  const wordCount = words.length + ipv4Tail.length / 2;
  if (halves.length === 2 ? wordCount > 7 : wordCount !== 8) return null;

  const headWords = words.slice(0, head.length);
  const tailWords = words.slice(head.length);
  const zeros = 8 - wordCount;
  const all = [...headWords, ...new Array<number>(zeros).fill(0), ...tailWords];
  const bytes = all.flatMap((word) => [word >> 8, word & 0xff]);
  return [...bytes, ...ipv4Tail];
}

/** The bytes with every bit after the first `prefix` bits cleared. */
function maskBytes(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((byte, i) => {
    const bitsKept = Math.max(0, Math.min(8, prefix - i * 8));
    return bitsKept === 0 ? 0 : byte & (0xff << (8 - bitsKept)) & 0xff;
  });
}
