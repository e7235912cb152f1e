import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRepoSegment } from './names.js';

/** A repository on the embedded remote: `<root>/<owner>/<name>.git`. */
export interface RepositoryName {
  owner: string;
  name: string;
}

/**
 * The bare repositories under an embedded remote's root, in order. Dot folders (`.incoming-*`
 * pushes, `.quarantine`) are the remote's own and never repositories.
 */
export function listRepositories(root: string): RepositoryName[] {
  if (!existsSync(root)) return [];
  const folders = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter(d => d.isDirectory() && !d.name.startsWith('.'))
      .map(d => d.name)
      .sort();
  return folders(root)
    .filter(isRepoSegment)
    .flatMap(owner =>
      folders(join(root, owner))
        .filter(f => f.endsWith('.git') && isRepoSegment(f.slice(0, -4)))
        .filter(f => existsSync(join(root, owner, f, 'HEAD')))
        .map(f => ({ owner, name: f.slice(0, -4) })),
    );
}
