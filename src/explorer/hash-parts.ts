// The URL-hash reading both explorer pages share: "#a=1&b=2" split into decoded key and
// value pairs, each part that is not valid URL encoding or names an unknown key dropped
// with a notice, and the notices capped so a hash with thousands of bad parts gives a
// screenful, not thousands. What a value means is each page's own (its state.ts).

/** The one-neuron page's cap on notices (one per hash key fits); the rest are counted in one last notice. */
export const MAX_NOTICES = 12;

export interface HashPart<K extends string> {
  key: K;
  /** The decoded value ("" for a part without "="). */
  raw: string;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** The parts of `hash` ("#a=1&b=2" or "a=1&b=2") whose key is one of `keys`, in order; the others are named in `notices`. */
export function hashParts<K extends string>(hash: string, keys: readonly K[], notices: string[]): HashPart<K>[] {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  const out: HashPart<K>[] = [];
  for (const part of body.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const raw = decode(eq < 0 ? "" : part.slice(eq + 1));
    if (key === null || raw === null) {
      notices.push(`"${part.slice(0, 40)}" is not valid URL encoding; ignored`);
      continue;
    }
    if (!(keys as readonly string[]).includes(key)) {
      notices.push(`unknown key "${key.slice(0, 40)}" ignored (keys: ${keys.join(", ")})`);
      continue;
    }
    out.push({ key: key as K, raw });
  }
  return out;
}

/** At most `max` sentences, the last counting the rest. */
export function capNotices(notices: string[], max = MAX_NOTICES): string[] {
  if (notices.length <= max) return notices;
  const rest = notices.length - (max - 1);
  return [...notices.slice(0, max - 1), `and ${rest} more problems in the address (each value fell back or was dropped as above)`];
}
