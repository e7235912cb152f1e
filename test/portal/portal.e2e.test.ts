/**
 * The portal end to end, in headless Chromium against the project's own backend (which serves the
 * built app, packages/app/dist): a developer signs in as guest, picks the Python/Django golden path,
 * is refused a name the catalog already has, creates the service, and finds it on its entity page
 * and on its owning group's page. Each step leaves a screenshot in test-results/portal/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { withFixtureGoldenPaths } from '../testing/goldenPathFixtures.js';
import { completion, createTask, serviceValues, taskEvents, uniqueName, waitForTask } from '../testing/scaffolder.js';
import { pushTenantBranch } from '../testing/tenants.js';

const TEMPLATE = 'python-django-service';
type Property = { enumNames?: string[] };
// The Template as the catalog serves it: its shared form steps (templates/parameters) composed in.
const engine = new GoldenPathEngine({ templatesRoot: join(REPO_ROOT, 'templates') });
const template = engine.load(TEMPLATE).entity as {
  metadata: { annotations: Record<string, string> };
  spec: { parameters: { properties: Record<string, Property> }[] };
};
const TEMPLATE_VERSION = template.metadata.annotations['golden-path.dev/version'];
const properties: Record<string, Property> = Object.assign(
  {},
  ...template.spec.parameters.map(step => step.properties),
);
/** What the task size field must offer: the template's own labels, in its order. */
const FARGATE_LABELS = properties.fargateSize?.enumNames;
/** A fixture golden path beside the real ones: one value makes its policy gate fail (shellcheck, in seconds). */
const FAILING_FIXTURE = 'shell-entrypoint';

describe('the portal', () => {
  let backend: TestBackend;
  let portal: PortalBrowser;
  let page: Page;
  /** A service created beforehand through the API: its name is taken in the catalog and the remote. */
  const takenName = uniqueName('taken');
  const newName = uniqueName('ledger');
  const screenshot = (what: string) => portal.screenshot(what);
  const fixtures = mkdtempSync(join(tmpdir(), 'gp-portal-fixtures-'));

  beforeAll(async () => {
    assertAppBuilt();
    // The guest button signs in as Ada, a member of payments, who owns what the test creates.
    backend = await TestBackend.start({
      config: {
        auth: { providers: { guest: { userEntityRef: 'user:default/ada' } } },
        ...withFixtureGoldenPaths(fixtures, [FAILING_FIXTURE]),
      },
    });
    // A whole task with its gate: room for a loaded machine.
    const id = await createTask(backend, serviceValues(takenName));
    const task = await waitForTask(backend, id, 280_000);
    expect(task.status, JSON.stringify((await completion(backend, id)).body)).toBe('completed');
    await backend.waitForEntity(`component:default/${takenName}`);

    portal = await openPortalBrowser('portal');
    page = portal.page;
  }, 600_000);

  afterAll(async () => {
    await portal?.close();
    await backend?.stop();
    rmSync(fixtures, { recursive: true, force: true });
  });

  it('creates a service from the golden path and shows who owns it', async () => {
    await portal.walk(backend, walkThrough);
    expect(portal.pageErrors).toEqual([]);
  }, 600_000);

  async function walkThrough() {
    // Sign in as guest.
    await page.goto(backend.baseUrl);
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.waitFor();
    expect(await page.title()).toMatch(/^Golden Path\b/);
    await page.getByRole('img', { name: 'Golden Path' }).first().waitFor(); // our logo
    await screenshot('sign-in');
    await enter.click();
    const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
    // The catalog is the landing page: it lists the service created beforehand.
    await page.locator(`a[href$="/catalog/default/component/${takenName}"]`).first().waitFor();
    await screenshot('signed-in');

    // The Create page lists the golden path with its version and what it gives.
    await sidebar.getByRole('link', { name: 'Create' }).click();
    const card = page.locator(`[data-testid="golden-path-card"][data-template="${TEMPLATE}"]`);
    await card.waitFor();
    expect(await card.getByTestId('golden-path-version').innerText()).toBe(`Version ${TEMPLATE_VERSION}`);
    expect(await card.innerText()).toContain('What you get');
    await screenshot('golden-paths');
    await card.getByRole('button', { name: 'Choose' }).click();

    // Step 1, with a name the catalog already has: the field says so and the form refuses it.
    const name = page.getByRole('textbox', { name: 'Name' });
    const nameStatus = page.getByTestId('service-name-status');
    await name.fill(takenName);
    await page.locator('[data-testid="service-name-status"][data-state="taken"]').waitFor({ timeout: 15_000 });
    expect(await nameStatus.innerText()).toContain(`component:default/${takenName} is already in the catalog`);
    await page.getByRole('textbox', { name: 'Description' }).fill('Records card payments for the ledger.');
    // The owner field offers only the user's own groups: Ada has one, payments, chosen for her.
    const owner = page.getByRole('textbox', { name: 'Owner' });
    await expect.poll(() => owner.inputValue(), { timeout: 15_000 }).toBe('Payments');
    expect(await owner.isDisabled()).toBe(true);
    await screenshot('name-taken');
    await page.getByRole('button', { name: 'Next' }).click();
    // The refusal is listed above the form too, besides the field's own status.
    await page.getByText(`component:default/${takenName} is already in the catalog`).nth(1).waitFor();
    expect(await page.getByRole('textbox', { name: 'Alarm e-mail' }).count()).toBe(0); // still on step 1
    await screenshot('name-refused');

    // A free name passes, and the form moves on.
    await name.fill(newName);
    await page.locator('[data-testid="service-name-status"][data-state="available"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: the task size offers exactly the template's CPU/memory pairs, by their labels.
    await page.locator('#root_fargateSize').click(); // the service's own (each environment has one too)
    await page.getByRole('option').last().waitFor();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(FARGATE_LABELS);
    await screenshot('task-sizes');
    await page.getByRole('option', { name: '1 vCPU, 2 GB' }).click();
    await page.getByRole('textbox', { name: 'Alarm e-mail' }).fill('payments-oncall@acme-fintech.example');

    // The environments are checked in the form by @golden-path/common's rules (the engine's and the
    // catalog's): an environment named as the tenant workflow's GitHub environment is refused as the
    // user leaves the step, naming the entry and the field; renamed, it passes.
    const firstEnvironment = page.locator('#root_environments_0_name');
    await firstEnvironment.fill('tenant');
    await page.getByRole('button', { name: 'Review' }).click();
    await page
      .getByText('environment 1 (tenant): name "tenant" is reserved: it is a GitHub environment of the tenant workflow')
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0);
    await screenshot('environment-refused');
    await firstEnvironment.fill('staging');

    // The preview on the last step: once the values are valid, the files the golden path renders
    // for them and the policy gate's verdict per validator, before anything is created.
    // It says so while it runs.
    const verdict = await waitForPreviewVerdict(page, { whileRunning: () => screenshot('preview-running') });
    expect(verdict.state, verdict.text).toBe('passed');
    const validators = page.getByTestId('preview-validator');
    expect(await validators.count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid="preview-validator"][data-passed="false"]').count()).toBe(0);
    await page.locator('[data-testid="preview-validator"][data-validator="service-tests"]').waitFor();
    // The tree: a folder opens, and a file in it is shown in the viewer.
    await page.locator('[data-testid="preview-folder"][data-path=".github"]').click();
    await page.locator('[data-testid="preview-folder"][data-path=".github/workflows"]').click();
    await page.locator('[data-testid="preview-file"][data-path=".github/workflows/ci.yml"]').click();
    const content = page.getByTestId('preview-file-content');
    expect(await content.innerText()).toMatch(/^name: /m);
    await page.locator('[data-testid="preview-file"][data-path="catalog-info.yaml"]').click();
    await expect.poll(() => content.innerText()).toContain(`name: ${newName}`);
    await screenshot('preview');

    await reviewForm(page);
    await page.getByText('1 vCPU, 2 GB').first().waitFor();
    await screenshot('review');
    await page.getByRole('button', { name: 'Create' }).click();

    // The task runs to its end; its page links to the repository and the catalog entity.
    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await openInCatalog.waitFor({ timeout: 280_000 });
    const repository = page.getByRole('link', { name: 'Repository' });
    expect(await repository.getAttribute('href')).toContain(newName);
    await screenshot('task-done');
    // The task's policy check reused the preview's verdict: the render was identical.
    const taskId = /\/tasks\/([^/?#]+)/.exec(page.url())?.[1];
    const log = (await taskEvents(backend, taskId!)).map(e => e.body.message ?? '').join('\n');
    expect(log).toMatch(/Reusing the verdict reached at .* for this exact render/);

    // The entity page: owner, lifecycle, system, links, and the golden path it came from.
    await openInCatalog.click();
    await page.waitForURL(new RegExp(`/catalog/default/component/${newName}$`));
    // The catalog processes a new location asynchronously: once it has the entity, the page shows it.
    await backend.waitForEntity(`component:default/${newName}`);
    await page.reload();
    const origin = page.getByTestId('golden-path-origin');
    await origin.waitFor();
    const entity = await backend.entity(`component:default/${newName}`);
    expect(entity.spec).toMatchObject({
      owner: 'group:default/payments',
      system: 'payments',
      lifecycle: 'experimental',
    });
    // The header's owner link: avatar initial, then the group's title once the catalog has resolved it.
    const groupLink = page.locator('a[href$="/catalog/default/group/payments"]', { hasText: /\bPayments$/ });
    await groupLink.first().waitFor();
    await page.locator('a[href$="/catalog/default/system/payments"]').first().waitFor();
    await page.getByText('experimental', { exact: true }).first().waitFor();
    await page.getByRole('link', { name: 'Repository' }).first().waitFor(); // the Links card
    const originText = await origin.innerText();
    expect(originText).toContain(TEMPLATE);
    expect(originText).toContain(TEMPLATE_VERSION);
    await screenshot('entity');

    // The owning group's page counts the service; its Ownership card leads to the list with it.
    await groupLink.first().click();
    await page.waitForURL(/\/catalog\/default\/group\/payments$/);
    const services = page.getByText(/^services?$/i); // "1 SERVICE", "2 SERVICES"
    await services.waitFor();
    await screenshot('group');
    await services.click();
    await page.locator(`a[href$="/catalog/default/component/${newName}"]`).first().waitFor();
    await screenshot('group-services');
  }

  it("shows a service's docs: its overview, one runbook per alarm, and the page an alarm links", async () => {
    // The alarms of the service created beforehand, and the runbook page each links (as Terraform renders them).
    const plan = engine.plan(engine.prepare(engine.load(TEMPLATE), serviceValues(takenName)));
    const alarms = plan.files.find(f => f.path === 'infra/modules/service/alarms.tf')!.content.toString('utf8');
    const runbooks = [...alarms.matchAll(/\$\{var\.runbook_base_url\}\/([a-z0-9-]+)\//g)].map(m => m[1]!);
    expect(runbooks.length).toBeGreaterThanOrEqual(8);

    // The reader keeps a page transparent until all its stylesheets have loaded (a font from the
    // internet never would here): the page is shown once it is opaque.
    const docsShown = () =>
      page.waitForFunction(
        () =>
          document.querySelector('[data-testid="techdocs-native-shadowroot"]')?.shadowRoot?.querySelector('html')?.style
            .opacity === '1',
        undefined,
        { timeout: 30_000 },
      );
    await portal.walk(backend, async () => {
      await page.goto(`${backend.baseUrl}/catalog/default/component/${takenName}`);
      const enter = page.getByRole('button', { name: /enter/i });
      const docsTab = page.locator(`a[href$="/catalog/default/component/${takenName}/docs"]`).first();
      await Promise.race([enter.waitFor(), docsTab.waitFor()]);
      if (await enter.isVisible()) await enter.click(); // signed in by the walk above, or here on its own
      // The Docs tab: the backend builds the site on first read (Debian's MkDocs in the sandbox).
      await docsTab.click();
      await page.getByRole('heading', { name: 'When an alarm fires' }).waitFor({ timeout: 120_000 });
      await page.getByRole('heading', { name: 'How it runs' }).waitFor();
      await docsShown();
      await screenshot('docs-overview');

      // The runbooks' index lists one page per alarm.
      await page.getByRole('link', { name: 'All alarms' }).first().click();
      const table = page.locator('article table').first();
      await table.waitFor();
      await docsShown();
      for (const runbook of runbooks) {
        await table.locator(`a[href*="/runbooks/${runbook}/"]`).first().waitFor();
      }
      expect(await table.locator('tbody tr').count()).toBe(runbooks.length);
      await screenshot('docs-runbooks');

      // What an alarm links, <portal>/docs/default/component/<name>/runbooks/<alarm>/, opens its runbook.
      await page.goto(`${backend.baseUrl}/docs/default/component/${takenName}/runbooks/high-5xx-rate/`);
      await page.getByRole('heading', { name: /5xx/i }).first().waitFor({ timeout: 60_000 });
      await page
        .getByRole('heading', { name: /rollback/i })
        .first()
        .waitFor();
      await docsShown();
      await screenshot('docs-runbook');

      // The entity's On call card: the owning group, its contact and members, and every runbook.
      await page.goto(`${backend.baseUrl}/catalog/default/component/${takenName}`);
      const onCall = page.getByTestId('on-call');
      await onCall.waitFor();
      await onCall.locator('a[href$="/catalog/default/group/payments"]').first().waitFor();
      await onCall.locator('a[href="mailto:payments-oncall@acme-fintech.example"]').waitFor();
      await onCall.locator('a[href$="/catalog/default/user/ada"]').waitFor();
      const listed = onCall.getByTestId('on-call-runbooks').locator('a');
      await listed.first().waitFor();
      expect((await listed.allInnerTexts()).sort()).toEqual([...runbooks].sort());
      await screenshot('on-call');
      await onCall.getByRole('link', { name: 'high-cpu', exact: true }).click();
      await page.waitForURL(/\/docs\/default\/component\/[^/]+\/runbooks\/high-cpu\/$/);
      await page.getByRole('heading', { name: /cpu/i }).first().waitFor({ timeout: 60_000 });
    });
    expect(portal.pageErrors).toEqual([]);
  }, 300_000);

  it('shows a failing policy gate in the preview, with its validator, file and line, and offers no Create', async () => {
    // Screenshots of their own (test-results/portal/preview/), on the backend of the tests above.
    const shots = await openPortalBrowser('portal/preview');
    const p = shots.page;
    try {
      await shots.walk(backend, async () => {
        await p.goto(`${backend.baseUrl}/create`);
        const enter = p.getByRole('button', { name: /enter/i });
        const card = p.locator(`[data-testid="golden-path-card"][data-template="${FAILING_FIXTURE}"]`);
        await Promise.race([enter.waitFor(), card.waitFor()]);
        if (await enter.isVisible()) await enter.click();
        await card.getByRole('button', { name: 'Choose' }).click();
        await p.getByRole('textbox', { name: 'Name' }).fill('legacy-worker');

        // The default values pass: three files, the gate in seconds.
        let verdict = await waitForPreviewVerdict(p, { timeoutMs: 120_000 });
        expect(verdict.state, verdict.text).toBe('passed');

        // One value makes the gate fail: the preview names the validator, the file and the line.
        const legacy = p.getByRole('checkbox', { name: 'Legacy entrypoint' });
        await legacy.check();
        verdict = await waitForPreviewVerdict(p, { timeoutMs: 120_000 });
        expect(verdict.state, verdict.text).toBe('failed');
        expect(verdict.text).toContain('Create is blocked until it passes');
        await p.locator('[data-testid="preview-verdict"][data-passed="false"]').waitFor();
        await p
          .locator('[data-testid="preview-validator"][data-validator="shellcheck"][data-passed="false"]')
          .waitFor();
        const problem = p.getByTestId('preview-problems').locator('li[data-severity="error"]');
        expect(await problem.allInnerTexts()).toEqual([
          '[shellcheck] scripts/start.sh:6 error: SC2086 (info): Double quote to prevent globbing and word splitting.',
        ]);
        // The file it is about, in the tree and the viewer.
        await p.locator('[data-testid="preview-folder"][data-path="scripts"]').click();
        await p.locator('[data-testid="preview-file"][data-path="scripts/start.sh"]').click();
        expect((await p.getByTestId('preview-file-content').innerText()).split('\n')[5]).toBe('cd $WORK_DIR');
        await shots.screenshot('gate-fails');

        // Review refuses to go on, saying why; there is no Create.
        await p.getByRole('button', { name: 'Review' }).click();
        await p
          .getByText(/The policy gate fails: \[shellcheck\] scripts\/start\.sh:6: SC2086/)
          .first()
          .waitFor();
        expect(await p.getByRole('button', { name: 'Create' }).count()).toBe(0);
        await shots.screenshot('no-create');

        // The value back: the gate passes again, and Review offers Create.
        await legacy.uncheck();
        verdict = await waitForPreviewVerdict(p, { timeoutMs: 120_000 });
        expect(verdict.state, verdict.text).toBe('passed');
        await reviewForm(p, 120_000);
        await shots.screenshot('create-offered');
      });
      expect(shots.pageErrors).toEqual([]);
    } finally {
      await shots.close();
    }
  }, 300_000);

  it("shows a service's environments, and a tenant pushed as a branch, which the catalog lists by type and relation", async () => {
    // The owners of the service made beforehand add a tenant, owned by another team, by pushing its branch.
    const serviceRef = `component:default/${takenName}`;
    const tenantRef = `resource:default/${takenName}-acme-bank`;
    pushTenantBranch(join(backend.reposRoot, 'acme-fintech', `${takenName}.git`), {
      name: 'acme-bank',
      owner: 'group:default/risk',
      monthlyCostCap: 1500,
    });
    await backend.fetch('/api/catalog/refresh', { method: 'POST', json: { entityRef: serviceRef } });
    await backend.waitForEntity(tenantRef, undefined, 120_000);
    // Every tenant of the service: one catalog query, by type and relation.
    const filter = `kind=resource,spec.type=tenant,relations.dependencyOf=${serviceRef}`;
    const tenants = await backend.json<{ metadata: { name: string }; spec: { owner: string } }[]>(
      `/api/catalog/entities?filter=${encodeURIComponent(filter)}`,
    );
    expect(tenants.map(t => [t.metadata.name, t.spec.owner])).toEqual([
      [`${takenName}-acme-bank`, 'group:default/risk'],
    ]);

    const shots = await openPortalBrowser('portal/environments');
    const p = shots.page;
    try {
      await shots.walk(backend, async () => {
        await p.goto(`${backend.baseUrl}/catalog/default/component/${takenName}`);
        const enter = p.getByRole('button', { name: /enter/i });
        const card = p.getByTestId('environments');
        await Promise.race([enter.waitFor(), card.waitFor()]);
        if (await enter.isVisible()) await enter.click();
        // The environments in promotion order, then the tenant with its owner, host and cost cap.
        const tenant = card.locator('[data-testid="environment"][data-name="acme-bank"]');
        await tenant.waitFor();
        const listed = card.getByTestId('environments-list').getByTestId('environment');
        expect(await listed.evaluateAll(items => items.map(i => i.getAttribute('data-name')))).toEqual([
          'staging',
          'production',
        ]);
        expect(await card.getByTestId('environments-tenants').getByTestId('environment').count()).toBe(1);
        await tenant.locator('a[href$="/catalog/default/group/risk"]').waitFor();
        expect(await tenant.getByTestId('environment-summary').innerText()).toMatch(
          /^on production · .*eu-west-1 · 0\.5 vCPU, 1 GB · 2–4 tasks · logs 365 days · .*cap \$1,500\/month$/,
        );
        await card.scrollIntoViewIfNeeded(); // below the fold: the page scrolls inside its content area
        await shots.screenshot('environments');
        // The tenant's own page in the catalog: a Resource of the service.
        await tenant.getByRole('link', { name: 'acme-bank' }).click();
        await p.waitForURL(new RegExp(`/catalog/default/resource/${takenName}-acme-bank$`));
        await p.getByText('tenant', { exact: true }).first().waitFor();
        await p.getByText('dependencyOf').first().waitFor(); // the relations graph: a dependency of the service
        await shots.screenshot('tenant');
      });
      expect(shots.pageErrors).toEqual([]);
    } finally {
      await shots.close();
    }
  }, 300_000);
});
