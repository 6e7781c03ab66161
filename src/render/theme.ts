// Light, dark and auto themes for the figures. Renderers draw in light colours as
// presentation attributes; a theme other than light adds one <style> element whose
// rules override them (CSS beats presentation attributes), only where the figure sits
// on the page background: text, axes, grid lines, legend swatches and line charts.
// Heatmap panels keep their colours, halos and labels, which read on any page.
// "auto" wraps the rules in @media (prefers-color-scheme: dark), so one file follows
// the reader's setting on GitHub and in docs sites.

export type Theme = "light" | "dark" | "auto";
export const THEMES: readonly Theme[] = ["light", "dark", "auto"];

/** GitHub's dark canvas and text colours. */
const BG = "#0d1117";
const FG = "#e6edf3";
const MUTED = "#8b949e";
const GRID = "#30363d";

const DARK_RULES = [
  `svg{color:${FG}}`,
  `.background{fill:${BG}}`,
  `text{fill:${FG}}`,
  // Labels drawn over the heatmap keep their black-on-white-outline style.
  `.panel text,.inset text{fill:#000000}`,
  `.panel .axes text{fill:${FG}}`,
  `.saturated-wrong text{fill:#ffb27a}`,
  `rect.frame,.frame{stroke:${MUTED}}`,
  `.gridlines line,line.gridline{stroke:${GRID}}`,
  // Halos and hollow marks take the page colour; black series turn light.
  `.legend [stroke="#ffffff"],.curves .halos path,.sigma-curve .halos path{stroke:${BG}}`,
  `.legend [fill="#ffffff"],.gradient-weights [fill="#ffffff"],.predictions [fill="#ffffff"],.scheme-rates [fill="#ffffff"],.sigma-curve [fill="#ffffff"]{fill:${BG}}`,
  `.legend [stroke="#000000"],.curves [stroke="#000000"],.gradient-weights [stroke="#000000"],.named-scheme path{stroke:${FG}}`,
  `.legend [fill="#000000"],.curves [fill="#000000"]{fill:${FG}}`,
  `.legend-flat-region rect:first-child{fill:#6e7681}`,
  `.predictions path[stroke="#555555"],.legend [stroke="#555555"]{stroke:#b1bac4}`,
].join("");

/** The <style> a theme adds, or "" for light (files stay byte-identical). */
export function themeStyle(theme: Theme): string {
  if (theme === "light") return "";
  const rules = theme === "dark" ? DARK_RULES : `@media (prefers-color-scheme: dark){${DARK_RULES}}`;
  return `<style>${rules}</style>`;
}

/** Puts the theme's <style> after the figure's <desc>; light returns the text unchanged. */
export function applyTheme(svg: string, theme: Theme): string {
  const style = themeStyle(theme);
  if (style === "") return svg;
  const at = svg.indexOf("</desc>");
  if (at < 0) throw new Error("applyTheme: the SVG has no <desc>");
  return svg.slice(0, at + 7) + style + svg.slice(at + 7);
}
