/** Whether a create may ask questions: only on a terminal, and never with --yes or --json. */
export function isInteractive(o: { interactive?: boolean; yes?: boolean; json?: boolean }): boolean {
  return o.interactive ?? (!o.yes && !o.json && process.stdin.isTTY === true);
}
