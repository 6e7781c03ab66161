// Titled sections of the gallery page: a heading and an introduction before the first
// figure of each section. Kept apart from gallery.ts, which the explorer page bundles.

import { escapeHtml, type GalleryItem } from "./gallery.js";

export interface GallerySection {
  title: string;
  intro: string;
}

export type SectionedItem = GalleryItem & { section?: GallerySection };

/** renderGallery's page with each section's <h2> and intro put before its first figure. */
export function withGallerySections(html: string, items: readonly SectionedItem[]): string {
  let out = html;
  items.forEach((it, k) => {
    if (!it.section || it.section.title === items[k - 1]?.section?.title) return;
    const figure = `  <figure id="${escapeHtml(it.file.replace(/\.svg$/, ""))}">`;
    const at = out.indexOf(figure);
    if (at < 0) throw new Error(`gallery has no figure ${it.file}`);
    out = `${out.slice(0, at)}<h2>${escapeHtml(it.section.title)}</h2>\n<p>${escapeHtml(it.section.intro)}</p>\n${out.slice(at)}`;
  });
  return out;
}
