import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The folders Node needs to run `file` and everything it imports, and nothing else of the host:
 * the file's package, every node_modules folder on Node's resolution path, and the workspace
 * packages those link to (npm workspaces are symlinks into plugins/ and packages/). The
 * repository's other folders (.data, app-config files, templates, other tasks' workspaces) stay
 * outside the validator runner's sandbox.
 */
export function codeFolders(file: string): string[] {
  const folders = new Set<string>([packageRoot(file)]);
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (existsSync(modules)) {
      folders.add(modules);
      for (const link of workspaceLinks(modules)) folders.add(link);
    }
    if (path.dirname(dir) === dir) break;
  }
  // A folder inside another listed one is already visible.
  const all = [...folders].sort();
  return all.filter(f => !all.some(other => other !== f && f.startsWith(`${other}/`)));
}

function packageRoot(file: string): string {
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return path.dirname(file);
}

/** Real paths of the symlinked packages of a node_modules folder (`name` and `@scope/name`), outside it. */
function workspaceLinks(modules: string): string[] {
  const entries = readdirSync(modules, { withFileTypes: true });
  const links = entries.filter(e => e.isSymbolicLink()).map(e => path.join(modules, e.name));
  for (const scope of entries.filter(e => e.isDirectory() && e.name.startsWith('@'))) {
    const scoped = readdirSync(path.join(modules, scope.name), { withFileTypes: true });
    links.push(...scoped.filter(e => e.isSymbolicLink()).map(e => path.join(modules, scope.name, e.name)));
  }
  return links.flatMap(link => {
    try {
      const target = realpathSync(link);
      return target.startsWith(`${modules}/`) ? [] : [target];
    } catch {
      return []; // a dangling link: nothing to see
    }
  });
}
