import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The folders Node needs to run `file` and what it imports, and nothing else of the host: every
 * node_modules folder on Node's resolution path, the file's package, and the workspace packages it
 * depends on, transitively (npm workspaces are symlinks in node_modules into plugins/ and
 * packages/). The repository's other folders (.data, app-config files, templates, other tasks'
 * workspaces) and the packages the runner does not use (the backend, the portal) stay outside the
 * validator runner's sandbox.
 */
export function codeFolders(file: string): string[] {
  const modules: string[] = [];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) modules.push(path.join(dir, 'node_modules'));
    if (path.dirname(dir) === dir) break;
  }
  const packages = new Set<string>();
  const visit = (dir: string) => {
    if (packages.has(dir)) return;
    packages.add(dir);
    for (const name of dependencies(dir)) {
      const linked = modules.map(m => path.join(m, name)).find(p => existsSync(p) && lstatSync(p).isSymbolicLink());
      if (linked) visit(realpathSync(linked));
    }
  };
  visit(packageRoot(file));
  const all = [...modules, ...packages].sort();
  // A folder inside another listed one is already visible.
  return all.filter(f => !all.some(other => other !== f && f.startsWith(`${other}/`)));
}

function packageRoot(file: string): string {
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return path.dirname(file);
}

function dependencies(dir: string): string[] {
  try {
    const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return Object.keys(json.dependencies ?? {});
  } catch {
    return [];
  }
}
