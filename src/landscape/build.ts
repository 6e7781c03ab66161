// The whole figure set as in-memory files: every SVG, the gallery and the manifest.
// The CLI writes them (atomically); tests compare them with output/.

import { createHash } from "node:crypto";
import { describeInit } from "../init/initializers.js";
import { renderGallery, type GalleryLink } from "../render/index.js";
import { LOSS_LABELS } from "../numerics/losses.js";
import { applyTheme } from "../render/theme.js";
import { withGallerySections } from "../render/gallery-sections.js";
import { basinsManifest } from "./basins-figures.js";
import { mseStalls, optimizerText } from "./figure-parts.js";
import { networkManifest } from "./network-manifest.js";
import { figuresFor } from "./figures.js";
import { FIGURE_SET } from "./network-section.js";
import type { FigureBuilder, FigureOptions, Progress, Study } from "./types.js";

export interface OutputFile {
  file: string;
  content: string;
}

const size = (svg: string): { width: number; height: number } => {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 700, height: 600 };
};

export function buildFigureSet(
  study: Study,
  doc: Document,
  options: FigureOptions,
  progress: Progress = () => {},
  figures: FigureBuilder[] = FIGURE_SET,
  links: GalleryLink[] = [],
  extra: OutputFile[] = [],
): OutputFile[] {
  const chosen = figuresFor(study, figures);
  const files: OutputFile[] = [];
  chosen.forEach((f, k) => {
    progress(`rendering ${f.file} (${k + 1}/${chosen.length})`);
    files.push({ file: f.file, content: applyTheme(f.render(study, doc, options), options.theme ?? "light") });
  });
  const items = chosen.map((f, k) => ({ file: f.file, title: f.title(study), caption: f.caption(study), ...size(files[k].content), ...(f.section ? { section: f.section(study) } : {}) }));
  files.push({
    file: "index.html",
    content: withGallerySections(renderGallery(galleryTitle(study), galleryIntro(study), items, links), items),
  });
  files.push(...extra);
  const written = files.map((f) => ({ file: f.file, sha256: sha256(f.content) }));
  files.push({ file: "landscape.json", content: JSON.stringify({ ...manifest(study, options, chosen), written }, null, 2) + "\n" });
  return files;
}

/**
 * The hex SHA-256 of a file's bytes. The manifest lists every file of the set with it,
 * so a later run removes a stale file only when it is still exactly what was written.
 */
export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

function galleryTitle(study: Study): string {
  return mseStalls(study) ? "Why a badly started logistic model stalls under MSE" : "Loss landscapes of a logistic model";
}

function galleryIntro(study: Study): string {
  const others = study.options.starts.filter((_, k) => k !== study.badStartIndex);
  const from =
    others.length === 0 ? "" : others.every((s) => s.kind !== "fixed") ? " and from proper inits" : ` and from ${others.length} other start${others.length > 1 ? "s" : ""}`;
  const losses = study.options.losses.map((l) => LOSS_LABELS[l]).join(" and ");
  return `p = σ(w·x + b) on ${study.data.x.length} samples, trained with ${optimizerText(study)} from the bad start (${study.badStart.join(", ").replace(/-/g, "−")})${from}, under ${losses}.`;
}

/** landscape.json: what was drawn and from which runs, for docs and scripts. */
export function manifest(study: Study, options: FigureOptions, figures: FigureBuilder[]): Record<string, unknown> {
  const o = study.options;
  return {
    figures: figures.map((f) => ({ file: f.file, title: f.title(study), caption: f.caption(study) })),
    runs: study.runs.map((r) => ({
      key: r.key,
      loss: r.loss,
      init: describeInit(r.init),
      start: r.start,
      final: r.result.final,
      finalLoss: r.result.finalLoss,
      accuracy: r.result.accuracy,
    })),
    epsilon: { value: study.epsilon.value, rule: study.epsilon.rule },
    ...(study.basins || study.initStudy ? { basins: basinsManifest(study) } : {}),
    ...(study.networks && figures.some((f) => f.networks === true) ? { networks: networkManifest(study.networks) } : {}),
    badStart: study.badStart,
    gradNormAtBadStart: study.badStartGradNorm,
    settings: {
      grid: o.grid,
      losses: o.losses,
      starts: o.starts.map(describeInit),
      seed: o.seed,
      optimizer: o.train.optimizer,
      lr: o.train.optimizerOptions.lr,
      batchSize: o.train.batchSize,
      epochs: o.train.epochs,
      shuffle: o.train.shuffle,
      scheme: options.scheme,
      scale: options.scale,
      curvesScale: options.curvesScale,
      contourLines: options.contourLines,
      ...(options.theme && options.theme !== "light" ? { theme: options.theme } : {}),
      data: study.data.source,
    },
  };
}
