import { describe, expect, it } from 'vitest';
import { TemplateError } from './errors.js';
import { techdocsPlace } from './techdocs.js';

const platform = {
  portal: { baseUrl: 'https://portal.example.com' },
  techdocs: { bucket: 'acme-techdocs', region: 'eu-west-1' },
};

describe('techdocsPlace', () => {
  it("places a service's docs at its catalog entity: the portal's address and the bucket's prefix", () => {
    expect(techdocsPlace(platform, 'payments-api')).toEqual({
      entity: 'default/Component/payments-api',
      path: 'default/component/payments-api',
      siteUrl: 'https://portal.example.com/docs/default/component/payments-api',
      runbooksUrl: 'https://portal.example.com/docs/default/component/payments-api/runbooks',
      bucket: 'acme-techdocs',
      region: 'eu-west-1',
    });
  });

  it('leaves out what the platform data does not name (a template that reads it then fails to render)', () => {
    expect(techdocsPlace({}, 'x')).toEqual({ entity: 'default/Component/x', path: 'default/component/x' });
  });

  it.each([
    [{ techdocs: { bucket: 'Acme_Docs', region: 'eu-west-1' } }, 'techdocs.bucket: must be an S3 bucket name'],
    [{ techdocs: { bucket: 'acme-docs/*', region: 'eu-west-1' } }, 'techdocs.bucket'],
    [{ techdocs: { bucket: 'acme-docs', region: 'europe' } }, 'techdocs.region: must be an AWS region'],
    [{ techdocs: 'acme-docs' }, 'techdocs.bucket'],
    [{ portal: { baseUrl: 'http://portal.example.com' } }, 'portal.baseUrl: must be an https:// origin'],
    [{ portal: { baseUrl: 'https://portal.example.com/' } }, 'portal.baseUrl'],
  ])('refuses platform data of the wrong shape as the platform team bug it is: %j', (data, message) => {
    expect(() => techdocsPlace(data, 'x')).toThrow(TemplateError);
    expect(() => techdocsPlace(data, 'x')).toThrow(`templates/platform.yaml ${message}`);
  });
});
