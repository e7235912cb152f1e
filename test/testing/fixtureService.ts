import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, type CatalogEntity, type TestBackend } from './backend.js';

/** A payments-api repository created by python-django-service 1.0.0 (test/fixtures/README.md). */
export const FIXTURE_1_0_0 = join(REPO_ROOT, 'test/fixtures/python-django-service-1.0.0.bundle');
/** The org and name its values gave it (templates/python-django-service/examples/payments-api.yaml at 1.0.0). */
export const FIXTURE_SLUG = 'acme-fintech/payments-api';
export const FIXTURE_ENTITY_REF = 'component:default/payments-api';

export interface FixtureService {
  entityRef: string;
  /** owner/name on the embedded remote. */
  slug: string;
  /** The bare repository. */
  gitDir: string;
  entity: CatalogEntity;
}

/**
 * The 1.0.0 fixture as a service of a test backend, as a publish at 1.0.0 would have left it: the
 * bare repository `<reposRoot>/acme-fintech/payments-api.git` with main and golden-path/base, and
 * its catalog-info.yaml registered as a location on the embedded remote by `registrar` (a platform
 * member: locations are the platform's to register; the backend needs `testSignIn`), waiting until the
 * catalog has the entity.
 */
export async function seedFixtureService(
  backend: TestBackend,
  registrar = 'user:default/lin',
): Promise<FixtureService> {
  const gitDir = join(backend.reposRoot, `${FIXTURE_SLUG}.git`);
  mkdirSync(dirname(gitDir), { recursive: true });
  execFileSync('git', ['clone', '--quiet', '--bare', '--branch', 'main', FIXTURE_1_0_0, gitDir], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  const target = `${backend.baseUrl}/api/golden-path/git/${FIXTURE_SLUG}/blob/main/catalog-info.yaml`;
  const response = await backend.as(registrar).fetch('/api/catalog/locations', {
    method: 'POST',
    json: { type: 'url', target },
  });
  if (response.status !== 201) {
    throw new Error(`registering ${target}: ${response.status} ${await response.text()}`);
  }
  const entity = await backend.waitForEntity(FIXTURE_ENTITY_REF);
  return { entityRef: FIXTURE_ENTITY_REF, slug: FIXTURE_SLUG, gitDir, entity };
}
