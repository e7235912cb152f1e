import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';

const formatted = text`
  variable "name" {
    type = string
  }

  locals {
    bucket = "\${var.name}-data"
    region = "eu-west-1"
  }
`;

describe('terraform validator', () => {
  it('passes formatted Terraform that parses', async () => {
    const dir = await fixture({ 'infra/main.tf': formatted, 'infra/prod.tfvars': 'name = "payments"\n' });
    const { report, result } = await runOnly(dir, 'terraform');
    expect(result).toMatchObject({ files: 2, findings: [] });
    expect(report.ok).toBe(true);
  });

  it('flags an unformatted file with its diff', async () => {
    const dir = await fixture({
      'infra/main.tf': formatted.replace('bucket = ', 'bucket   = ').replace('region = ', 'region='),
      'ok.tf': formatted,
    });
    const { report, result } = await runOnly(dir, 'terraform');
    expect(report.ok).toBe(false);
    expect(result!.findings).toEqual([
      expect.objectContaining({
        file: 'infra/main.tf',
        line: 6,
        message: expect.stringContaining('+  region = "eu-west-1"'),
      }),
    ]);
  });

  it('flags a file that does not parse, on its line', async () => {
    const dir = await fixture({ 'main.tf': 'locals {\n  a = \n}\n', 'other.tf': formatted });
    const { result } = await runOnly(dir, 'terraform');
    expect(result!.findings).toEqual([
      expect.objectContaining({
        file: 'main.tf',
        line: 2,
        severity: 'error',
        message: expect.stringMatching(/^HCL: Invalid expression/),
      }),
    ]);
  });
});
