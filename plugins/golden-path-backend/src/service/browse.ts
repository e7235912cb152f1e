/** Minimal HTML for people browsing the local remote: a file list with links. Every name is escaped. */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function treePage(options: {
  owner: string;
  name: string;
  ref: string;
  commit: string;
  files: string[];
  cloneUrl: string;
}): string {
  const title = `${options.owner}/${options.name}`;
  const items = options.files
    .map(
      f =>
        `<li><a href="../blob/${encodeURIComponent(options.ref)}/${f.split('/').map(encodeURIComponent).join('/')}">${escapeHtml(f)}</a></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(options.ref)} at <code>${escapeHtml(options.commit)}</code> &middot; clone: <code>git clone ${escapeHtml(options.cloneUrl)}</code></p>
<ul>
${items}
</ul>
</body></html>
`;
}
