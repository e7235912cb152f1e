import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { GoldenPathEngine } from '@golden-path/engine';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRouter } from '../testing/serveRouter.js';
import { createChangelogRouter } from './changelog.js';

const engine = new GoldenPathEngine({ templatesRoot: join(import.meta.dirname, '..', '..', '..', '..', 'templates') });
const latest = engine.load('python-django-service').version;
const asUser = { headers: { Authorization: mockCredentials.user.header('user:default/ada') } };

describe('the changelog route', () => {
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    ({ base, close } = await serveRouter(createChangelogRouter({ engine, httpAuth: mockServices.httpAuth() })));
  });
  afterAll(() => close());

  const get = (path: string) => fetch(`${base}/v1/templates/${path}`, asUser);

  it('gives the releases after a version up to the latest, newest first', async () => {
    const answer = await get('python-django-service/changelog?after=0.9.0');
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { latest: string; entries: { version: string }[] };
    expect(body.latest).toBe(latest);
    expect(body.entries[0]?.version).toBe(latest);
    expect(body.entries.at(-1)?.version).toBe('1.0.0');
    expect(await (await get(`python-django-service/changelog?after=${latest}`)).json()).toEqual({
      latest,
      entries: [],
    });
  });

  it('refuses a bad version and an unknown golden path, naming the field', async () => {
    const bad = await get('python-django-service/changelog?after=latest');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^after: /);
    const unknown = await get('nope/changelog?after=1.0.0');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^template: /);
  });
});
