import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32Combine, zeroBytesShift } from "../../../src/services/page-cache/crc32-combine.js";

describe("joining CRC-32 sums", () => {
  it("gives the sum of the joined bytes for runs of every size, empty ones included", () => {
    for (const [a, b] of [[0, 0], [0, 9], [9, 0], [1, 1], [31, 4096], [65_535, 65_536], [100, 250_001]] as const) {
      const first = randomBytes(a);
      const second = randomBytes(b);
      expect(crc32Combine(zlib.crc32(first), zlib.crc32(second), zeroBytesShift(second.length)), `${a}+${b}`).toBe(zlib.crc32(Buffer.concat([first, second])));
    }
  });
});
