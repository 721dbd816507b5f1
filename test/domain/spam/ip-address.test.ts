import { describe, expect, it } from "vitest";
import { cidrContains, formatIp, networkPrefix, parseCidr, parseIp } from "../../../src/domain/spam/index.js";

describe("reading a reader's IP address", () => {
  it("reads IPv4 in dotted decimal", () => {
    expect(parseIp("203.0.113.9")).toEqual({ version: 4, bytes: [203, 0, 113, 9] });
    expect(parseIp("0.0.0.0")).toEqual({ version: 4, bytes: [0, 0, 0, 0] });
  });

  it("reads IPv6 written in full and shortened with ::", () => {
    const full = parseIp("2001:0db8:0000:0000:0000:0000:0000:0001");
    expect(full).toEqual({ version: 6, bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] });
    expect(parseIp("2001:DB8::1")).toEqual(full);
    expect(parseIp("::")?.bytes).toEqual(new Array(16).fill(0));
    expect(parseIp("::1")?.bytes.at(-1)).toBe(1);
    expect(parseIp("fe80::")?.bytes.slice(0, 2)).toEqual([0xfe, 0x80]);
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 reader it is", () => {
    expect(parseIp("::ffff:203.0.113.9")).toEqual({ version: 4, bytes: [203, 0, 113, 9] });
    expect(parseIp("::FFFF:cb00:7109")).toEqual({ version: 4, bytes: [203, 0, 113, 9] });
  });

  it("refuses what is not an address, zone ids included", () => {
    for (const text of [
      "", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fe80::1%eth0", "::ffff:1.2.3.256", "1.2.3.4::", "g::1",
    ]) {
      expect(parseIp(text), text).toBeNull();
    }
  });

  it("writes an IPv6 address the standard short way", () => {
    expect(formatIp(parseIp("2001:0db8:0:0:1:0:0:1")!)).toBe("2001:db8::1:0:0:1");
    expect(formatIp(parseIp("2001:db8:0:1:1:1:1:1")!)).toBe("2001:db8:0:1:1:1:1:1");
  });
});

describe("networks in the owner's block list", () => {
  it("reads a CIDR and treats a lone address as a network of one", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ version: 4, bytes: [10, 0, 0, 0], prefix: 8 });
    expect(parseCidr("1.2.3.4")).toEqual({ version: 4, bytes: [1, 2, 3, 4], prefix: 32 });
    expect(parseCidr("2001:db8::/32")).toMatchObject({ version: 6, prefix: 32 });
    expect(parseCidr("::ffff:10.0.0.0/104")).toEqual({ version: 4, bytes: [10, 0, 0, 0], prefix: 8 });
  });

  it("clears host bits the owner left in", () => {
    expect(parseCidr("10.1.2.3/8")).toEqual({ version: 4, bytes: [10, 0, 0, 0], prefix: 8 });
  });

  it("refuses prefixes too long for the address, and junk", () => {
    for (const text of ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x", "/8", "10.0.0.0/8/8"]) {
      expect(parseCidr(text), text).toBeNull();
    }
  });

  it("knows which addresses lie inside, for IPv4 and IPv6", () => {
    expect(cidrContains("203.0.113.0/24", "203.0.113.200")).toBe(true);
    expect(cidrContains("203.0.113.0/24", "203.0.114.1")).toBe(false);
    expect(cidrContains("10.0.0.0/8", "::ffff:10.9.8.7")).toBe(true);
    expect(cidrContains("2001:db8::/32", "2001:db8:1::5")).toBe(true);
    expect(cidrContains("2001:db8::/32", "2001:db9::5")).toBe(false);
    expect(cidrContains("172.16.0.0/12", "172.31.255.255")).toBe(true);
    expect(cidrContains("172.16.0.0/12", "172.32.0.0")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "8.8.8.8")).toBe(true);
  });

  it("never puts an address of the other version, or nonsense, inside", () => {
    expect(cidrContains("0.0.0.0/0", "2001:db8::1")).toBe(false);
    expect(cidrContains("::/0", "203.0.113.9")).toBe(false);
    expect(cidrContains("10.0.0.0/8", "not an address")).toBe(false);
  });
});

describe("the network a household shares", () => {
  it("is the /24 for IPv4 and the /64 for IPv6", () => {
    expect(networkPrefix("203.0.113.9")).toBe("203.0.113.0/24");
    expect(networkPrefix("::ffff:203.0.113.9")).toBe("203.0.113.0/24");
    expect(networkPrefix("2001:db8:1:2:a:b:c:d")).toBe("2001:db8:1:2::/64");
    expect(networkPrefix("2001:db8::a:b:c:d")).toBe("2001:db8::/64");
  });

  it("is the text itself when the address cannot be read", () => {
    expect(networkPrefix("unknown")).toBe("unknown");
  });
});
