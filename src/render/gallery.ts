// index.html: a static gallery embedding every figure with <img> and a caption.
// No scripts, no external references; text is escaped.

export interface GalleryItem {
  file: string;
  title: string;
  caption: string;
  width: number;
  height: number;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A page linked from the gallery above the figures (the interactive explorer). */
export interface GalleryLink {
  href: string;
  text: string;
  description: string;
}

export function renderGallery(title: string, intro: string, items: GalleryItem[], links: GalleryLink[] = []): string {
  const linkList = links.map((l) => `<p class="link"><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>: ${escapeHtml(l.description)}</p>\n`).join("");
  const figures = items
    .map(
      (it) => `  <figure id="${escapeHtml(it.file.replace(/\.svg$/, ""))}">
    <img src="${escapeHtml(it.file)}" alt="${escapeHtml(it.title)}" width="${it.width}" height="${it.height}">
    <figcaption><strong>${escapeHtml(it.title)}.</strong> ${escapeHtml(it.caption)}</figcaption>
  </figure>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; max-width: 760px; margin: 2rem auto; padding: 0 1rem; color: #222; }
  figure { margin: 2.5rem 0; }
  img { max-width: 100%; height: auto; border: 1px solid #ddd; }
  figcaption { font-size: 0.95rem; line-height: 1.4; margin-top: 0.5rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(intro)}</p>
${linkList}${figures}
</body>
</html>
`;
}
