import { describe, expect, it } from 'vitest';
import { environmentProblemText } from './environmentsCheck.js';
import { checkFormEnvironments } from './environmentsForm.js';

const service = { awsRegion: 'eu-west-2', fargateSize: '1024-2048', desiredCount: 3, maxCount: 8 };
const texts = (value: unknown, values: Record<string, unknown> = service) =>
  checkFormEnvironments(value, values).problems.map(p => environmentProblemText(p));

describe('checkFormEnvironments', () => {
  it("resolves each entry with the service's values, the preview's host and account from its host", () => {
    const { entries, problems } = checkFormEnvironments(
      [
        { name: 'staging', kind: 'staging', awsAccountId: '111122223333' },
        { name: 'previews', kind: 'preview' },
      ],
      service,
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        name: 'staging',
        kind: 'staging',
        awsAccountId: '111122223333',
        awsRegion: 'eu-west-2',
        cpu: 1024,
        memory: 2048,
        desiredCount: 3,
        maxCount: 8,
        logRetentionDays: 30,
        approvers: [],
      },
      expect.objectContaining({ host: 'staging', awsAccountId: '111122223333', desiredCount: 1, ttlHours: 72 }),
    ]);
  });

  it("reports every entry's problem in order, the form's own in place of what they left unresolved, and no entries", () => {
    const list = [
      { name: 'staging', kind: 'staging', fargateSize: '300-1024' },
      { name: 'Prod', kind: 'production' },
      { name: 'acme', kind: 'tenant', owner: 'acme-ops', monthlyCostCap: 10, host: 'staging' },
      'qa',
    ];
    expect(checkFormEnvironments(list, service).entries).toEqual([]);
    expect(texts(list)).toEqual([
      'environment 1 (staging): fargateSize 300 CPU units is not a Fargate size; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384',
      expect.stringMatching(/^environment 2: name "Prod" must be lowercase letters/),
      'environment 3 (acme): host is for the preview entry (kind preview) only here: a tenant with a host is added by its branch (tenants/<tenant>)',
      'environment 4: must be a mapping of fields',
      'must list at least one environment that main deploys (not a preview or a branch tenant)',
    ]);
  });

  it('refuses what is not a list', () => {
    expect(texts({ name: 'staging' })).toEqual(['must be a list of environments, in promotion order']);
  });
});
