import { TemplateError } from './errors.js';

/**
 * Who owns a generated file after creation, which decides what an upgrade does with it:
 * - managed: the platform's (security gates, the hardening workflow, the Terraform module): an
 *   upgrade writes the new version; a local edit is drift, reported and overwritten;
 * - merged: shared (README, catalog-info, app config): three-way merged, conflicts kept as markers;
 * - seeded: the service's own (its code and tests): written at creation, never touched again.
 */
export type FileClass = 'managed' | 'merged' | 'seeded';
export const FILE_CLASSES: readonly FileClass[] = ['managed', 'merged', 'seeded'];

/** `files:` of a part.yaml or runtime.yaml: globs over skeleton paths, per class. */
export type FileClassGlobs = Partial<Record<FileClass, string[]>>;

const globs = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/** The JSON Schema of a `files:` declaration. */
export const FILE_CLASSES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { managed: globs, merged: globs, seeded: globs },
} as const;

/**
 * A glob as a regular expression over '/'-separated paths: `**` any number of folders, `*` and `?`
 * within one name; dot files match like any other (a skeleton's .github is ordinary content).
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Decides the class of each file of one skeleton (a part's or the runtime's). */
export interface FileClassifier {
  /** The class of a skeleton path ('.ejs' dropped); throws TemplateError unless exactly one class matches. */
  classOf(skeletonPath: string): FileClass;
}

/** Parses a `files:` declaration (`where` names the file for errors). */
export function fileClassifier(declaration: unknown, where: string): FileClassifier {
  if (declaration === undefined || declaration === null) {
    return {
      classOf: path => {
        throw new TemplateError(
          `${where}: declares no file classes (files: managed/merged/seeded), so ${path} has none`,
        );
      },
    };
  }
  if (typeof declaration !== 'object' || Array.isArray(declaration)) {
    throw new TemplateError(`${where}: files must map managed/merged/seeded to lists of globs`);
  }
  const rules: { cls: FileClass; glob: string; re: RegExp }[] = [];
  for (const [cls, list] of Object.entries(declaration)) {
    if (!FILE_CLASSES.includes(cls as FileClass)) {
      throw new TemplateError(`${where}: files.${cls} is not a file class (allowed: ${FILE_CLASSES.join(', ')})`);
    }
    if (!Array.isArray(list) || list.some(g => typeof g !== 'string' || !g)) {
      throw new TemplateError(`${where}: files.${cls} must be a list of globs`);
    }
    for (const glob of list as string[]) rules.push({ cls: cls as FileClass, glob, re: globToRegExp(glob) });
  }
  return {
    classOf(path) {
      const hits = rules.filter(r => r.re.test(path));
      const classes = [...new Set(hits.map(h => h.cls))];
      if (classes.length === 1) return classes[0]!;
      if (!classes.length) throw new TemplateError(`${where}: ${path} matches no glob of files.managed/merged/seeded`);
      const which = hits.map(h => `${h.cls} "${h.glob}"`).join(', ');
      throw new TemplateError(`${where}: ${path} has more than one class (${which})`);
    },
  };
}
