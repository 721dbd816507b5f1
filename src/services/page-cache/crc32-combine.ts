/**
 * CRC-32 (the gzip trailer's checksum) of two byte runs joined, from each run's own CRC and
 * the second run's length, without reading the bytes again. A kept page's gzip form is
 * pieces with a new form token between them: the page's pieces are summed once, and each
 * response joins their sums around the token's in a few hundred operations instead of
 * reading 200 KB.
 *
 * The arithmetic is in GF(2) polynomials modulo the CRC-32 polynomial, bit-reflected as the
 * checksum itself is: appending n zero bytes multiplies a CRC by x^(8n).
 */

/** The CRC-32 polynomial, reflected. */
const POLYNOMIAL = 0xedb88320;

/** a·b modulo the polynomial (both reflected). */
function multiplyModP(a: number, b: number): number {
  let product = 0;
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if (a & bit) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, for k = 0…31. */
const X_TO_TWO_TO_THE: Uint32Array = (() => {
  const table = new Uint32Array(32);
  let power = 0x40000000; // x^1, reflected
  for (let k = 0; k < 32; k++) {
    table[k] = power;
    power = multiplyModP(power, power);
  }
  return table;
})();

/** x^(8·bytes) modulo the polynomial: what appending `bytes` zero bytes multiplies a CRC by. */
export function zeroBytesShift(bytes: number): number {
  let power = 0x80000000; // x^0, reflected
  // 8·bytes = bytes·2^3: walk the bits of `bytes`, starting at x^(2^3).
  for (let k = 3, n = bytes; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) power = multiplyModP(X_TO_TWO_TO_THE[k % 32]!, power);
  }
  return power;
}

/**
 * The CRC-32 of A followed by B, given crc(A), crc(B) and `shift` = zeroBytesShift(length of B).
 *
 * @example crc32Combine(zlib.crc32(a), zlib.crc32(b), zeroBytesShift(b.length)) === zlib.crc32(Buffer.concat([a, b]))
 */
export function crc32Combine(crcA: number, crcB: number, shift: number): number {
  return (multiplyModP(shift, crcA) ^ crcB) >>> 0;
}
