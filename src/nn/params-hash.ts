// A short fingerprint of a flat parameter vector: 64-bit FNV-1a over the IEEE-754
// binary64 bytes of θ (little-endian, in parameters_to_vector order), as 16 hex digits.
// Equal hashes mean bit-identical parameters (up to FNV collisions), which is how the
// network explorer shows that its run is the CLI's.

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function paramsHash(theta: Float64Array): string {
  const bytes = new Uint8Array(8 * theta.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < theta.length; i++) view.setFloat64(8 * i, theta[i], true);
  let h = OFFSET;
  for (let i = 0; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i])) * PRIME) & MASK;
  return h.toString(16).padStart(16, "0");
}
