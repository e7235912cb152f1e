/**
 * The Template entity the portal reads for each golden path: its template.yaml as Backstage's catalog
 * resolves it (Backstage's own PlaceholderProcessor with the catalog module's resolvers) is the
 * engine's entity, every golden path composes the one set of shared steps (templates/steps) with its
 * own id, and those steps are, to the byte, the ones each template.yaml held in place before.
 */
import { PlaceholderProcessor } from '@backstage/plugin-catalog-backend';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GoldenPathEngine } from '@golden-path/engine';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { goldenPathPlaceholders } from '../../plugins/catalog-backend-module-golden-path/src/placeholders.ts';

const TEMPLATES = join(import.meta.dirname, '..', '..', 'templates');
const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });

/**
 * sha256 of each golden path's resolved spec.steps (JSON) as its template.yaml wrote them in place
 * (commit 05be880, before templates/steps/service.yaml), then with golden-path:github-reviewers before
 * publish:github (issue 15's approvers). A change to the steps changes these: update them with it,
 * deliberately.
 */
const STEPS_AS_THEY_WERE: Record<string, string> = {
  'go-service': 'b222f0cccb57c75aa815279669b7c785a9ae1d09f09b90bf871268cfbe71ed21',
  'node-typescript-service': '2e1094019e1d3dc74e3a41ce8e46d61c90d12c9aae4d115869653b806f966751',
  'python-django-service': 'e63731c3c91fa86e1f3b880fca5659d9b378fa1566c0fa7664a4c55dfddb0898',
};

const processor = new PlaceholderProcessor({
  resolvers: goldenPathPlaceholders(TEMPLATES),
  reader: {} as never, // the golden-path resolvers read only the templates folder, never a URL
  integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
});

/** template.yaml as the catalog serves it (the location the app-config registers: a file). */
async function catalogEntity(id: string) {
  const file = join(TEMPLATES, id, 'template.yaml');
  const raw = parse(readFileSync(file, 'utf8'));
  const entity = await processor.preProcessEntity(raw, { type: 'file', target: file }, () => {});
  return { raw, entity: entity as unknown as { spec: { steps: unknown[] } } };
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('the Template entity the portal reads', () => {
  it('knows every golden path', () => {
    expect(engine.ids()).toEqual(Object.keys(STEPS_AS_THEY_WERE));
  });

  for (const id of Object.keys(STEPS_AS_THEY_WERE)) {
    it(`${id}: the catalog resolves the engine's entity, the shared steps with its own id, as they were`, async () => {
      const { raw, entity } = await catalogEntity(id);
      expect(raw.spec.steps).toEqual({ '$golden-path-steps': { name: 'service', template: id } });
      expect(entity).toEqual(engine.load(id).entity);
      expect(entity.spec.steps.find(s => (s as { id: string }).id === 'render')).toMatchObject({
        input: { template: id },
      });
      expect(sha256(entity.spec.steps)).toBe(STEPS_AS_THEY_WERE[id]);
    });
  }

  it('every golden path runs the same steps but for its own id', async () => {
    const shapes = await Promise.all(
      engine.ids().map(async id => JSON.stringify((await catalogEntity(id)).entity.spec.steps).replaceAll(id, '<id>')),
    );
    expect(new Set(shapes).size).toBe(1);
    expect(shapes[0]).toContain('from the <id> golden path');
  });
});
