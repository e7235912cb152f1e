import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DockerfileParser, type Dockerfile, type From } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { baseName } from '../files.js';
import type { Validator, ValidatorOutcome } from '../types.js';

type Findings = ValidatorOutcome['findings'];

export function isDockerfile(file: string): boolean {
  const name = baseName(file);
  return /^(?:Dockerfile|Containerfile)(?:\..+)?$/.test(name) || name.endsWith('.Dockerfile');
}

/** Dockerfiles are valid and follow the hardening policy. */
export const dockerfileValidator: Validator = {
  name: 'dockerfile',
  appliesTo: files => files.map(f => f.path).filter(isDockerfile),
  async run(dir, files) {
    const findings: Findings = [];
    for (const file of files) {
      const content = await readFile(path.join(dir, file), 'utf8');
      for (const diagnostic of validate(content)) {
        // LSP severities: 1 error, 2 warning.
        findings.push({
          file,
          line: diagnostic.range.start.line + 1,
          severity: diagnostic.severity === 1 ? 'error' : 'warning',
          message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        });
      }
      findings.push(...checkPolicy(DockerfileParser.parse(content)).map(f => ({ file, ...f })));
    }
    return { findings };
  },
};

interface PolicyFinding {
  line: number;
  severity: 'error';
  message: string;
}

/** Pinned base images, no `latest`, no remote ADD, a non-root user in the final stage. */
export function checkPolicy(dockerfile: Dockerfile): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const problem = (line: number, message: string) => findings.push({ line: line + 1, severity: 'error', message });
  const stages = new Set<string>();

  const froms = dockerfile.getFROMs();
  for (const from of froms) {
    const line = from.getRange().start.line;
    const image = imageOf(from);
    if (!image) {
      problem(line, 'FROM names no image');
    } else if (image.includes('$')) {
      problem(
        line,
        `FROM ${image}: the image comes from a variable without a default; it cannot be checked for a digest`,
      );
    } else if (!stages.has(image.toLowerCase()) && image !== 'scratch') {
      const ref = parseImageRef(image);
      if (!ref.digest) problem(line, `FROM ${image}: pin the base image by digest (image@sha256:...)`);
      if (ref.tag === 'latest') problem(line, `FROM ${image}: the "latest" tag is not allowed`);
    }
    const stage = from.getBuildStage();
    if (stage) stages.add(stage.toLowerCase());
  }

  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() !== 'ADD') continue;
    const sources = instruction
      .getArguments()
      .slice(0, -1)
      .map(a => a.getValue());
    for (const source of sources.filter(isRemoteSource)) {
      problem(
        instruction.getRange().start.line,
        `ADD ${source}: do not ADD from a URL; download with a checksum check in RUN, or COPY`,
      );
    }
  }

  const finalFrom = froms.at(-1);
  if (finalFrom) {
    const finalStart = finalFrom.getRange().start.line;
    const users = dockerfile
      .getInstructions()
      .filter(i => i.getKeyword() === 'USER' && i.getRange().start.line > finalStart);
    const lastUser = users.at(-1);
    if (!lastUser) {
      problem(finalStart, 'the final stage sets no USER: it would run as root');
    } else if (isRoot(lastUser.getExpandedArguments()[0]?.getValue() ?? '')) {
      problem(lastUser.getRange().start.line, 'the final stage runs as root: USER must name a non-root user');
    }
  }
  return findings;
}

/** The image of a FROM with build arguments' defaults expanded. */
function imageOf(from: From): string | undefined {
  return from.getExpandedArguments()[0]?.getValue();
}

/** `registry:5000/name:tag@sha256:...` → tag and digest (a registry's port is not a tag). */
export function parseImageRef(image: string): { tag?: string; digest?: string } {
  const [nameAndTag, digest] = image.split('@', 2) as [string, string | undefined];
  const lastSegment = nameAndTag.slice(nameAndTag.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return { tag: colon >= 0 ? lastSegment.slice(colon + 1) : undefined, digest };
}

function isRemoteSource(source: string): boolean {
  return /^(?:https?|ftp|git):\/\//i.test(source) || /^git@/.test(source) || /\.git(?:#.*)?$/.test(source);
}

/** `root`, `0`, `root:root`, `0:0`, `root:1000`. */
function isRoot(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === 'root' || name === '0';
}
