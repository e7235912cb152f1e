import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: "Register the published service for its owner, on the task initiator's behalf",
    example: `steps:
  - id: register
    name: Register in the catalog
    action: golden-path:register
    input:
      catalogInfoUrl: https://github.com/acme-fintech/payments-ledger/blob/main/catalog-info.yaml
      owner: group:default/payments
`,
  },
];
