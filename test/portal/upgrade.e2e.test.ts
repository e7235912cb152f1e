/**
 * Day 2 in the portal, in headless Chromium against the project's own backend: a service created
 * at python-django-service 1.0.0 (the fixture bundle) on the embedded remote, whose owners then
 * changed a managed file and a merged one where the next release changes it too. Its entity card
 * shows the versions, the drift and what the new version brings; Upgrade starts the upgrade
 * task; the pull request page lists the files with their class and outcome, the conflict and the
 * gate verdict; Merge is refused while the conflict is unresolved; the fleet page lists the service
 * with its open upgrade. Each step leaves a screenshot in test-results/portal/upgrade/.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoldenPathEngine, readManifest } from '@golden-path/engine';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, releaseCopy } from '../../plugins/golden-path-upgrade/src/testing/repos.js';
import { REPO_ROOT, TestBackend } from '../testing/backend.js';
import { seedFixtureService, type FixtureService } from '../testing/fixtureService.js';
import { assertAppBuilt, openPortalBrowser, type PortalBrowser } from '../testing/portal.js';

const TEMPLATE = 'python-django-service';
const PLATFORM_USER = 'user:default/lin';
const work = mkdtempSync(join(tmpdir(), 'gp-portal-upgrade-'));
/**
 * The templates the portal serves: today's, when they have released a version after 1.0.0; else a
 * copy with 1.1.0 released (the upgrade then brings today's changes under that number).
 */
const todays = join(REPO_ROOT, 'templates');
const TEMPLATES =
  new GoldenPathEngine({ templatesRoot: todays }).load(TEMPLATE).version === '1.0.0'
    ? releaseCopy(join(work, 'templates'), '1.1.0')
    : todays;
const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });
const LATEST = engine.load(TEMPLATE).version;

/**
 * The owners' commit on main: a line appended to a managed file (drift an upgrade overwrites), and,
 * in a merged file the new version changes, the first line it changes edited too (a conflict).
 * Returns the two paths.
 */
function ownersEdit(service: FixtureService): { managed: string; conflicted: string } {
  const clone = join(work, 'owners');
  git(work, 'clone', '--quiet', '--branch', 'main', service.gitDir, clone);
  const recorded = readManifest(readFileSync(join(clone, '.golden-path.yaml'), 'utf8'), clone);
  const plan = engine.plan(engine.prepare(engine.load(TEMPLATE), recorded.values));
  const managed = '.github/workflows/ci.yml';
  expect(recorded.files.get(managed)?.class ?? plan.files.find(f => f.path === managed)?.class).toBe('managed');
  let conflicted: string | undefined;
  for (const file of plan.files.filter(f => f.class === 'merged').sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const path = join(clone, file.path);
    if (!existsSync(path)) continue;
    const ours = readFileSync(path, 'utf8').split('\n');
    const theirs = file.content.toString('utf8').split('\n');
    const line = ours.findIndex((text, i) => text !== theirs[i] && text.trim() !== '');
    if (line < 0) continue;
    ours[line] = `${ours[line]} # kept by the payments team`;
    writeFileSync(path, ours.join('\n'));
    conflicted = file.path;
    break;
  }
  expect(conflicted, `${LATEST} changes no merged file of 1.0.0`).toBeDefined();
  writeFileSync(join(clone, managed), `${readFileSync(join(clone, managed), 'utf8')}# a local tweak\n`);
  git(clone, 'commit', '--quiet', '-am', 'Our own changes');
  git(clone, 'push', '--quiet', 'origin', 'main');
  return { managed, conflicted: conflicted! };
}

describe('day 2 in the portal', () => {
  let backend: TestBackend;
  let portal: PortalBrowser;
  let page: Page;
  let service: FixtureService;
  let edits: { managed: string; conflicted: string };
  const screenshot = (what: string) => portal.screenshot(what);

  beforeAll(async () => {
    assertAppBuilt();
    // The guest button signs in as Lin, of the platform team: the fleet page is theirs.
    backend = await TestBackend.start({
      config: {
        auth: { providers: { guest: { userEntityRef: PLATFORM_USER } } },
        goldenPath: { templatesRoot: TEMPLATES },
      },
      testSignIn: true,
    });
    service = await seedFixtureService(backend, PLATFORM_USER);
    edits = ownersEdit(service);

    portal = await openPortalBrowser('portal/upgrade');
    page = portal.page;
  });

  afterAll(async () => {
    await portal?.close();
    await backend?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("keeps the service's golden-path status in the catalog, read from its repository", async () => {
    const platform = backend.as(PLATFORM_USER);
    const refresh = () =>
      platform.fetch('/api/catalog/refresh', { method: 'POST', json: { entityRef: service.entityRef } });
    await refresh();
    const entity = await backend.waitForEntity(
      service.entityRef,
      e =>
        e.metadata.annotations?.['golden-path.dev/drift'] !== undefined &&
        e.metadata.annotations?.['golden-path.dev/drift'] !== 'none',
      120_000,
    );
    expect(entity.metadata.annotations).toMatchObject({
      'golden-path.dev/version': '1.0.0',
      'golden-path.dev/created-from': '1.0.0',
      'golden-path.dev/latest': LATEST,
      'golden-path.dev/status': 'behind',
      'golden-path.dev/managed-drift': 'true',
    });
    expect(entity.metadata.annotations?.['golden-path.dev/drift']).toMatch(/^managed=1,merged=1\b/);
    // The stock catalog filters on it.
    const behind = await platform.json<{ items: { metadata: { name: string } }[] }>(
      '/api/catalog/entities/by-query?filter=metadata.annotations.golden-path.dev/status=behind',
    );
    expect(behind.items.map(e => e.metadata.name)).toContain('payments-api');
  });

  it('shows the new version on the card, upgrades, and lists files and conflicts on the pull request', async () => {
    await portal.walk(backend, walkThrough);
    expect(portal.pageErrors).toEqual([]);
  }, 480_000); // the upgrade task runs the policy gate on the merged result (minutes under load)

  async function walkThrough() {
    await page.goto(backend.baseUrl);
    await page.getByRole('button', { name: /enter/i }).click();
    await page.locator('a[href$="/catalog/default/component/payments-api"]').first().waitFor(); // the catalog

    // The card: created from and at 1.0.0, the latest, the drift, what the latest brings, Upgrade.
    await page.goto(`${backend.baseUrl}/catalog/default/component/payments-api`);
    const card = page.getByTestId('golden-path-origin');
    await card.getByText(`${LATEST} available`).waitFor();
    const cardText = await card.innerText();
    expect(cardText).toMatch(/Created from version\s+1\.0\.0/i); // the table title-cases its keys
    expect(cardText).toMatch(/Current version\s+1\.0\.0/i);
    expect(cardText).toMatch(new RegExp(`Latest version\\s+${LATEST.replace(/\./g, '\\.')}`, 'i'));
    expect(await card.getByTestId('golden-path-drift').innerText()).toMatch(/managed 1, merged 1/);
    const changelog = card.getByTestId('golden-path-changelog');
    await changelog.getByText(new RegExp(`^${LATEST.replace(/\./g, '\\.')} \\(`)).waitFor();
    expect(await changelog.innerText()).not.toMatch(/^1\.0\.0 \(/m); // only what the upgrade brings
    await screenshot('card-new-version');

    // Upgrade: the task runs (render, merge, gate) and the card then links to its pull request.
    await card.getByRole('button', { name: `Upgrade to ${LATEST}` }).click();
    await card.getByText(/Upgrading…/).waitFor();
    await screenshot('upgrade-running');
    await card.getByText('Pull request opened').waitFor({ timeout: 360_000 });
    const link = card.getByTestId('golden-path-pulls').getByRole('link').first();
    await link.waitFor();
    expect(await link.innerText()).toContain(`1.0.0 → ${LATEST}`);
    await screenshot('upgrade-done');

    // The pull request: branch and base, every file with its class and outcome, the conflict, the gate.
    await link.click();
    await page.waitForURL(/\/golden-path\/pulls\/acme-fintech\/payments-api\/\d+$/);
    const files = page.getByTestId('golden-path-pull-files');
    await files.waitFor();
    const summary = await page.getByTestId('golden-path-pull-summary').innerText();
    expect(summary).toContain(`golden-path/upgrade-${LATEST} into main`);
    expect(summary).toMatch(/^open: /m);
    const fileRows = await files.getByRole('row').allInnerTexts();
    expect(fileRows.find(r => r.startsWith(edits.managed))).toMatch(/managed\s+overwritten/);
    expect(fileRows.find(r => r.startsWith(edits.conflicted))).toMatch(/merged\s+conflict/);
    const conflicts = await page.getByTestId('golden-path-pull-conflicts').innerText();
    expect(conflicts).toContain(edits.conflicted);
    expect(conflicts).toContain('both-changed');
    await page.getByTestId('golden-path-pull-gate').waitFor();
    await screenshot('pull-request');

    // Merge is refused while the conflict is unresolved (the backend decides); the record stays open.
    await page.getByTestId('golden-path-pull-merge').click();
    await page.getByText('The pull request could not be loaded or merged').waitFor();
    expect(await page.getByTestId('golden-path-pull-state').innerText()).toBe('open');
    await screenshot('merge-refused');

    // The fleet page lists the service: its golden path, version, how far behind, drift, the open upgrade.
    await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Fleet' }).click();
    const fleet = page.getByTestId('golden-path-fleet');
    await fleet.waitFor();
    const row = fleet.getByRole('row', { name: /Payments Api/ }); // the entity's title
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain(TEMPLATE);
    expect(rowText).toContain('1.0.0');
    expect(rowText).toMatch(/managed 1, merged 1/);
    expect(rowText).toContain(`1.0.0 → ${LATEST}`);
    await screenshot('fleet');
  }
});
