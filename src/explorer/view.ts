// The figure on the page: the CLI's SVG inlined, its panels located, and the page's own
// layers drawn into it with the renderers' trajectory code: the run being animated and
// the keyboard cursor.

import { select } from "d3";
import { drawTrajectories, plotFrame, type PlotFrame, type Svg } from "../render/index.js";
import type { RunPath } from "../landscape/types.js";
import { panelMap, toPixel, type PanelMap } from "./plot-map.js";

export interface Panel {
  map: PanelMap;
  root: SVGGElement;
}

export interface MountedFigure {
  svg: SVGSVGElement;
  panels: Panel[];
}

/** Puts the figure's SVG text into `container` and finds its (w, b) panels. */
export function mountFigure(container: HTMLElement, svgText: string): MountedFigure {
  container.innerHTML = svgText.replace(/^<\?xml[^>]*>\s*/, "");
  const svg = container.querySelector("svg");
  if (!svg) throw new Error("the figure has no <svg> element");
  const panels: Panel[] = [];
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>("g.panel"))) {
    const map = panelMap(g.getAttribute("data-plot"), g.getAttribute("data-domain"));
    if (map) panels.push({ map, root: g });
  }
  return { svg, panels };
}

/** The point under a mouse event in the figure's own units (the SVG may be scaled by CSS). */
export function svgPoint(svg: SVGSVGElement, clientX: number, clientY: number): [number, number] | null {
  const ctm = svg.getScreenCTM();
  if (!ctm) return null;
  const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
  return [p.x, p.y];
}

/** A frame for drawing into a mounted panel (its clip path is added to the figure). */
export function panelFrame(fig: MountedFigure, panel: Panel): PlotFrame {
  const m = panel.map;
  return plotFrame(select(fig.svg) as unknown as Svg, { left: m.left, top: m.top, width: m.width, height: m.height }, m.w, m.b);
}

/** Draws points 0..upto of a run's (reduced) path over the panel, replacing the previous frame's drawing. */
export function drawRunPrefix(panel: Panel, frame: PlotFrame, run: Pick<RunPath, "w" | "b" | "epochEnds">, upto: number, color: string): void {
  panel.root.querySelector(":scope > g.explorer-run")?.remove();
  const layer = select(panel.root).append("g").attr("class", "explorer-run").attr("pointer-events", "none");
  const ends: number[] = [];
  for (let e = 0; e < run.epochEnds.length && run.epochEnds[e] <= upto; e++) ends.push(run.epochEnds[e]);
  drawTrajectories(layer as never, [{ key: "explorer-run", color, w: run.w.subarray(0, upto + 1), b: run.b.subarray(0, upto + 1), epochEnds: ends }], frame);
}

export interface PlayHooks {
  /** False once the page has moved on: the animation stops without calling done. */
  alive(): boolean;
  /** The animation reached epoch e (1-based count of epochs done) at point k. */
  epoch(e: number, k: number): void;
  done(): void;
}

/** Draws the run's path growing over `duration` ms, one animation frame at a time, then removes it and calls done. */
export function playRun(win: Window, fig: MountedFigure, panel: Panel, run: Pick<RunPath, "w" | "b" | "epochEnds">, color: string, duration: number, hooks: PlayHooks): void {
  const frame = panelFrame(fig, panel);
  const last = run.w.length - 1;
  const t0 = win.performance.now();
  let shown = -1;
  const tick = (): void => {
    if (!hooks.alive()) return;
    const k = Math.min(last, Math.round((last * (win.performance.now() - t0)) / duration));
    drawRunPrefix(panel, frame, run, k, color);
    let epoch = 0;
    while (epoch < run.epochEnds.length && run.epochEnds[epoch] <= k) epoch++;
    if (epoch !== shown) hooks.epoch(epoch, k);
    shown = epoch;
    if (k < last) win.requestAnimationFrame(tick);
    else {
      clearRunLayer(fig);
      hooks.done();
    }
  };
  win.requestAnimationFrame(tick);
}

export function clearRunLayer(fig: MountedFigure): void {
  for (const p of fig.panels) p.root.querySelector(":scope > g.explorer-run")?.remove();
}

/** Saves `text` as `file` through a data: link (the page fetches nothing). */
export function download(doc: Document, file: string, mime: string, text: string): void {
  const a = doc.createElement("a");
  a.href = `data:${mime};charset=utf-8,${encodeURIComponent(text)}`;
  a.download = file;
  doc.body.appendChild(a);
  a.click();
  a.remove();
}

/** The keyboard cursor: a ringed crosshair at (w, b), or nothing when `at` is null. */
export function drawCursor(fig: MountedFigure, panel: Panel | undefined, at: [number, number] | null): void {
  for (const p of fig.panels) p.root.querySelector(":scope > g.explorer-cursor")?.remove();
  if (!panel || !at) return;
  const [x, y] = toPixel(panel.map, at[0], at[1]);
  const g = select(panel.root).append("g").attr("class", "explorer-cursor").attr("pointer-events", "none");
  for (const [stroke, width] of [["#ffffff", 4], ["#000000", 1.6]] as const) {
    g.append("circle").attr("cx", x).attr("cy", y).attr("r", 7).attr("fill", "none").attr("stroke", stroke).attr("stroke-width", width);
    g.append("path").attr("d", `M${x - 12},${y}H${x - 4}M${x + 4},${y}H${x + 12}M${x},${y - 12}V${y - 4}M${x},${y + 4}V${y + 12}`).attr("stroke", stroke).attr("stroke-width", width);
  }
}
