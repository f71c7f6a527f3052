import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../common/paths';
import { AppException, ErrorCode } from '../common/app.exception';

export const MIN_PASSWORD_LENGTH = 10;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    // Read from the source tree: tsc does not copy .txt files into dist/.
    const text = fs.readFileSync(path.join(PROJECT_ROOT, 'src/platform/auth/common-passwords.txt'), 'utf8');
    common = new Set(
      text
        .split(/\r?\n/)
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return common;
}

/** The rule a password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): ErrorCode | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return ErrorCode.PasswordTooShort;
  const lower = password.toLowerCase();
  if (username && lower === username.toLowerCase()) return ErrorCode.PasswordIsUsername;
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(password)) return ErrorCode.PasswordTooCommon;
  return null;
}

export function assertPasswordAcceptable(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw AppException.rule(problem, { min: MIN_PASSWORD_LENGTH });
}
