/**
 * The deploy's image verification (python-django-service 2.0.0, issue 11 item 3): the rendered
 * .github/actions/deploy-ecs/verify-image.sh must refuse, before any task definition is registered,
 * an image that is unsigned, signed by another workflow or ref, without provenance, or from another
 * repository than the service's own ECR repository.
 *
 * cosign cannot be installed here (no Debian bookworm package, not on npm: @sigstore/cli is another
 * CLI), Debian's gh 2.23 predates `gh attestation` (2.49) and Sigstore/GitHub are unreachable, so the script runs against stand-ins on PATH that answer as the
 * real tools document: `cosign verify` exits 0 when a signature's certificate has exactly the given
 * identity and issuer, else 1 ("no matching signatures"), and refuses keyless verification without
 * both flags; `gh attestation verify` exits 0 when an attestation of that predicate type was signed
 * by that identity for that repository, else 1. They record every call, so the test also sees that
 * a foreign image never reaches them. What this checks is the script's decisions, not Sigstore's
 * cryptography.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoldenPathEngine } from '@golden-path/engine';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const SCRIPT = '.github/actions/deploy-ecs/verify-image.sh';
const ISSUER = 'https://token.actions.githubusercontent.com';
const PROVENANCE = 'https://slsa.dev/provenance/v1';
const OWN = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const HARDEN_ON_MAIN = 'https://github.com/acme-fintech/payments-api/.github/workflows/harden.yml@refs/heads/main';

// Stand-ins: a "registry" of signatures and attestations, one `image identity issuer [predicate]` a line.
const COSIGN = `#!/usr/bin/env bash
echo "cosign $*" >> "$STANDIN_DIR/calls"
[ "$1" = verify ] || { echo "Error: unknown command" >&2; exit 1; }
shift; identity=; issuer=; image=
while [ $# -gt 0 ]; do
  case "$1" in
    --certificate-identity) identity="$2"; shift 2 ;;
    --certificate-oidc-issuer) issuer="$2"; shift 2 ;;
    --*) echo "Error: flag not known to this stand-in: $1" >&2; exit 1 ;;
    *) image="$1"; shift ;;
  esac
done
if [ -z "$identity" ] || [ -z "$issuer" ]; then
  echo "Error: --certificate-identity or --certificate-identity-regexp is required for verification in keyless mode" >&2; exit 1
fi
grep -qxF "$image $identity $issuer" "$STANDIN_DIR/signatures" && { echo '[{"critical":{}}]'; exit 0; }
echo "Error: no matching signatures" >&2; exit 1
`;
const GH = `#!/usr/bin/env bash
echo "gh $*" >> "$STANDIN_DIR/calls"
[ "$1 $2" = "attestation verify" ] || { echo "unknown command" >&2; exit 1; }
shift 2; subject=; repo=; identity=; issuer=; predicate=
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo="$2"; shift 2 ;;
    --cert-identity) identity="$2"; shift 2 ;;
    --cert-oidc-issuer) issuer="$2"; shift 2 ;;
    --predicate-type) predicate="$2"; shift 2 ;;
    --deny-self-hosted-runners) shift ;;
    --*) echo "flag not known to this stand-in: $1" >&2; exit 1 ;;
    *) subject="$1"; shift ;;
  esac
done
[ -n "$repo" ] || { echo "one of --owner or --repo is required" >&2; exit 1; }
case "$identity" in "https://github.com/$repo/"*) ;; *) echo "certificate is not from $repo" >&2; exit 1 ;; esac
grep -qxF "\${subject#oci://} $identity $issuer $predicate" "$STANDIN_DIR/attestations" && exit 0
echo "Error: verifying with issuer \\"sigstore.dev\\": no attestations found" >&2; exit 1
`;

let dir: string;

beforeAll(() => {
  const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
  const values = parse(readFileSync(join(REPO, 'templates/python-django-service/examples/payments-api.yaml'), 'utf8'));
  const plan = engine.plan(engine.prepare(engine.load('python-django-service'), values));
  const script = plan.files.find(f => f.path === SCRIPT);
  if (!script) throw new Error(`python-django-service renders no ${SCRIPT}`);
  dir = mkdtempSync(join(tmpdir(), 'verify-image-'));
  writeFileSync(join(dir, 'verify-image.sh'), script.content);
  mkdirSync(join(dir, 'bin'));
  for (const [name, body] of [
    ['cosign', COSIGN],
    ['gh', GH],
  ]) {
    writeFileSync(join(dir, 'bin', name), body);
    chmodSync(join(dir, 'bin', name), 0o755);
  }
});

interface Registry {
  signatures?: string[];
  attestations?: string[];
}

function verify(image: string, registry: Registry, repository = OWN, workflowRef?: string) {
  writeFileSync(join(dir, 'signatures'), (registry.signatures ?? []).map(l => `${l}\n`).join(''));
  writeFileSync(join(dir, 'attestations'), (registry.attestations ?? []).map(l => `${l}\n`).join(''));
  writeFileSync(join(dir, 'calls'), '');
  const args = [join(dir, 'verify-image.sh'), image, repository, ...(workflowRef ? [workflowRef] : [])];
  const run = spawnSync('bash', args, {
    encoding: 'utf8',
    env: {
      PATH: `${join(dir, 'bin')}:/usr/bin:/bin`,
      STANDIN_DIR: dir,
      GITHUB_REPOSITORY: 'acme-fintech/payments-api',
      GITHUB_SERVER_URL: 'https://github.com',
    },
  });
  return { status: run.status, stderr: run.stderr, calls: readFileSync(join(dir, 'calls'), 'utf8') };
}

const image = `${OWN}@${DIGEST}`;
const signed = (img: string, identity = HARDEN_ON_MAIN) => `${img} ${identity} ${ISSUER}`;
const attested = (img: string, identity = HARDEN_ON_MAIN) => `${img} ${identity} ${ISSUER} ${PROVENANCE}`;

describe('verify-image.sh (deploy-time image verification)', () => {
  it('passes an image of the own repository, signed and attested by the hardening workflow on main', () => {
    const r = verify(image, { signatures: [signed(image)], attestations: [attested(image)] });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.calls).toContain(`--certificate-identity ${HARDEN_ON_MAIN} --certificate-oidc-issuer ${ISSUER}`);
    expect(r.calls).toContain(`gh attestation verify oci://${image} --repo acme-fintech/payments-api`);
  });

  it('refuses an unsigned image', () => {
    const r = verify(image, { attestations: [attested(image)] });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no cosign signature by');
  });

  it.each([
    ['another workflow on main', HARDEN_ON_MAIN.replace('harden.yml', 'ci.yml')],
    ['the hardening workflow on another branch', HARDEN_ON_MAIN.replace('refs/heads/main', 'refs/heads/feature')],
    ['the hardening workflow of another repository', HARDEN_ON_MAIN.replace('payments-api', 'evil-api')],
  ])('refuses an image signed by %s', (_what, identity) => {
    const r = verify(image, { signatures: [signed(image, identity)], attestations: [attested(image, identity)] });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no cosign signature by');
  });

  it('refuses a signed image without build provenance by the hardening workflow', () => {
    const other = HARDEN_ON_MAIN.replace('harden.yml', 'ci.yml');
    const r = verify(image, { signatures: [signed(image)], attestations: [attested(image, other)] });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no build provenance attested by');
  });

  it.each([
    ['another account', `999999999999.dkr.ecr.eu-west-1.amazonaws.com/payments-api@${DIGEST}`],
    ['another repository', `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ledger-events@${DIGEST}`],
    ['another registry', `ghcr.io/acme-fintech/payments-api@${DIGEST}`],
  ])('refuses a foreign image (%s) before asking cosign, even if it is signed', (_what, foreign) => {
    const r = verify(foreign, { signatures: [signed(foreign)], attestations: [attested(foreign)] });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`not this service's repository ${OWN}`);
    expect(r.calls).toBe('');
  });

  it.each([
    ['a tag', `${OWN}:latest`],
    ['a tag and a digest', `${OWN}:latest@${DIGEST}`],
    ['a short digest', `${OWN}@sha256:abc`],
  ])('refuses an image named by %s', (_what, img) => {
    const r = verify(img, { signatures: [signed(img)], attestations: [attested(img)] });
    expect(r.status).toBe(1);
    expect(r.calls).toBe('');
  });

  describe("a pull request's preview (ci.yml's preview job)", () => {
    const PREVIEWS = `${OWN}-previews`;
    const preview = `${PREVIEWS}@${DIGEST}`;
    const PR_12 = '.github/workflows/ci.yml@refs/pull/12/merge';
    const CI_ON_PR_12 = `https://github.com/acme-fintech/payments-api/${PR_12}`;

    it('passes an image of the previews repository signed and attested by ci.yml on that pull request', () => {
      const registry = { signatures: [signed(preview, CI_ON_PR_12)], attestations: [attested(preview, CI_ON_PR_12)] };
      const r = verify(preview, registry, PREVIEWS, PR_12);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.calls).toContain(`--certificate-identity ${CI_ON_PR_12} `);
    });

    it.each([
      ['another pull request', CI_ON_PR_12.replace('/12/', '/13/')],
      ['the hardening workflow on main', HARDEN_ON_MAIN],
    ])('refuses an image signed by %s', (_what, identity) => {
      const registry = { signatures: [signed(preview, identity)], attestations: [attested(preview, identity)] };
      const r = verify(preview, registry, PREVIEWS, PR_12);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`no cosign signature by ${CI_ON_PR_12}`);
    });

    it('is refused by staging and production: not their repository, and not signed by main', () => {
      const registry = { signatures: [signed(preview, CI_ON_PR_12)], attestations: [attested(preview, CI_ON_PR_12)] };
      const fromPreviews = verify(preview, registry, OWN);
      expect(fromPreviews.status).toBe(1);
      expect(fromPreviews.stderr).toContain(`not this service's repository ${OWN}`);
      // The same digest copied into the environment's own repository: still not main's signature.
      const copied = { signatures: [signed(image, CI_ON_PR_12)], attestations: [attested(image, CI_ON_PR_12)] };
      const inOwn = verify(image, copied, OWN);
      expect(inOwn.status).toBe(1);
      expect(inOwn.stderr).toContain(`no cosign signature by ${HARDEN_ON_MAIN}`);
    });

    it.each([
      ['ci.yml on a branch', '.github/workflows/ci.yml@refs/heads/feature'],
      ['another workflow on a pull request', '.github/workflows/preview.yml@refs/pull/12/merge'],
      ['pull request 0', '.github/workflows/ci.yml@refs/pull/0/merge'],
      ['a path outside the workflows', '.github/workflows/../../x.yml@refs/heads/main'],
      ['a regular expression', '.github/workflows/ci.yml@refs/pull/.*/merge'],
    ])('refuses %s as the signing workflow, before asking anyone', (_what, ref) => {
      const r = verify(preview, {}, PREVIEWS, ref);
      expect(r.status).toBe(2);
      expect(r.calls).toBe('');
    });
  });

  it('is called by the deploy before Terraform plans or applies the rollout', () => {
    const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
    const values = parse(
      readFileSync(join(REPO, 'templates/python-django-service/examples/payments-api.yaml'), 'utf8'),
    );
    const plan = engine.plan(engine.prepare(engine.load('python-django-service'), values));
    const action = plan.files.find(f => f.path === '.github/actions/deploy-ecs/action.yml');
    const steps = (parse(String(action?.content)) as { runs: { steps: { run?: string }[] } }).runs.steps;
    const at = (needle: string) => steps.findIndex(s => s.run?.includes(needle));
    expect(at('verify-image.sh')).toBeGreaterThan(-1);
    expect(at('verify-image.sh')).toBeLessThan(at('terraform plan'));
    expect(at('verify-image.sh')).toBeLessThan(at('apply'));
  });
});
