/**
 * Backstage's ADR011 package boundaries, checked on every package.json dependency and every import in
 * the sources: a backend module (plugins/*-module-*) depends on libraries (-node, -common, Backstage's
 * *-node), never on a plugin, a module or an app; the portal (packages/app) on nothing that runs only
 * in Node (a backend package, a node library, a workspace package that is not a common library, node:).
 * eslint.config.js enforces the same on imports as they are written.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');

type Manifest = {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  backstage?: { role?: string };
};

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** The workspace's packages by name, with their folders. */
const workspace = new Map(
  ['plugins', 'packages'].flatMap(root =>
    readdirSync(join(REPO, root))
      .filter(dir => existsSync(join(REPO, root, dir, 'package.json')))
      .map(dir => {
        const manifest = readJson(join(REPO, root, dir, 'package.json'));
        return [manifest.name, { dir: join(REPO, root, dir), manifest }] as const;
      }),
  ),
);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function manifestOf(name: string, from: string): Manifest | undefined {
  const own = workspace.get(name);
  if (own) return own.manifest;
  for (const base of [from, REPO]) {
    const file = join(base, 'node_modules', name, 'package.json');
    if (existsSync(file)) return readJson(file);
  }
  return undefined;
}

const NOT_FOR_MODULES = [
  'backend',
  'frontend',
  'backend-plugin',
  'frontend-plugin',
  'backend-plugin-module',
  'frontend-plugin-module',
];
// The app's build tool (@backstage/cli, role cli) is allowed: it builds the bundle, it is not in it.
const NODE_ONLY = ['backend', 'backend-plugin', 'backend-plugin-module', 'node-library'];
const BROWSER_SAFE_WORKSPACE = ['common-library', 'web-library', 'frontend-plugin', 'frontend-plugin-module'];

/** Why `dependency` may not be used by a package of this kind, or undefined. */
export function forbidden(kind: 'module' | 'app', dependency: string, from: string): string | undefined {
  if (dependency.startsWith('node:') || builtinModules.includes(dependency)) {
    return kind === 'app' ? 'a Node built-in' : undefined;
  }
  const name = packageName(dependency);
  const role = manifestOf(name, from)?.backstage?.role;
  if (kind === 'module') return role && NOT_FOR_MODULES.includes(role) ? `a ${role} package` : undefined;
  if (role && NODE_ONLY.includes(role)) return `a ${role} package`;
  if (workspace.has(name) && !(role && BROWSER_SAFE_WORKSPACE.includes(role))) {
    return `a workspace package that is not a common library (role ${role ?? 'none'})`;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => /\.(ts|tsx|js|mjs)$/.test(f) && !f.split('/').includes('node_modules'))
    .map(f => join(dir, f));
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

export function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map(m => m[1]!).filter(s => !s.startsWith('.'));
}

function violations(kind: 'module' | 'app', dir: string, manifest: Manifest): string[] {
  const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).map(dep => ({
    where: 'package.json',
    dep,
  }));
  const imported = sourceFiles(join(dir, 'src')).flatMap(file =>
    importsOf(readFileSync(file, 'utf8')).map(dep => ({ where: file.slice(REPO.length + 1), dep })),
  );
  return [...declared, ...imported].flatMap(({ where, dep }) => {
    const why = forbidden(kind, dep, dir);
    return why ? [`${where}: ${dep} (${why})`] : [];
  });
}

const modules = [...workspace.values()].filter(p => /^plugins\/[^/]*-module-[^/]*$/.test(p.dir.slice(REPO.length + 1)));
const app = workspace.get('app')!;

describe('package boundaries', () => {
  it('knows the packages it checks', () => {
    expect(modules.map(m => m.manifest.name)).toEqual(
      expect.arrayContaining([
        '@golden-path/plugin-scaffolder-backend-module-golden-path',
        '@golden-path/plugin-catalog-backend-module-local-repos',
      ]),
    );
    expect(app.manifest.backstage?.role).toBe('frontend');
  });

  it('recognises what is forbidden', () => {
    const from = modules[0]!.dir;
    expect(forbidden('module', '@golden-path/plugin-golden-path-backend', from)).toBe('a backend-plugin package');
    expect(forbidden('module', '@backstage/plugin-scaffolder-backend', from)).toBe('a backend-plugin package');
    expect(forbidden('module', '@golden-path/node', from)).toBeUndefined();
    expect(forbidden('module', '@backstage/plugin-scaffolder-node/alpha', from)).toBeUndefined();
    expect(forbidden('app', '@golden-path/node', app.dir)).toBe('a node-library package');
    expect(forbidden('app', '@golden-path/engine', app.dir)).toMatch(/not a common library/);
    expect(forbidden('app', 'node:fs', app.dir)).toBe('a Node built-in');
    expect(forbidden('app', '@golden-path/common', app.dir)).toBeUndefined();
    expect(
      importsOf(
        "import a from 'x';\nexport { b } from \"@y/z/w\";\nconst c = await import('./local');\nimport 'side';",
      ),
    ).toEqual(['x', '@y/z/w', 'side']);
  });

  it.each(modules.map(m => [m.manifest.name, m] as const))('%s depends on no plugin, module or app', (_name, m) => {
    expect(violations('module', m.dir, m.manifest)).toEqual([]);
  });

  it('packages/app depends on no backend package, node library or Node built-in', () => {
    expect(violations('app', app.dir, app.manifest)).toEqual([]);
  });
});
