import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: "Upgrade a service to its golden path's current version and open a pull request",
    example: `steps:
  - id: upgrade
    name: Upgrade
    action: golden-path:upgrade
    input:
      entityRef: component:default/payments-api
`,
  },
  {
    description: 'Upgrade to a named version, changing a recorded value on the way',
    example: `steps:
  - id: upgrade
    name: Upgrade
    action: golden-path:upgrade
    input:
      entityRef: component:default/payments-api
      toVersion: 2.0.0
      values:
        alarmEmail: payments-alerts@acme-fintech.example
`,
  },
];
