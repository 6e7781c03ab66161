// A short fingerprint of a flat parameter vector (parameters_to_vector order): 64-bit
// FNV-1a over the text of its entries rounded to HASH_DIGITS significant digits
// ("v1,v2,…", each Number.prototype.toPrecision), as 16 hex digits.
//
// Rounded, because the same float64 program does not give the same last bits in every
// JavaScript engine: V8 in Node 20 and in current Chromium differ in the last bit of
// Math.exp and Math.log for some arguments, so the network explorer's run and the CLI's
// agree to ~1e-15 relative, not bit for bit. Nine digits keep the hash equal across them
// (a flip needs an entry within ~1e-15 of a rounding boundary) while any real change of
// the parameters changes it.

export const HASH_DIGITS = 9;

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function paramsHash(theta: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < theta.length; i++) parts.push(theta[i] === 0 ? "0" : theta[i].toPrecision(HASH_DIGITS));
  const bytes = new TextEncoder().encode(parts.join(","));
  let h = OFFSET;
  for (let i = 0; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i])) * PRIME) & MASK;
  return h.toString(16).padStart(16, "0");
}
