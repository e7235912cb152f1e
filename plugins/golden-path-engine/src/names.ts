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

export function nameVariants(raw: string): NameVariants {
  const w = words(raw);
  if (w.length === 0) throw new Error(`name "${raw}" has no letters or digits`);
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
