// Where each init scheme puts its starts in the (w, b) plane, for drawing over a basin
// map. w and b are drawn independently from one distribution (initializers.ts), so
// each support is a square centred on the origin:
//   U(−a, a)   → the box [−a, a]², which holds every draw;
//   N(0, σ²)   → the box [−2σ, 2σ]², which holds a draw with probability
//                (erf(2/√2))² ≈ 0.9545² ≈ 0.911.

import { schemeDistribution, type InitScheme } from "../init/initializers.js";

export interface SchemeSupport {
  /** Schemes sharing this support (pytorch and xavier coincide at n = 1). */
  schemes: InitScheme[];
  /** Half-width of the square. */
  half: number;
  /** "U[−1, 1]²" or "±2σ, σ = √2". */
  description: string;
}

/** The supports of INIT_SCHEMES at n = 1, identical supports merged, widest last. */
export function schemeSupports(schemes: readonly InitScheme[] = ["pytorch", "xavier", "xavier-normalized", "he"]): SchemeSupport[] {
  const out: SchemeSupport[] = [];
  for (const s of schemes) {
    const d = schemeDistribution(s);
    const half = d.kind === "uniform" ? d.bound : 2 * d.std;
    const description = d.kind === "uniform" ? `U[−${trim(d.bound)}, ${trim(d.bound)}]²` : `±2σ, σ = ${trim(d.std)}`;
    // Stryker disable next-line LogicalOperator,ConditionalExpression: equivalent for the four schemes: their supports differ in both half-width and description
    const same = out.find((o) => o.half === half && o.description === description);
    if (same) same.schemes.push(s);
    else out.push({ schemes: [s], half, description });
  }
  return out.sort((a, b) => a.half - b.half);
}

// Stryker disable next-line Regex: equivalent for the values it prints (1, 1.732, 1.414): each variant trims them alike
const trim = (v: number): string => v.toFixed(3).replace(/\.?0+$/, "");
