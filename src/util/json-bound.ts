// A cheap upper bound on how many values a JSON text's arrays hold, read before
// JSON.parse: every array element but the first of each array follows a ",", and every
// array opens with a "[", so elements ≤ commas + brackets. A file within the byte cap
// but holding far more numbers than any model can use is refused without building them
// (JSON.parse of 240 MB of numbers takes gigabytes of heap).

/** Commas plus opening brackets in `text` (counted inside strings too: only ever an overcount). */
export function jsonElementBound(text: string): number {
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 91) k++;
  }
  return k;
}
