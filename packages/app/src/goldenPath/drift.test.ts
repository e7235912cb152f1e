import type { PullRequestRecord } from '@golden-path/common/pullRequests';
import { describe, expect, it } from 'vitest';
import { driftText, pullRequestHref } from './drift';

describe('driftText', () => {
  it('names each drifted class, nothing drifted, or why it is not known', () => {
    expect(driftText({ template: 't', drift: { managed: 2, merged: 1, seeded: 0 } })).toBe('managed 2, merged 1');
    expect(driftText({ template: 't', drift: {} })).toBe('none');
    expect(driftText({ template: 't' })).toBe('not read yet');
    expect(driftText({ template: 't', status: 'unreadable' })).toMatch(/cannot be read/);
  });
});

describe('pullRequestHref', () => {
  const pr = {
    repository: { slug: 'acme/payments-api' },
    number: 3,
    url: 'https://github.com/acme/payments-api/pull/3',
  };
  it("opens the portal's page for the embedded remote, GitHub's page otherwise", () => {
    expect(pullRequestHref({ ...pr, provider: 'embedded' } as PullRequestRecord)).toBe(
      '/golden-path/pulls/acme/payments-api/3',
    );
    expect(pullRequestHref({ ...pr, provider: 'github' } as PullRequestRecord)).toBe(pr.url);
  });
});
