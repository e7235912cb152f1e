import { describe, expect, it } from 'vitest';
import { AWS_NAME_MAX, awsNameProblem, DERIVED_AWS_NAMES, nameValueProblem, nameVariants } from './names.js';

describe('nameVariants', () => {
  it('spells a kebab name every way', () => {
    expect(nameVariants('payments-api')).toEqual({
      raw: 'payments-api',
      slug: 'payments-api',
      snake: 'payments_api',
      pascal: 'PaymentsApi',
      camel: 'paymentsApi',
      upperSnake: 'PAYMENTS_API',
      title: 'Payments Api',
      aws: 'payments-api',
    });
  });

  it('splits camelCase and odd separators', () => {
    expect(nameVariants('cardVault__v2').slug).toBe('card-vault-v2');
  });

  it('keeps AWS names within 32 characters and distinct', () => {
    const a = nameVariants('a-very-long-service-name-for-the-ledger-one');
    const b = nameVariants('a-very-long-service-name-for-the-ledger-two');
    expect(a.aws.length).toBeLessThanOrEqual(AWS_NAME_MAX);
    expect(a.aws).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(a.aws).not.toBe(b.aws);
  });

  it('starts AWS names with a letter', () => {
    expect(nameVariants('9lives').aws).toBe('svc-9lives');
  });

  it('refuses a name with nothing in it', () => {
    expect(() => nameVariants('--')).toThrow(/must contain a letter or a digit/);
    expect(nameValueProblem('..')).toBe('must contain a letter or a digit (every name is made of them)');
    expect(nameValueProblem('a.b')).toBeUndefined();
  });
});

describe('awsNameProblem', () => {
  it('accepts a name every derived AWS name can carry, up to the load balancer limit', () => {
    expect(awsNameProblem('payments-api')).toBeUndefined();
    expect(awsNameProblem('a'.repeat(32))).toBeUndefined();
  });

  it('refuses a name starting with internal-, which AWS refuses for load balancers', () => {
    expect(awsNameProblem('internal-ledger')).toMatch(
      /^must not start with "internal-": AWS refuses load balancer names/,
    );
    expect(awsNameProblem('internals')).toBeUndefined();
  });

  it('refuses a name whose load balancer and target group names would exceed 32 characters', () => {
    expect(awsNameProblem('a'.repeat(33))).toBe(
      `must be at most 32 characters: the load balancer named after it ("${'a'.repeat(33)}", 33 characters) may have at most 32`,
    );
  });

  it('checks every derived name against its own limit', () => {
    for (const derived of DERIVED_AWS_NAMES) {
      expect(derived.name('x'.repeat(32)).length, derived.what).toBeLessThanOrEqual(derived.max);
    }
  });
});
