import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';

/** The same permissions at the workflow (lines 3..) and at the job level. */
const workflow = (permissions: string[]) => {
  const indent = (spaces: number) => permissions.map(p => ' '.repeat(spaces) + p).join('\n');
  return text`
    on: push
    permissions:
${indent(6)}
    jobs:
      build:
        runs-on: ubuntu-latest
        permissions:
${indent(10)}
        steps:
          - uses: actions/checkout@v4
  `;
};

describe('workflow-schema validator', () => {
  it('accepts attestations: write (a false positive of action-validator 0.6)', async () => {
    const dir = await fixture({
      '.github/workflows/release.yml': workflow(['contents: read', 'id-token: write', 'attestations: write']),
    });
    const { report, messages } = await runOnly(dir, 'workflow-schema');
    expect(messages).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('still flags an invalid permission beside attestations, on its line', async () => {
    const dir = await fixture({
      '.github/workflows/release.yml': workflow(['contents: admin', 'attestations: write']),
    });
    const { report, result } = await runOnly(dir, 'workflow-schema');
    expect(report.ok).toBe(false);
    expect(result!.findings.map(f => f.line)).toEqual([3, 9]);
    expect(result!.findings[0]!.message).toMatch(/^\/permissions\/contents/);
  });

  it('checks action metadata with the action schema', async () => {
    const dir = await fixture({
      'action.yml': text`
        name: x
        description: y
        runs:
          using: composite
          steps: not-a-list
      `,
    });
    const { report, messages } = await runOnly(dir, 'workflow-schema');
    expect(report.ok).toBe(false);
    expect(messages.join('\n')).toMatch(/runs/);
  });
});
