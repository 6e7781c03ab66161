// spectrum.svg of the networks section: the MSE Hessian's eigenvalue density and largest
// eigenvalues at the bad start and at the trained point. Text from the study.

import { ZERO_EIGEN_TOL } from "../curvature/exact.js";
import { DEFAULT_DENSITY_OPTIONS } from "../curvature/slq.js";
import { describeArchitecture, parameterCount } from "../nn/architecture.js";
import { LOSS_LABELS } from "../numerics/losses.js";
import { renderSpectrum } from "../render/figures/spectrum.js";
import { runColor } from "../render/palette.js";
import { g3, netContext, networks, times } from "./network-figures.js";
import type { NetworkSpectrumPoint, NetworkStudy } from "./network-types.js";
import type { FigureBuilder, Study } from "./types.js";

const sci = (v: number): string => v.toExponential(1).replace(/-/g, "−");

/** "λ_max = 0.353, 80 negative down to −9.26e−4, 12 zero, trace 0.367". */
function pointText(p: NetworkSpectrumPoint): string {
  const neg = p.negatives === 0 ? "none negative" : `${p.negatives} negative down to ${g3(p.lambdaMin)}`;
  const zero = p.zeros > 0 ? `, ${p.zeros} zero` : "";
  return `λ_max = ${g3(p.lambdaMax)}, ${neg}${zero}, trace ${g3(p.trace)}`;
}

function ratioText(n: NetworkStudy): string {
  const [start, trained] = n.spectrum;
  if (!(start.maxAbs > 0)) return "";
  const r = trained.maxAbs / start.maxAbs;
  return r > 10 ? ` The largest |λ| grows by a factor of ${times(r).replace("×", "")} from the bad start to the trained point.` : "";
}

/** The smoothing kernel's s.d. as a share of each point's grid width: "0.22 %" or "0.22 % and 0.30 %". */
function kernelText(n: NetworkStudy): string {
  const shares = n.spectrum.map((p) => {
    const { grid, variance } = p.summary.density;
    return `${g3((100 * Math.sqrt(variance)) / (grid[grid.length - 1] - grid[0]))} %`;
  });
  return shares.every((t) => t === shares[0]) ? shares[0] : shares.join(" and ");
}

/** Why not PyHessian's absolute kernel, when at this point it would swamp the whole spectrum. */
function absoluteKernelText(p: NetworkSpectrumPoint): string {
  const { sigma2, pad } = DEFAULT_DENSITY_OPTIONS;
  const width = p.lambdaMax - p.lambdaMin;
  const sd = Math.sqrt(sigma2 * Math.max(1, width + 2 * pad));
  return sd > width ? `: PyHessian's absolute kernel (s.d. ${sci(sd)}) would be wider than the ${p.label}'s whole spectrum (${sci(width)})` : "";
}

function planeRunText(n: NetworkStudy): string {
  const r = n.runs.find((x) => x.key === n.slice.planeRun);
  return r ? `${LOSS_LABELS[r.loss]} run from ${r.startIndex === 0 ? "the bad start" : r.initText}` : "plane's run";
}

function spectrumCaption(s: Study): string {
  const n = networks(s);
  const [start, trained] = n.spectrum;
  const d = start.summary.density;
  return (
    `${LOSS_LABELS[start.loss]} Hessian of the ${netContext(n)}, all ${parameterCount(n.arch)} eigenvalues exact. ` +
    `At the ${start.label} every |λ| ≤ ${sci(start.maxAbs)} (${pointText(start)}): flat in every direction, not only along the slice. ` +
    `At the ${trained.label} (the end of the ${planeRunText(n)}, slice.svg's centre): ${pointText(trained)}.${ratioText(n)} ` +
    `Eigenvalues with |λ| ≤ ${sci(ZERO_EIGEN_TOL)}·max |λ| count as zero, neither sign (a margin far above the dense eigensolver's rounding, P·ε = ${sci(parameterCount(n.arch) * Number.EPSILON)} × max |λ|). ` +
    `One row per point, each on its own axes. Density by stochastic Lanczos quadrature (${d.nodes.length} probe${d.nodes.length > 1 ? "s" : ""}, seed ${d.seed}), the exact spectrum smoothed alike drawn dotted beneath; ` +
    `smoothing relative to each point's own range (a Gaussian of s.d. ${kernelText(n)} of its grid's width)${absoluteKernelText(start)}; ` +
    `the top ${start.top.length} by Lanczos, which match the exact ones to ${sci(Math.max(start.lanczosError, trained.lanczosError))} × max |λ|.`
  );
}

export const networkSpectrumFigure: FigureBuilder = {
  file: "spectrum.svg",
  needs: [],
  networks: true,
  title: (s) => `${LOSS_LABELS[networks(s).spectrum[0].loss]} Hessian spectrum of the ${describeArchitecture(networks(s).arch)} network at the bad start and trained`,
  caption: spectrumCaption,
  render(s, doc) {
    const n = networks(s);
    const [start, trained] = n.spectrum;
    return renderSpectrum(doc, {
      idPrefix: "spectrum",
      heading: {
        title: `${LOSS_LABELS[start.loss]} Hessian at the bad start and at the trained point`,
        subtitle: `All ${parameterCount(n.arch)} eigenvalues exact: |λ| ≤ ${sci(start.maxAbs)} at the bad start, λ_max = ${g3(trained.lambdaMax)} trained.`,
      },
      desc: spectrumCaption(s),
      series: n.spectrum.map((p, k) => ({
        key: p.key,
        label: `${p.label}, λ_max = ${g3(p.lambdaMax)}`,
        color: runColor(k === 0 ? 0 : 2),
        dashed: k === 0,
        grid: p.summary.density.grid,
        density: p.summary.density.density,
        ...(p.summary.exactDensity ? { exactDensity: p.summary.exactDensity } : {}),
        top: p.summary.eigen ? p.summary.eigen.top.values : p.top,
      })),
    });
  },
};
