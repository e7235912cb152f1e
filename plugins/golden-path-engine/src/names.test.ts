import { describe, expect, it } from 'vitest';
import { AWS_NAME_MAX, nameVariants } from './names.js';

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
    expect(() => nameVariants('--')).toThrow(/no letters/);
  });
});
