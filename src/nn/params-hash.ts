// A short fingerprint of a flat parameter vector (parameters_to_vector order): 64-bit
// FNV-1a over its IEEE-754 binary64 bytes, little-endian, as 16 hex digits. Equal hashes
// mean bit-identical parameters (up to FNV collisions): the network explorer shows with
// it that its run is the CLI's, which holds in any engine because the numerics take
// their elementary functions from ../numerics/fdlibm.ts, not from Math.

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function paramsHash(theta: ArrayLike<number>): string {
  const bytes = new Uint8Array(8 * theta.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < theta.length; i++) view.setFloat64(8 * i, theta[i], true);
  let h = OFFSET;
  for (let i = 0; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i])) * PRIME) & MASK;
  return h.toString(16).padStart(16, "0");
}
