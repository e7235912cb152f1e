import { LineCounter, isNode, parseAllDocuments, parseDocument, type Document } from 'yaml';

/** A YAML file parsed with positions, so that findings can name a line. */
export interface YamlSource {
  documents: Document.Parsed[];
  lineOf(offset: number): number;
}

export function parseYamlSource(text: string, all = true): YamlSource {
  const lineCounter = new LineCounter();
  const parsed = all ? parseAllDocuments(text, { lineCounter }) : [parseDocument(text, { lineCounter })];
  // parseAllDocuments returns an EmptyStream (an array) for an empty file.
  const documents = Array.isArray(parsed) ? parsed : [parsed];
  return { documents, lineOf: offset => lineCounter.linePos(offset).line };
}

/** The line of the node at `path` (keys and indexes), or of the closest ancestor that exists. */
export function lineOfPath(source: YamlSource, doc: Document.Parsed, path: (string | number)[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return source.lineOf(node.range[0]);
  }
  return undefined;
}

/** A yaml library error message without its position (reported as the line) and code frame. */
export function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}
