import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      "Before publish:github, check that every environment's reviewers are on GitHub, so a mistyped approver creates nothing",
    example: `steps:
  - id: github-reviewers
    name: Check the environments' reviewers on GitHub
    action: golden-path:github-reviewers
    input:
      repoUrl: github.com?owner=acme-fintech&repo=payments-api
      owner: group:default/payments-team
  - id: publish-github
    name: Publish the repository to GitHub
    action: publish:github
    input:
      repoUrl: github.com?owner=acme-fintech&repo=payments-api
`,
  },
];
