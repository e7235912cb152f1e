import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: 'Publish the workspace as acme-fintech/payments-ledger in the local git remote, then register it',
    example: `steps:
  - id: publish
    name: Publish the repository
    action: golden-path:publish
    input:
      repoOwner: acme-fintech
      name: payments-ledger
  - id: register
    name: Register in the catalog
    action: catalog:register
    input:
      catalogInfoUrl: \${{ steps.publish.output.catalogInfoUrl }}
`,
  },
  {
    description: 'Publish with a commit message and author of your own',
    example: `steps:
  - id: publish
    name: Publish the repository
    action: golden-path:publish
    input:
      repoOwner: \${{ parameters.githubOrg }}
      name: \${{ parameters.name }}
      gitCommitMessage: Create \${{ parameters.name }} from the python-django-service golden path
      gitAuthorName: Platform team
      gitAuthorEmail: platform@example.com
`,
  },
];
