/**
 * Alarm to runbook in one click (issue 16 item 3): every alarm's description links its runbook's
 * page in the portal's TechDocs (`<portal>/docs/default/component/<name>/runbooks/<alarm>/`), and
 * that page exists in the site the portal builds. For every golden path: its first example is
 * rendered, its docs are built the way the portal builds them (TechDocs' stock generator with
 * Debian's MkDocs in the sandbox, plugins/techdocs-backend-module-golden-path), and each alarm's
 * link, as Terraform will expand it, is resolved against the built site.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createGoldenPathTechdocsGenerator } from '@golden-path/plugin-techdocs-backend-module-golden-path';
import { createLogger, transports } from 'winston';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { readValuesFile } from '../../packages/cli/dist/main.js';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
const portal = (engine.platform() as { portal?: { baseUrl?: string } }).portal?.baseUrl;

const cases = engine.ids().map(id => {
  const gp = engine.load(id);
  const file = readdirSync(gp.examplesDir).filter(f => f.endsWith('.yaml'))[0]!;
  return { id, gp, file };
});

interface Alarm {
  alarm_name: string;
  alarm_description: string;
}

/** The Terraform string `runbook_base_url = "..."` an environment root passes to the service module. */
function runbookBaseUrls(repo: string): string[] {
  const roots = readdirSync(join(repo, 'infra'), { recursive: true, encoding: 'utf8' }).filter(
    f => f.endsWith('.tf') && !f.startsWith('modules/'),
  );
  return roots.flatMap(f =>
    [...readFileSync(join(repo, 'infra', f), 'utf8').matchAll(/^\s*runbook_base_url\s*=\s*"([^"]*)"/gm)].map(
      m => m[1]!,
    ),
  );
}

/** The text of `html` from the first `start` to the next `end` after it. */
function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  const to = html.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`no ${start} ... ${end} in the page`);
  return html.slice(from, to);
}

describe.each(cases)('$id ($file): alarm to runbook', ({ gp, file }) => {
  it('links every alarm to its runbook page in the portal, and the built docs site has that page in its navigation', async () => {
    expect(portal, 'templates/platform.yaml portal.baseUrl').toMatch(/^https:\/\/[^/]+$/);
    const repo = mkdtempSync(join(tmpdir(), 'gp-runbooks-repo-'));
    engine.write(engine.plan(engine.prepare(gp, readValuesFile(join(gp.examplesDir, file)))), repo);

    const site = mkdtempSync(join(tmpdir(), 'gp-runbooks-site-'));
    const config = new ConfigReader({});
    const silent = createLogger({ transports: [new transports.Console({ silent: true })] });
    await createGoldenPathTechdocsGenerator({ config, logger: mockServices.logger.mock() }).run({
      inputDir: repo,
      outputDir: site,
      logger: silent,
    });

    // The entity's TechDocs page in the portal: /docs/<namespace>/<kind>/<name>/ (Backstage's route).
    const entity = parseYaml(readFileSync(join(repo, 'catalog-info.yaml'), 'utf8'));
    const docs = `${portal}/docs/${entity.metadata.namespace ?? 'default'}/${String(entity.kind).toLowerCase()}/${entity.metadata.name}/`;

    const bases = runbookBaseUrls(repo);
    expect(bases.length).toBeGreaterThan(0);
    const alarms = Object.values(
      (
        (await parse('alarms.tf', readFileSync(join(repo, 'infra/modules/service/alarms.tf'), 'utf8'))) as {
          resource: { aws_cloudwatch_metric_alarm: Record<string, Alarm[]> };
        }
      ).resource.aws_cloudwatch_metric_alarm,
    ).map(a => a[0]!);
    expect(alarms.length).toBeGreaterThanOrEqual(8);
    // The overview page's primary navigation, and the runbooks' index page's own text (its table).
    const nav = between(readFileSync(join(site, 'index.html'), 'utf8'), 'md-nav--primary', 'md-content');
    const index = between(
      readFileSync(join(site, 'runbooks', 'index.html'), 'utf8'),
      'md-content__inner',
      '</article>',
    );

    for (const base of bases) {
      for (const alarm of alarms) {
        const links = [...alarm.alarm_description.matchAll(/\$\{var\.runbook_base_url\}(\S*)/g)].map(m => base + m[1]!);
        expect(links, alarm.alarm_name).toHaveLength(1);
        const link = links[0]!;
        expect(link.startsWith(docs), `${alarm.alarm_name}: ${link} is not under ${docs}`).toBe(true);
        const page = link.slice(docs.length);
        expect(page, link).toMatch(/^runbooks\/[a-z0-9-]+\/$/);
        expect(existsSync(join(site, page, 'index.html')), `${link}: ${page}index.html is not in the built site`).toBe(
          true,
        );
        expect(nav, `${page} is not in the site's navigation`).toContain(`href="${page}"`);
        expect(index, `${page} is not linked from the runbooks' index`).toContain(
          `href="${page.slice('runbooks/'.length)}"`,
        );
      }
    }
  }, 120_000);
});
