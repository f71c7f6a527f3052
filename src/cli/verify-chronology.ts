/**
 * Checks that a case's stored history still matches its hash chain.
 *
 *   npm run verify -- <case number>            ok (with the verification code) or broken (exit 1)
 *   npm run verify -- <case number> <code>     also: which state of the history a printed code names
 *
 * Works on the configured database (DATABASE_URL or DATABASE_PATH / DATA_DIR, as the application)
 * without the encryption key: the chain covers the stored (encrypted) values. Prints case numbers,
 * counts, event types, times and hashes only — never personal data.
 */
import { print } from './print';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity';
import { verificationCode, verifyChain } from '../cases/case-event.service';
import { Case } from '../cases/case.entity';
import { prepareDataDirs } from '../common/private-files';
import { buildAppConfig } from '../config/app.config';
import { buildDataSourceOptions } from '../database/database.options';

const USAGE = 'usage: npm run verify -- <case number> [<verification code from a print>]';
const CODE = /^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/;

export async function verifyCase(
  args: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
): Promise<number> {
  const [number, rawCode, ...rest] = args;
  const code = rawCode?.trim().toUpperCase();
  if (!number || rest.length || (code !== undefined && !CODE.test(code))) {
    out(USAGE);
    return 2;
  }
  const config = buildAppConfig(env);
  prepareDataDirs(config);
  const ds = new DataSource(buildDataSourceOptions(config.database));
  await ds.initialize();
  try {
    const c = await ds.manager.findOne(Case, {
      where: { number },
      select: { id: true, number: true, eventCount: true, headHash: true },
    });
    if (!c) {
      out(`No case with number ${number}.`);
      return 1;
    }
    const events = await ds.manager.find(CaseEvent, { where: { caseId: c.id }, order: { seq: 'ASC' } });
    const chain = verifyChain(events, c.eventCount, c.headHash);
    if (!chain.ok) {
      const broken = events.find((e) => e.seq === chain.brokenAtSeq);
      out(`Case ${c.number}: history BROKEN.`);
      out(
        broken
          ? `First broken event: #${broken.seq} (${broken.type}, ${broken.at.toISOString()}).`
          : `The chain ends at event #${events.length}, but the case records ${c.eventCount} events.`,
      );
      out('Prints of this case show a warning instead of a verification code.');
      return 1;
    }
    out(`Case ${c.number}: history OK (${chain.eventCount} event${chain.eventCount === 1 ? '' : 's'}).`);
    out(`Verification code: ${verificationCode(chain.headHash)}`);
    out(`Head of the hash chain: ${chain.headHash}`);
    if (code) {
      const state = [...events].reverse().find((e) => verificationCode(e.hash) === code);
      if (!state) {
        out(`The code ${code} names no state of this history.`);
        return 1;
      }
      out(
        state.seq === events.length
          ? `The code ${code} names the current history.`
          : `The code ${code} names the history up to event #${state.seq} of ${events.length} (${state.at.toISOString()}); later events were added since.`,
      );
    }
    return 0;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  verifyCase(process.argv.slice(2), process.env, print).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Verification failed to run: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
