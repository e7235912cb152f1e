// Test helpers for golden-path:upgrade: the 1.0.0 fixture on a real embedded remote, a catalog that
// knows it, owners' permissions, and a gate that records what it was asked.
import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { GoldenPathEngine } from '@golden-path/engine';
import { LocalGitRemote, PullRequestStore } from '@golden-path/node';
import { RecordingGate } from '@golden-path/node/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_1_0_0, releaseCopy } from '@golden-path/upgrade/testing';
import { createUpgradeAction } from '../actions/upgrade.js';
import { embeddedUpgradeHost } from '../upgrade/embeddedHost.js';
import { githubUpgradeHost } from '../upgrade/githubHost.js';
import { UpgradeGithub } from './upgradeGithub.js';
import { tempDir } from './context.js';

export const ORG = 'acme-fintech';
/** The version the test templates are released at (python-django-service's next major). */
export const NEXT = '2.0.0';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Owner', '-c', 'user.email=owner@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** The fixture's catalog entity as the catalog holds it once registered under `name`. */
export function fixtureEntity(name: string, owner = 'group:default/payments'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations: { 'github.com/project-slug': `${ORG}/${name}` } },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

/** Lets the initiator act for `groups` only. */
export const permissionsFor = (groups: string[]) =>
  ({
    authorize: async (requests: { resourceRef?: string }[]) =>
      requests.map(r => ({
        result: groups.includes(r.resourceRef ?? '') ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })),
  }) as unknown as PermissionsService;

/** Templates released at NEXT, shared by the tests of one file (a copy of templates/ takes a moment). */
let templates: string | undefined;
export function nextTemplates(): string {
  templates ??= releaseCopy(join(tempDir('gp-templates-'), 'templates'), NEXT);
  return templates;
}

/**
 * An embedded remote holding the fixture as acme-fintech/<name> (its owners' `edit` committed on
 * main first), the action wired to it, and what the tests read back.
 */
export function upgradeWorld(
  options: {
    name?: string;
    groups?: string[];
    entities?: Entity[];
    edit?: (dir: string) => void;
    /** The repository is "on GitHub": the GitHub host over an UpgradeGithub of the same bare repository. */
    github?: boolean;
  } = {},
) {
  const name = options.name ?? 'payments-api';
  const root = tempDir('gp-remote-');
  const remote = new LocalGitRemote({ root, browseBaseUrl: 'http://localhost:7007/api/golden-path/git' });
  const store = new PullRequestStore({
    remote,
    pageUrl: (slug, n) => `http://localhost:3000/golden-path/pulls/${slug}/${n}`,
  });
  const gitDir = remote.repoPath(ORG, name);
  const clone = join(tempDir('gp-clone-'), name);
  git(tempDir(), 'clone', '-q', '-b', 'main', FIXTURE_1_0_0, clone);
  git(clone, 'branch', '-q', 'golden-path/base', 'origin/golden-path/base');
  if (options.edit) {
    options.edit(clone);
    git(clone, 'commit', '-q', '-am', "The owners' changes");
  }
  mkdirSync(join(root, ORG), { recursive: true });
  git(root, 'clone', '-q', '--bare', clone, gitDir);
  const entities = options.entities ?? [fixtureEntity(name)];
  const catalog = {
    getEntityByRef: async (ref: string) => entities.find(e => `component:default/${e.metadata.name}` === ref),
  } as unknown as CatalogService;
  // Fails on a README.md holding a conflict marker's first line.
  const gate = new RecordingGate('markers', readme => /^<{7} /m.test(readme));
  const github = options.github ? new UpgradeGithub(gitDir, `${ORG}/${name}`) : undefined;
  const action = createUpgradeAction({
    catalog,
    permissions: permissionsFor(options.groups ?? ['group:default/payments']),
    engine: new GoldenPathEngine({ templatesRoot: nextTemplates() }),
    gate,
    host: github ? githubUpgradeHost(async () => github.octokit) : embeddedUpgradeHost(store),
  });
  return {
    name,
    github,
    action,
    gate,
    store,
    gitDir,
    refs: () => git(root, '--git-dir', gitDir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    show: (ref: string, path: string) => git(root, '--git-dir', gitDir, 'show', `${ref}:${path}`),
    revParse: (ref: string) => git(root, '--git-dir', gitDir, 'rev-parse', ref),
    deleteBranch: (branch: string) => git(root, '--git-dir', gitDir, 'update-ref', '-d', `refs/heads/${branch}`),
  };
}

/** Replaces a line of the manifest in the owners' clone (a hand edit). */
export function editManifest(dir: string, from: RegExp, to: string): void {
  const file = join(dir, '.golden-path.yaml');
  const text = readFileSync(file, 'utf8');
  if (!from.test(text)) throw new Error(`.golden-path.yaml has no ${String(from)}`);
  writeFileSync(file, text.replace(from, to));
}
