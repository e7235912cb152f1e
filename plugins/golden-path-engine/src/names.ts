import { createHash } from 'node:crypto';

/** Spellings of a service name for each place it lands; templates never transform names themselves. */
export interface NameVariants {
  raw: string;
  /** kebab-case: repositories, DNS labels, catalog entity names. */
  slug: string;
  /** snake_case: Python packages and modules. */
  snake: string;
  /** PascalCase: classes and types. */
  pascal: string;
  /** camelCase: JavaScript identifiers. */
  camel: string;
  /** UPPER_SNAKE_CASE: environment variable prefixes. */
  upperSnake: string;
  /** Title Case: headings. */
  title: string;
  /**
   * Safe for every AWS resource name the golden paths create: lowercase letters, digits and hyphens,
   * starting with a letter, at most 32 characters (the ALB and target group limit). A longer name is
   * cut and given a short hash so two long names stay distinct.
   */
  aws: string;
}

export const AWS_NAME_MAX = 32;

function words(raw: string): string[] {
  return raw
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w.toLowerCase());
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Is this a value the name variants can be made of (whatever the field's pattern allows), and if not why. */
export function nameValueProblem(raw: string): string | undefined {
  return words(raw).length ? undefined : 'must contain a letter or a digit (every name is made of them)';
}

export function nameVariants(raw: string): NameVariants {
  const w = words(raw);
  if (w.length === 0) throw new Error(`name "${raw}" ${nameValueProblem(raw)}`);
  const slug = w.join('-');
  let aws = /^[a-z]/.test(slug) ? slug : `svc-${slug}`;
  if (aws.length > AWS_NAME_MAX) {
    const hash = createHash('sha256').update(slug).digest('hex').slice(0, 6);
    aws = `${aws.slice(0, AWS_NAME_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  return {
    raw,
    slug,
    snake: w.join('_'),
    pascal: w.map(cap).join(''),
    camel: w[0] + w.slice(1).map(cap).join(''),
    upperSnake: w.join('_').toUpperCase(),
    title: w.map(cap).join(' '),
    aws,
  };
}

/**
 * The AWS names the ecs-fargate part derives from the service's AWS name, with the limits AWS sets
 * on each (the longest of each kind; infra/README.md lists them all). A name that would break one
 * is refused when it is entered, not at `terraform apply`.
 */
export const DERIVED_AWS_NAMES: readonly { what: string; name: (aws: string) => string; max: number }[] = [
  { what: 'load balancer', name: n => n, max: 32 },
  { what: 'target group', name: n => n, max: 32 },
  { what: 'IAM role', name: n => `${n}-image-push`, max: 64 },
  { what: 'WAF web ACL metric', name: n => `${n}-AWSManagedRulesKnownBadInputsRuleSet`, max: 128 },
  { what: 'CloudWatch alarm', name: n => `${n}-running-tasks-below-desired`, max: 255 },
  { what: 'security group', name: n => `${n}-tasks`, max: 255 },
  { what: 'SNS topic', name: n => `${n}-alarms`, max: 256 },
  { what: 'ECR repository', name: n => n, max: 256 },
  { what: 'Secrets Manager secret', name: n => `${n}/django-secret-key`, max: 512 },
  { what: 'CloudWatch log group', name: n => `aws-waf-logs-${n}`, max: 512 },
];

/** AWS refuses load balancer names that start with it (it marks internal load balancers' DNS names). */
const RESERVED_PREFIX = 'internal-';

/**
 * Why a service name cannot name its AWS resources, or undefined when it can: the message of a
 * validation issue on the name field ("must ..."). The derived names are checked as spelled before
 * `nameVariants` would shorten them, since a shortened name no longer matches the service's.
 */
export function awsNameProblem(raw: string): string | undefined {
  const w = words(raw);
  if (w.length === 0) return 'must have letters or digits';
  const slug = w.join('-');
  const aws = /^[a-z]/.test(slug) ? slug : `svc-${slug}`;
  if (aws.startsWith(RESERVED_PREFIX)) {
    return `must not start with "${RESERVED_PREFIX}": AWS refuses load balancer names that start with it, and the load balancer is named after the service`;
  }
  for (const derived of DERIVED_AWS_NAMES) {
    const name = derived.name(aws);
    if (name.length > derived.max) {
      const allowed = derived.max - (name.length - aws.length);
      return `must be at most ${allowed} characters: the ${derived.what} named after it ("${name}", ${name.length} characters) may have at most ${derived.max}`;
    }
  }
  return undefined;
}
