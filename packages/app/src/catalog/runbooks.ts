/** The runbook pages of a built TechDocs site, from its metadata's file list: `runbooks/<alarm>/index.html`. */
export function runbookPages(files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  return files
    .map(f => (typeof f === 'string' ? /^runbooks\/([a-z0-9-]+)\/index\.html$/.exec(f)?.[1] : undefined))
    .filter((r): r is string => r !== undefined)
    .sort();
}
