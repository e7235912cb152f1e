import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'After publish:github, set the change control the pipeline needs: golden-path/base, required checks, environments',
    example: `steps:
  - id: publish-github
    name: Publish the repository to GitHub
    action: publish:github
    input:
      repoUrl: github.com?owner=acme-fintech&repo=payments-api
      protectDefaultBranch: true
  - id: change-control
    name: Set environments and required checks
    action: golden-path:github-change-control
    input:
      repoUrl: github.com?owner=acme-fintech&repo=payments-api
      commitHash: \${{ steps['publish-github'].output.commitHash }}
      owner: group:default/payments-team
`,
  },
];
