import { describe, expect, it, vi } from 'vitest';
import { fetchNameCheck, matchesSchemaPattern, parseNameCheck, templateNameFromPath } from './nameCheck';

const pattern = '^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,31}$'; // the python-django-service name rule

describe('fetchNameCheck', () => {
  it('asks the golden-path backend with the name, template and organisation, escaped', async () => {
    const fetch = vi.fn(
      async (_url: string) =>
        new Response(JSON.stringify({ name: 'a b', valid: false, available: false, problems: ['x'] })),
    );
    const result = await fetchNameCheck(
      {
        discoveryApi: { getBaseUrl: async id => `http://host/api/${id}` },
        fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
      },
      { name: 'a b', template: 'python-django-service', org: 'acme-fintech' },
    );
    expect(fetch.mock.calls[0]?.[0]).toBe(
      'http://host/api/golden-path/v1/names/a%20b?template=python-django-service&org=acme-fintech',
    );
    expect(result).toEqual({ name: 'a b', valid: false, available: false, problems: ['x'] });
  });

  it('fails on an error status instead of reading it as an answer', async () => {
    const fetch = async () => new Response('nope', { status: 500, statusText: 'Internal Server Error' });
    await expect(
      fetchNameCheck(
        { discoveryApi: { getBaseUrl: async () => 'http://h' }, fetchApi: { fetch: fetch as typeof globalThis.fetch } },
        { name: 'abc' },
      ),
    ).rejects.toThrow('500');
  });
});

describe('parseNameCheck', () => {
  it('refuses an answer without the documented fields', () => {
    expect(() => parseNameCheck({ name: 'abc', valid: true, available: true })).toThrow('unexpected');
    expect(() => parseNameCheck({ name: 'abc', valid: true, available: 'yes', problems: [] })).toThrow('unexpected');
  });
});

describe('matchesSchemaPattern', () => {
  it('applies the template’s pattern', () => {
    expect(matchesSchemaPattern('payments-api', pattern)).toBe(true);
    expect(matchesSchemaPattern('Payments', pattern)).toBe(false);
    expect(matchesSchemaPattern('pay--api', pattern)).toBe(false);
    expect(matchesSchemaPattern('ab', pattern)).toBe(false);
  });

  it('accepts anything when the field has no pattern', () => {
    expect(matchesSchemaPattern('Anything at all', undefined)).toBe(true);
  });
});

describe('templateNameFromPath', () => {
  it('reads the template from the wizard route, with or without a base path', () => {
    expect(templateNameFromPath('/create/templates/default/python-django-service')).toBe('python-django-service');
    expect(templateNameFromPath('/portal/create/templates/default/python-django-service/')).toBe(
      'python-django-service',
    );
    expect(templateNameFromPath('/create/tasks/123')).toBeUndefined();
  });
});
