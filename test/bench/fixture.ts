/**
 * A service skeleton shaped like the one the issue measured (83 files, ~193 KB), written three
 * times with the same substitutions: for our engine (ejs + escapers), for Backstage's
 * fetch:template (nunjucks) and for cookiecutter (jinja), so every renderer does the same work.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const FILES = 83;
const BODY_LINES = 39; // ~2.3 KB a file

type Syntax = { name: string; description: string; snakeDir: string };

const SYNTAX: Record<'engine' | 'backstage' | 'cookiecutter', Syntax> = {
  engine: {
    name: '<%= names.slug %>',
    description: '<%- esc.yaml(values.description) %>',
    snakeDir: '<%= names.snake %>',
  },
  backstage: { name: '${{ values.name }}', description: '${{ values.description }}', snakeDir: '${{ values.snake }}' },
  cookiecutter: {
    name: '{{ cookiecutter.name }}',
    description: '{{ cookiecutter.description }}',
    snakeDir: '{{ cookiecutter.snake }}',
  },
};

function fileBody(s: Syntax, i: number): string {
  const lines = [`# ${s.name}: module ${i}`, `description = ${s.description}`];
  for (let l = 0; l < BODY_LINES; l++) {
    lines.push(
      l % 16 === 0
        ? `log.info("service ${s.name} step ${l}")`
        : `value_${l} = compute(${l}, factor=${i}) # keeps the file realistic`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the skeleton for one renderer under `root`; returns the folder the renderer reads. */
export function writeSkeleton(root: string, kind: keyof typeof SYNTAX): string {
  const s = SYNTAX[kind];
  const base = kind === 'cookiecutter' ? join(root, `{{ cookiecutter.name }}`) : join(root, 'skeleton');
  const suffix = kind === 'engine' ? '.ejs' : '';
  for (let i = 0; i < FILES; i++) {
    const rel = i < 40 ? `src/${s.snakeDir}/module_${i}.py${suffix}` : `docs/page_${i}.md${suffix}`;
    const abs = join(base, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, fileBody(s, i));
  }
  return base;
}

export const VALUES = { name: 'payments-api', description: 'Moves money between ledgers' };
