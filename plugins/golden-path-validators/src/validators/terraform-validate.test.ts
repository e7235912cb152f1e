import { describe, expect, it, vi } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';
import { terraformPluginDir } from '../tools.js';
import { terraformRoots } from './terraform-validate.js';

const mirror = vi.hoisted(() => ({ hide: false }));
vi.mock('../tools.js', async importOriginal => {
  const real = await importOriginal<typeof import('../tools.js')>();
  return { ...real, terraformPluginDir: () => (mirror.hide ? undefined : real.terraformPluginDir()) };
});

const versions = (constraint: string) => text`
  terraform {
    required_providers {
      aws = {
        source  = "hashicorp/aws"
        version = "${constraint}"
      }
    }
  }
`;

const root = (constraint: string, body: string) => ({
  'infra/envs/staging/main.tf':
    versions(constraint) +
    text`

    module "service" {
      source = "../../modules/service"
      region = "eu-west-1"
    }
  `,
  'infra/modules/service/versions.tf': versions(constraint),
  'infra/modules/service/main.tf': body,
});

const region = text`
  variable "region" {
    type = string
  }

  data "aws_region" "current" {}

  output "region" {
    value = ATTRIBUTE
  }
`;

// CI has the mirror (this machine image: /opt/tf-plugins, AWS provider 5.100.0): without it this
// suite would prove nothing, so it fails rather than skip.
describe('terraform-validate validator', () => {
  it('finds the environment roots: folders no local module block calls', async () => {
    const dir = await fixture(root('>= 5.100, < 7', region.replace('ATTRIBUTE', 'var.region')));
    expect(await terraformRoots(dir, ['infra/envs/staging/main.tf', 'infra/modules/service/main.tf'])).toEqual([
      'infra/envs/staging',
    ]);
  });

  it('has a provider mirror on this machine', () => {
    expect(terraformPluginDir()).toBeDefined();
  });

  it('validates every root with the mirror provider (5.100): flags an attribute it lacks, on the module file and line', async () => {
    // Two environments, each calling its own module: one valid with 5.100, one using
    // data.aws_region's `region`, which exists from provider v6 only (1.0.0's module used it).
    const good = root('>= 5.100, < 7', region.replace('ATTRIBUTE', 'var.region'));
    const bad = root('>= 5.100, < 7', region.replace('ATTRIBUTE', 'data.aws_region.current.region'));
    const dir = await fixture({
      ...good,
      'infra/envs/production/main.tf': bad['infra/envs/staging/main.tf']!.replace('modules/service', 'modules/other'),
      'infra/modules/other/versions.tf': bad['infra/modules/service/versions.tf']!,
      'infra/modules/other/main.tf': bad['infra/modules/service/main.tf']!,
    });
    const { result, report } = await runOnly(dir, 'terraform-validate');
    expect(report.ok).toBe(false);
    expect(result!.skipped).toBeUndefined();
    expect(result!.findings).toEqual([
      expect.objectContaining({
        file: 'infra/modules/other/main.tf',
        line: 8,
        severity: 'error',
        message: expect.stringMatching(/^terraform validate \(infra\/envs\/production\): Unsupported attribute/),
      }),
    ]);
  }, 120_000);

  it('fails a root whose provider constraint the mirror cannot meet (1.0.0 asked for ~> 6.0)', async () => {
    const dir = await fixture(root('~> 6.0', region.replace('ATTRIBUTE', 'var.region')));
    const { result } = await runOnly(dir, 'terraform-validate');
    expect(result!.findings).toEqual([
      expect.objectContaining({
        file: 'infra/envs/staging',
        severity: 'error',
        message: expect.stringMatching(/terraform init from the provider mirror .* failed[\s\S]*hashicorp\/aws/),
      }),
    ]);
  }, 120_000);

  it('says in its verdict that it did not run when no provider mirror is available', async () => {
    mirror.hide = true;
    try {
      const dir = await fixture(root('>= 5.100, < 7', region.replace('ATTRIBUTE', 'var.region')));
      const { result, report } = await runOnly(dir, 'terraform-validate');
      expect(result!.skipped).toMatch(/^no Terraform provider mirror on this machine .*terraform validate did not run/);
      expect(report.ok).toBe(false);
    } finally {
      mirror.hide = false;
    }
  });
});
