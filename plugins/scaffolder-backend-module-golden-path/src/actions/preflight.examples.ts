import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Refuse, before anything is rendered or published, an owner or system the catalog does not know, or a taken name',
    example: `steps:
  - id: preflight
    name: Check the owner, the system and the name
    action: golden-path:preflight
    input:
      name: \${{ parameters.name }}
      owner: \${{ parameters.owner }}
      system: \${{ parameters.system }}
`,
  },
  {
    description: 'A golden path without a system field checks the owner and the name only',
    example: `steps:
  - id: preflight
    name: Check the owner and the name
    action: golden-path:preflight
    input:
      name: fraud-scorer
      owner: risk
`,
  },
];
