import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Gate publishing on the policy check of the rendered repository (the golden path is read from its .golden-path.yaml)',
    example: `steps:
  - id: check
    name: Check against policy
    action: golden-path:check
`,
  },
  {
    description: 'Check a repository rendered into a sub-folder, without running its own test suite',
    example: `steps:
  - id: check
    name: Check against policy
    action: golden-path:check
    input:
      path: service
      skip: [service-tests]
`,
  },
];
