import type { Entity } from '@backstage/catalog-model';
import { LocalGitRemote } from '@golden-path/node';
import { describe, expect, it } from 'vitest';
import { LocalSourceLocationProcessor } from './LocalSourceLocationProcessor.js';

const BASE = 'http://localhost:7007/api/golden-path/git';
const processor = new LocalSourceLocationProcessor(new LocalGitRemote({ root: '/nonexistent', browseBaseUrl: BASE }));
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    annotations: {
      'backstage.io/source-location': 'url:https://github.com/acme/ledger/tree/main/',
      'backstage.io/techdocs-ref': 'dir:.',
    },
  },
  spec: { type: 'service', owner: 'group:default/payments', lifecycle: 'production' },
};
const sourceOf = async (target: string, type = 'url') =>
  (await processor.preProcessEntity(entity, { type, target })).metadata.annotations?.['backstage.io/source-location'];

describe('LocalSourceLocationProcessor', () => {
  it("makes the source of an entity registered from the embedded remote its repository's folder there", async () => {
    expect(await sourceOf(`${BASE}/acme/ledger/blob/main/catalog-info.yaml`)).toBe(
      `url:${BASE}/acme/ledger/tree/main/`,
    );
    expect(await sourceOf(`${BASE}/acme/ledger/blob/main/services/a/catalog-info.yaml`)).toBe(
      `url:${BASE}/acme/ledger/tree/main/services/a/`,
    );
  });

  it('leaves every other entity as its catalog-info.yaml says', async () => {
    const github = 'url:https://github.com/acme/ledger/tree/main/';
    expect(await sourceOf('https://github.com/acme/ledger/blob/main/catalog-info.yaml')).toBe(github);
    expect(await sourceOf('/work/catalog/org.yaml', 'file')).toBe(github);
    expect(await sourceOf(`${BASE}/acme/ledger/blob/main/../../x.yaml`)).toBe(github);
  });
});
