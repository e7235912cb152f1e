import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';

describe('yaml validator', () => {
  it('passes valid YAML, several documents included', async () => {
    const dir = await fixture({ 'a.yaml': 'a: 1\n---\nb: [1, 2]\n', 'sub/b.yml': 'x: "y"\n', 'notes.txt': 'a: a: a' });
    const { report, result } = await runOnly(dir, 'yaml');
    expect(result).toMatchObject({ files: 2, findings: [] });
    expect(report.ok).toBe(true);
  });

  it('flags a duplicate key and a syntax error with their lines', async () => {
    const dir = await fixture({
      'dup.yaml': text`
        name: a
        other: 1
        name: b
      `,
      'broken.yml': 'a: [1, 2\n',
    });
    const { report, result } = await runOnly(dir, 'yaml');
    expect(report.ok).toBe(false);
    const dup = result!.findings.find(f => f.file === 'dup.yaml');
    expect(dup).toMatchObject({ line: 3, severity: 'error', message: expect.stringContaining('DUPLICATE_KEY') });
    expect(result!.findings.some(f => f.file === 'broken.yml' && f.severity === 'error')).toBe(true);
  });
});
