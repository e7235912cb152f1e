/**
 * Internet-facing services say how clients authenticate (python-django-service 2.0.0, issue 11
 * item 6): the form asks (alb-oidc, jwt or cidr-allow-list, each with what it needs), refuses an
 * internet-facing service without an answer naming the field, and the rendered Terraform carries
 * the choice to the module (a sign-in at the load balancer, the token settings for the service, or
 * the allowed networks as the only ingress); the WAF's per-address rate limit is an input whose
 * default follows the data classification. `terraform validate` and trivy on each of these
 * renders run in every-golden-path.test.ts (one example per choice).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GoldenPathEngine, ValuesError } from '@golden-path/engine';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
const gp = engine.load('python-django-service');
const example = (name: string) =>
  parse(readFileSync(join(gp.examplesDir, `${name}.yaml`), 'utf8')) as Record<string, unknown>;

function issues(values: Record<string, unknown>): { field: string; message: string }[] {
  try {
    engine.prepare(gp, values);
  } catch (e) {
    if (e instanceof ValuesError) return e.issues;
    throw e;
  }
  return [];
}

/** The module arguments the root passes (for every environment), as Terraform parses them. */
async function moduleArguments(values: Record<string, unknown>) {
  const plan = engine.plan(engine.prepare(gp, values));
  const file = 'infra/environment/main.tf';
  const text = plan.files.find(f => f.path === file)!.content.toString('utf8');
  const hcl = (await parseHcl(file, text)) as { module: { service: Record<string, unknown>[] } };
  return hcl.module.service[0]!;
}

describe('the form', () => {
  const internet = { ...example('partner-gateway') };
  delete internet.clientAuth;
  delete internet.clientCidrs;

  it('refuses an internet-facing service that does not say how clients authenticate, naming the field', () => {
    expect(issues(internet)).toEqual([{ field: 'clientAuth', message: expect.stringMatching(/^is required/) }]);
  });

  it('asks each choice for what it needs, naming the missing or wrong field', () => {
    expect(issues({ ...internet, clientAuth: 'alb-oidc' }).map(i => i.field)).toEqual(
      expect.arrayContaining(['oidcIssuer', 'oidcClientId']),
    );
    // Only the fields of the choice made.
    expect(issues({ ...internet, clientAuth: 'jwt' }).map(i => i.field)).toEqual([
      'jwtIssuer',
      'jwtAudience',
      'jwtJwksUrl',
    ]);
    expect(issues({ ...internet, clientAuth: 'cidr-allow-list', clientCidrs: ['0.0.0.0/33'] })).toContainEqual({
      field: 'clientCidrs.0',
      message: expect.stringMatching(/^must match/),
    });
    expect(issues({ ...internet, wafRateLimit: 50 })).toContainEqual({
      field: 'wafRateLimit',
      message: expect.stringMatching(/^must be at least 100/),
    });
  });

  it('takes an internal service without any of it', () => {
    expect(issues(example('payments-api'))).toEqual([]);
  });
});

describe('the root passes the choice to the module', () => {
  it('alb-oidc: the provider the load balancer signs people in with', async () => {
    const args = await moduleArguments(example('card-vault'));
    expect(args.client_auth).toBe('alb-oidc');
    expect(args.alb_oidc).toEqual({
      issuer: 'https://login.acme-fintech.example',
      authorization_endpoint: 'https://login.acme-fintech.example/oauth2/v1/authorize',
      token_endpoint: 'https://login.acme-fintech.example/oauth2/v1/token',
      user_info_endpoint: 'https://login.acme-fintech.example/oauth2/v1/userinfo',
      client_id: '0oa1card-vault',
    });
  });

  it('jwt: the issuer, audience and keys the service checks tokens against (hostile text kept as data)', async () => {
    const values = example('hostile');
    const args = await moduleArguments(values);
    expect(args.client_auth).toBe('jwt');
    const jwt = args.jwt as Record<string, string>;
    // HCL JSON keeps Terraform's template escapes ($${ and %%{) literally.
    expect(jwt.audience!.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')).toBe(values.jwtAudience);
    expect(jwt.jwks_url).toBe(values.jwtJwksUrl);
  });

  it('cidr-allow-list: the allowed networks, and the rate limit given', async () => {
    const args = await moduleArguments(example('partner-gateway'));
    expect(args).toMatchObject({
      client_auth: 'cidr-allow-list',
      client_cidrs: ['203.0.113.0/24', '198.51.100.7/32'],
      waf_rate_limit: 20000,
    });
  });

  it('internal: no client authentication, the default rate limit', async () => {
    const args = await moduleArguments(example('payments-api'));
    expect(args).not.toHaveProperty('client_auth');
    expect(args).not.toHaveProperty('waf_rate_limit');
  });
});

describe('the module', () => {
  const plan = engine.plan(engine.prepare(gp, example('payments-api')));
  const hcl = async (file: string) =>
    (await parseHcl(file, plan.files.find(f => f.path === file)!.content.toString('utf8'))) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- HCL JSON, read by path

  it('defaults the WAF rate limit by data classification, leaving room for clients behind NAT', async () => {
    const waf = await hcl('infra/modules/service/waf.tf');
    expect(waf.locals[0].waf_rate_limit_defaults).toEqual({ pci: 2000, confidential: 5000, internal: 10000 });
  });

  it('lets clients in only from the allowed networks when asked (one rule per network and port)', async () => {
    const network = await hcl('infra/modules/service/network.tf');
    expect(network.locals[0].client_cidrs).toContain('var.client_cidrs');
    for (const rule of ['alb_https', 'alb_http']) {
      const r = network.resource.aws_vpc_security_group_ingress_rule[rule][0];
      expect(r.count).toBe('${length(local.client_cidrs)}');
      expect(r.cidr_ipv4).toBe('${local.client_cidrs[count.index]}');
    }
  });

  it('signs people in at the load balancer before forwarding when asked', async () => {
    const alb = await hcl('infra/modules/service/alb.tf');
    const listener = alb.resource.aws_lb_listener.https[0];
    expect(listener.dynamic.default_action[0].content[0].type).toBe('authenticate-oidc');
    expect(listener.default_action[0].type).toBe('forward');
  });
});
