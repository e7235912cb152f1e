import { describe, expect, it, vi } from 'vitest';
import { formatReport, validateRepository, validatorNames } from './index.js';
import { fixture, text } from './testing/fixture.js';

// Terraform "not installed", to see how a missing tool is reported.
vi.mock('./tools.js', async importOriginal => ({
  ...(await importOriginal<typeof import('./tools.js')>()),
  terraformBinary: async () => '/nonexistent/terraform',
}));

const catalogInfo = text`
  apiVersion: backstage.io/v1alpha1
  kind: Component
  metadata:
    name: payments-api
  spec:
    type: service
    lifecycle: production
    owner: group:default/payments
`;

describe('validateRepository', () => {
  it('names every validator', () => {
    expect(validatorNames).toEqual([
      'yaml',
      'catalog',
      'actionlint',
      'workflow-schema',
      'shellcheck',
      'dockerfile',
      'base-images',
      'terraform',
      'terraform-validate',
      'compose',
      'trivy-config',
      'service-tests',
    ]);
  });

  it('runs the validators that apply to the files present, in report order', async () => {
    const dir = await fixture({ 'catalog-info.yaml': catalogInfo, 'scripts/check.sh': '#!/bin/sh\necho "ok"\n' });
    const report = await validateRepository(dir);
    expect(report.results.map(r => [r.validator, r.files])).toEqual([
      ['yaml', 1],
      ['catalog', 1],
      ['shellcheck', 1],
    ]);
    expect(report.ok).toBe(true);
  });

  it('rejects an unknown validator name', async () => {
    const dir = await fixture({ 'a.yaml': 'a: 1\n' });
    await expect(validateRepository(dir, { only: ['yml'] })).rejects.toThrow(/unknown validator yml/);
  });

  it('fails the gate when a tool is missing, unless that validator is skipped', async () => {
    const dir = await fixture({ 'main.tf': 'locals {\n  a = 1\n}\n', 'a.yaml': 'a: 1\n' });
    const missing = await validateRepository(dir, { only: ['terraform', 'yaml'] });
    expect(missing.results.find(r => r.validator === 'terraform')!.skipped).toMatch(/terraform is not installed/);
    expect(missing.ok).toBe(false);

    const skipped = await validateRepository(dir, { only: ['terraform', 'yaml'], skip: ['terraform'] });
    expect(skipped.results.find(r => r.validator === 'terraform')).toMatchObject({
      skipped: 'listed in options.skip',
      findings: [],
    });
    expect(skipped.ok).toBe(true);
  });

  it('stops when aborted', async () => {
    const dir = await fixture({ 'a.yaml': 'a: 1\n' });
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the user'));
    await expect(validateRepository(dir, { signal: controller.signal })).rejects.toThrow('cancelled by the user');
  });

  it('formats violations grouped by validator', async () => {
    const dir = await fixture({
      'catalog-info.yaml': catalogInfo.replace(/ +owner:.*\n/, ''),
      'b.yaml': 'k: 1\nk: 2\n',
    });
    const report = await validateRepository(dir);
    const output = formatReport(report);
    expect(output).toMatch(
      /^\[FAIL\] yaml \(2 file\(s\), \d+ ms\): 1 error\(s\), 0 warning\(s\)\n {2}b\.yaml:2 error: DUPLICATE_KEY/m,
    );
    expect(output).toMatch(/^\[FAIL\] catalog .*\n {2}catalog-info\.yaml:1 error: .*has no owner/m);
    expect(output).toMatch(/FAILED: 2 validator\(s\)/);
  });
});
