import { describe, expect, it } from 'vitest';
import { extractRunBlocks, findUntrustedExpressions, type RunBlock } from './run-blocks.js';
import { text } from './testing/fixture.js';
import { parseYamlSource } from './yaml-source.js';

const block = (script: string): RunBlock => ({ where: 'x', script, line: 10, shell: 'bash' });
const untrusted = (script: string) => findUntrustedExpressions(block(script)).map(u => `${u.line} ${u.expression}`);

describe('run blocks', () => {
  it('finds attacker-controlled expressions, with their line', () => {
    expect(
      untrusted(
        'echo "${{ github.event.pull_request.title }}"\ngit checkout ${{github.head_ref}}\necho ${{ inputs.tag }}',
      ),
    ).toEqual(['10 ${{ github.event.pull_request.title }}', '11 ${{github.head_ref}}', '12 ${{ inputs.tag }}']);
    expect(untrusted("echo ${{ github['head_ref'] }} ${{ toJSON(github.event) }}")).toHaveLength(2);
  });

  it('leaves trusted contexts alone', () => {
    expect(
      untrusted(
        'echo "${{ github.event_name }} ${{ github.sha }} ${{ steps.build.outputs.digest }} ${{ env.inputs }}"',
      ),
    ).toEqual([]);
  });

  it('extracts run: scripts with their first line and shell', () => {
    const source = parseYamlSource(
      text`
        on: push
        defaults:
          run:
            shell: sh
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - run: echo one
              - shell: pwsh
                run: Write-Host two
          b:
            runs-on: ubuntu-latest
            defaults: { run: { shell: "bash --noprofile --norc -eo pipefail {0}" } }
            steps:
              - run: |
                  echo three
      `,
      false,
    );
    const blocks = extractRunBlocks(source, source.documents[0]!, 'workflow');
    expect(blocks.map(b => [b.where, b.line, b.shell])).toEqual([
      ['jobs.a.steps[0]', 9, 'sh'],
      ['jobs.a.steps[1]', 11, 'pwsh'],
      ['jobs.b.steps[0]', 17, 'bash'],
    ]);
  });
});
