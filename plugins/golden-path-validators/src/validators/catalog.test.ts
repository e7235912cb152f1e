import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';

const component = (spec: string) => text`
  apiVersion: backstage.io/v1alpha1
  kind: Component
  metadata:
    name: payments-api
    description: Payments
  spec:
    type: service
    lifecycle: production
${spec}
`;

describe('catalog validator', () => {
  it('passes a component with an owner', async () => {
    const dir = await fixture({ 'catalog-info.yaml': component('    owner: group:default/payments') });
    const { report, result } = await runOnly(dir, 'catalog');
    expect(result).toMatchObject({ files: 1, findings: [] });
    expect(report.ok).toBe(true);
  });

  it('flags a component without an owner', async () => {
    const dir = await fixture({ 'catalog-info.yaml': component('') });
    const { report, messages } = await runOnly(dir, 'catalog');
    expect(report.ok).toBe(false);
    expect(messages).toContainEqual(expect.stringContaining('has no owner'));
  });

  it('flags an invalid name, a foreign root field and an unknown kind, on the entity line', async () => {
    const dir = await fixture({
      'catalog-info.yaml': text`
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: Payments API!
        spec: { type: service, lifecycle: production, owner: payments }
        extra: true
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Gadget
        metadata:
          name: thing
        spec: {}
      `,
    });
    const { result, messages } = await runOnly(dir, 'catalog');
    expect(messages.join('\n')).toMatch(/extra/);
    expect(messages.join('\n')).toMatch(/Gadget thing: unknown kind/);
    expect(result!.findings.find(f => f.message.includes('Gadget'))?.line).toBe(8);
  });
});
