/**
 * Output of the command-line tools: their result, on stdout, one line at a time. The tools print
 * ids, counts, hashes and file names only — never personal data (the app itself logs through the
 * redacting logger).
 */
export function print(line: string): void {
  process.stdout.write(line.endsWith('\n') ? line : line + '\n');
}
