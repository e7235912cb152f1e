import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';
import { misconfigurations } from './trivy-config.js';

const bucketModule = text`
  variable "name" {
    type = string
  }

  resource "aws_s3_bucket" "data" {
    bucket = var.name
  }
`;
const caller = (env: string) => `module "data" {\n  source = "../../modules/data"\n  name   = "payments-${env}"\n}\n`;

describe('trivy-config validator', () => {
  it('passes Terraform with nothing to report', async () => {
    const dir = await fixture({ 'main.tf': 'variable "region" {\n  type = string\n}\n' });
    const { report, result } = await runOnly(dir, 'trivy-config');
    expect(result).toMatchObject({ files: 1, findings: [] });
    expect(report.ok).toBe(true);
  });

  it('flags an unencrypted S3 bucket once, though two roots call its module', async () => {
    const dir = await fixture({
      'terraform/modules/data/main.tf': bucketModule,
      'terraform/envs/dev/main.tf': caller('dev'),
      'terraform/envs/prod/main.tf': caller('prod'),
    });
    const { report, result } = await runOnly(dir, 'trivy-config');
    expect(report.ok).toBe(false);
    const encryption = result!.findings.filter(f => f.message.startsWith('AVD-AWS-0088'));
    expect(encryption).toEqual([
      expect.objectContaining({ file: 'terraform/modules/data/main.tf', line: 5, severity: 'error' }),
    ]);
  });

  it("scans Terraform and Dockerfiles only: a Kubernetes manifest is not this validator's file", async () => {
    const dir = await fixture({
      'main.tf': 'variable "region" {\n  type = string\n}\n',
      'deploy/pod.yaml': text`
        apiVersion: v1
        kind: Pod
        metadata:
          name: privileged
        spec:
          containers:
            - name: app
              image: nginx
              securityContext:
                privileged: true
      `,
    });
    const { result } = await runOnly(dir, 'trivy-config');
    expect(result).toMatchObject({ files: 1, findings: [] });
  });

  it('dedupes by file, rule and lines, not by resource', () => {
    const finding = (resource: string, line: number) => ({
      ID: 'AVD-AWS-0088',
      Title: 'Unencrypted S3 bucket.',
      Severity: 'HIGH',
      CauseMetadata: { Resource: resource, StartLine: line, EndLine: line + 2 },
    });
    const findings = misconfigurations({
      Results: [
        { Target: 'm/main.tf', Misconfigurations: [finding('aws_s3_bucket.a', 5), finding('module.a', 5)] },
        { Target: 'm/main.tf', Misconfigurations: [finding('module.b', 5), finding('aws_s3_bucket.b', 9)] },
      ],
    });
    expect(findings.map(f => f.line)).toEqual([5, 9]);
  });
});
