/**
 * Checks that a case's stored history still matches its chain and every anchor of the case row.
 *
 *   npm run verify -- <case number>            ok (with the verification code) or broken (exit 1)
 *   npm run verify -- <case number> <code>     also: which state of the history a printed code names
 *
 * Works on the configured database (DATABASE_URL or DATABASE_PATH / DATA_DIR, as the application)
 * with the application's master key (ENCRYPTION_KEY, or DATA_DIR/encryption.key in development): it
 * unwraps the history's chain key, without which nobody can tell a keyed history from a forged one.
 * The chain covers the stored (encrypted) values: no case data key is needed. Prints case numbers,
 * counts, event types, times and hashes only — never personal data.
 */
import { print } from './print';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../case/case-event.entity';
import { loadChainKey } from '../case/case-chain-key';
import { ChainProblem, verificationCode, verifyChain } from '../case/case-chain';
import { Case } from '../case/case.entity';
import { prepareDataDirs } from '../platform/common/private-files';
import { buildAppConfig } from '../platform/config/app.config';
import { hasMasterKey, KEY_FILE } from '../platform/crypto/key-ring';
import { buildDataSourceOptions } from '../platform/database/database.options';

const ANCHOR_PROBLEMS: Partial<Record<ChainProblem, string>> = {
  count: 'The case records a number of events other than those stored',
  head: 'The head named by the case is not the last stored event',
  seal: "The case's head does not match its seal (the case row was changed, or events removed)",
  unsealed: "The case's head carries no seal",
};

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
  if (!hasMasterKey(config)) {
    // Without the application's master key the chain key cannot be unwrapped (and no new key is made).
    out(
      `No master key: set ENCRYPTION_KEY, or DATA_DIR to the application's (${KEY_FILE} is not in ${config.dataDir}).`,
    );
    return 2;
  }
  prepareDataDirs(config, { create: false });
  const ds = new DataSource(buildDataSourceOptions(config.database));
  await ds.initialize();
  try {
    const chainKey = await loadChainKey(ds, config);
    if (!chainKey) {
      out('This database has no history chain key yet: start the application once, then verify.');
      return 2;
    }
    const c = await ds.manager.findOne(Case, {
      where: { number },
      select: { id: true, number: true, eventCount: true, headHash: true, headSeal: true },
    });
    if (!c) {
      out(`No case with number ${number}.`);
      return 1;
    }
    // Every stored event of the case, not only those up to the count the case row names.
    const events = await ds.manager.find(CaseEvent, { where: { caseId: c.id }, order: { seq: 'ASC' } });
    const chain = verifyChain(events, c, chainKey);
    if (!chain.ok || !chain.headHash) {
      const broken = events.find((e) => e.seq === chain.brokenAtSeq);
      const anchor = chain.problem ? ANCHOR_PROBLEMS[chain.problem] : undefined;
      out(`Case ${c.number}: history BROKEN.`);
      out(
        anchor
          ? `${anchor}: ${events.length} event${events.length === 1 ? '' : 's'} stored, ${c.eventCount} recorded.`
          : broken
            ? `First broken event: #${broken.seq} (${broken.type}, ${broken.at.toISOString()}).`
            : `The chain breaks at event #${chain.brokenAtSeq}.`,
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
