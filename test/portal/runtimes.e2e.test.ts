/**
 * Every runtime in the portal, in headless Chromium against the project's own backend (which serves
 * the built app, packages/app/dist): the Create page lists each golden path the engine knows
 * (Python/Django, Node.js/TypeScript, Go), and a developer creates a service from each through the
 * form. Each task runs the whole policy gate (the service's own tests included) before it publishes,
 * so each creation proves that runtime's repository passes it. Python/Django's walk through the form
 * is portal.e2e.test.ts's (the same steps and more): here, every other runtime's. Screenshots:
 * test-results/portal/runtimes/.
 */
import { join } from 'node:path';
import { GoldenPathEngine } from '@golden-path/engine';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TestBackend } from '../testing/backend.js';
import {
  assertAppBuilt,
  openPortalBrowser,
  reviewForm,
  waitForPreviewVerdict,
  type PortalBrowser,
} from '../testing/portal.js';
import { uniqueName } from '../testing/scaffolder.js';

const GOLDEN_PATHS = new GoldenPathEngine({ templatesRoot: join(REPO_ROOT, 'templates') }).list();
/** Created through the form by portal.e2e.test.ts, which walks it with the name check and the preview. */
const WALKED_BY_PORTAL_TEST = 'python-django-service';

/** The gate (the form's preview, then the task) runs: the Go runtime compiles its standard library cold in the sandbox. */
const TASK_TIMEOUT_MS = 10 * 60_000;

describe('the portal with every runtime', () => {
  let backend: TestBackend;
  let portal: PortalBrowser;
  let page: Page;
  const screenshot = (what: string) => portal.screenshot(what);
  /** Runs a step of the walk-through; on failure: a screenshot, the page's errors and the backend's log. */
  const step = (run: () => Promise<void>) => portal.walk(backend, run);

  beforeAll(async () => {
    assertAppBuilt();
    // The guest button signs in as Ada, a member of payments, who owns what the test creates.
    backend = await TestBackend.start({
      config: { auth: { providers: { guest: { userEntityRef: 'user:default/ada' } } } },
    });
    portal = await openPortalBrowser('portal/runtimes');
    page = portal.page;
    await page.goto(backend.baseUrl);
    await page.getByRole('button', { name: /enter/i }).click();
    await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Create' }).waitFor();
  });

  afterAll(async () => {
    await portal?.close();
    await backend?.stop();
  });

  async function openCreatePage() {
    await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Create' }).click();
    await page.locator('[data-testid="golden-path-card"]').first().waitFor();
  }

  it('lists three golden paths, one per runtime, each with its version', async () => {
    expect(GOLDEN_PATHS.map(gp => gp.id).sort()).toEqual([
      'go-service',
      'node-typescript-service',
      'python-django-service',
    ]);
    await step(async () => {
      await openCreatePage();
      for (const gp of GOLDEN_PATHS) {
        const card = page.locator(`[data-testid="golden-path-card"][data-template="${gp.id}"]`);
        await card.waitFor();
        expect(await card.getByTestId('golden-path-version').innerText()).toBe(`Version ${gp.version}`);
      }
      // The service golden paths are exactly the engine's (the page also offers day-2 templates).
      const services = page.locator('[data-testid="golden-path-card"]', { hasText: /golden path · service/i });
      const listed = await services.evaluateAll(cards => cards.map(card => card.getAttribute('data-template')));
      expect(listed.sort()).toEqual(GOLDEN_PATHS.map(gp => gp.id).sort());
      await screenshot('golden-paths');
    });
    expect(portal.pageErrors).toEqual([]);
  });

  it.each(GOLDEN_PATHS.filter(gp => gp.id !== WALKED_BY_PORTAL_TEST).map(gp => [gp.id, gp] as const))(
    'creates a service from %s through the form',
    async (id, gp) => {
      const name = uniqueName(id.split('-')[0]!);
      await step(async () => {
        await openCreatePage();
        const card = page.locator(`[data-testid="golden-path-card"][data-template="${id}"]`);
        await card.getByRole('button', { name: 'Choose' }).click();
        await page.getByRole('textbox', { name: 'Name' }).fill(name);
        await page.locator('[data-testid="service-name-status"][data-state="available"]').waitFor({ timeout: 15_000 });
        await page.getByRole('textbox', { name: 'Description' }).fill(`Created from ${id} by the portal test.`);
        // Ada's only group, payments, is chosen for her.
        await expect
          .poll(() => page.getByRole('textbox', { name: 'Owner' }).inputValue(), { timeout: 15_000 })
          .toBe('Payments');
        await page.getByRole('button', { name: 'Next' }).click();
        await page.getByRole('textbox', { name: 'Alarm e-mail' }).fill('payments-oncall@acme-fintech.example');
        // The form goes on only once the preview's policy gate has passed (the task reuses its verdict).
        const verdict = await waitForPreviewVerdict(page, { timeoutMs: TASK_TIMEOUT_MS });
        expect(verdict.state, verdict.text).toBe('passed');
        await reviewForm(page, TASK_TIMEOUT_MS);
        await screenshot(`${id}-review`);
        await page.getByRole('button', { name: 'Create' }).click();
      });
      await step(async () => {
        // The task runs to its end (preflight, render, the gate, publish, register).
        // The task page shows the link to the entity when it completes, or the step's error.
        const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
        await openInCatalog
          .or(page.getByText(/^Error: /))
          .first()
          .waitFor({ timeout: TASK_TIMEOUT_MS });
        expect(await openInCatalog.count(), 'the task failed (see the screenshot and the log)').toBe(1);
        expect(await page.getByRole('link', { name: 'Repository' }).getAttribute('href')).toContain(name);
        await screenshot(`${id}-task-done`);
      });
      const entity = await backend.waitForEntity(`component:default/${name}`);
      expect(entity.metadata.annotations).toMatchObject({
        'golden-path.dev/template': id,
        'golden-path.dev/version': gp.version,
      });
      expect(entity.spec).toMatchObject({ owner: 'group:default/payments', system: 'payments' });
      expect(portal.pageErrors).toEqual([]);
    },
    TASK_TIMEOUT_MS + 120_000,
  );
});
