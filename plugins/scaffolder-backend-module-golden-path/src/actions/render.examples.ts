import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: 'Render the python-django-service golden path with the form values into the workspace',
    example: `steps:
  - id: render
    name: Render the golden path
    action: golden-path:render
    input:
      template: python-django-service
      values: \${{ parameters }}
`,
  },
  {
    description: 'Render a pinned version of a golden path into a sub-folder of the workspace',
    example: `steps:
  - id: render
    name: Render the golden path
    action: golden-path:render
    input:
      template: python-django-service
      version: ^2.0.0
      targetPath: service
      values:
        name: payments-ledger
        description: Keeps the ledger of card payments.
        owner: group:default/payments
        system: payments
        alarmEmail: oncall@example.com
`,
  },
];
