import { describe, expect, it } from 'vitest';
import { fixture, runOnly, text } from '../testing/fixture.js';

const workflow = (steps: string) => text`
  name: ci
  on:
    issues:
      types: [opened]
  permissions:
    contents: read
  jobs:
    build:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@v4
${steps}
`;

describe('actionlint validator', () => {
  it('passes a clean workflow (a tag instead of a SHA is not its concern)', async () => {
    const dir = await fixture({
      '.github/workflows/ci.yml': workflow(`
        - name: greet
          env:
            TITLE: \${{ github.event.issue.title }}
          run: |
            echo "title: $TITLE"
            echo '\${{ github.sha }}' > sha.txt`),
    });
    const { report, result, messages } = await runOnly(dir, 'actionlint');
    expect(messages).toEqual([]);
    expect(result!.files).toBe(1);
    expect(report.ok).toBe(true);
  });

  it('flags an untrusted expression in run: on its line', async () => {
    const dir = await fixture({
      '.github/workflows/ci.yml': workflow('        - run: echo "${{ github.event.issue.title }}"'),
    });
    const { report, result } = await runOnly(dir, 'actionlint');
    expect(report.ok).toBe(false);
    // Once: actionlint's own "potentially untrusted" for the same expression is not repeated.
    expect(result!.findings).toEqual([
      expect.objectContaining({
        line: 12,
        severity: 'error',
        message: expect.stringContaining('untrusted ${{ github.event.issue.title }}'),
      }),
    ]);
  });

  it('shellchecks run: blocks and maps findings to the file line', async () => {
    const dir = await fixture({
      '.github/workflows/ci.yml': workflow(`
        - name: deploy
          run: |
            echo "start"
            rm -rf $TARGET/build
            cd dist`),
    });
    const { result } = await runOnly(dir, 'actionlint');
    expect(result!.findings).toEqual([
      expect.objectContaining({ line: 16, severity: 'error', message: expect.stringContaining('SC2086') }),
    ]);
  });

  it('flags an unquoted expression like an unquoted variable', async () => {
    const dir = await fixture({ '.github/workflows/ci.yml': workflow('        - run: ls ${{ runner.temp }}') });
    const { messages } = await runOnly(dir, 'actionlint');
    expect(messages).toEqual([expect.stringMatching(/:12 .*SC2086/)]);
  });

  it('reports actionlint errors such as an undefined job in needs', async () => {
    const dir = await fixture({
      '.github/workflows/ci.yml': text`
        on: push
        jobs:
          test:
            needs: [biuld]
            runs-on: ubuntu-latest
            steps:
              - run: echo ok
      `,
    });
    const { messages } = await runOnly(dir, 'actionlint');
    expect(messages).toEqual([expect.stringMatching(/:3 .*biuld.*\[job-needs\]/)]);
  });

  describe('composite actions', () => {
    const action = (steps: string) => text`
      name: publish
      description: Publishes
      inputs:
        image:
          description: the image
          required: true
      runs:
        using: composite
        steps:
${steps}
    `;

    it('passes inputs passed through env:', async () => {
      const dir = await fixture({
        '.github/actions/publish/action.yml': action(`
          - shell: bash
            env:
              IMAGE: \${{ inputs.image }}
            run: docker push "$IMAGE"`),
      });
      const { messages } = await runOnly(dir, 'actionlint');
      expect(messages).toEqual([]);
    });

    it('flags inputs.* in run: and a misspelt input, on the action lines', async () => {
      const dir = await fixture({
        '.github/actions/publish/action.yml': action(`
          - shell: bash
            run: |
              docker push "\${{ inputs.image }}"
              echo "\${{ inputs.imgae }}"`),
      });
      const { result } = await runOnly(dir, 'actionlint');
      const lines = (pattern: RegExp) => result!.findings.filter(f => pattern.test(f.message)).map(f => f.line);
      expect(lines(/untrusted/)).toEqual([13, 14]);
      // actionlint places an error inside a block scalar on its `run: |` line.
      expect(lines(/imgae.*\[expression\]/)).toEqual([12]);
    });
  });
});
