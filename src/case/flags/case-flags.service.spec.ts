import { Permission } from '../../platform/auth/permissions';
import { AppException } from '../../platform/common/app.exception';
import { FakeClock } from '../../platform/common/clock';
import { AuthContext } from '../../platform/common/request-context';
import { CaseFlag } from './case-flag.entity';
import { CaseFlagsService } from './case-flags.service';
import { flagKindKey, isDefaultFlagKind } from './case-flag.constants';

const CASE = { id: 'case-1', dataKeyId: 'key-1', stage: 'in_support' };

function actor(permissions: Permission[]): AuthContext {
  return {
    userId: 'u-1',
    username: 'konselor',
    displayName: 'Konselor',
    roles: ['counselor'],
    permissions: new Set(permissions),
    institutionId: null,
    sessionId: 's',
    mustChangePassword: false,
    language: 'id',
  };
}

/** The service over an in-memory flags table: one case, the settings' default kinds. */
function setup(existing: Partial<CaseFlag>[] = []) {
  const rows: Partial<CaseFlag>[] = existing.map((r) => ({ ...r }));
  const matches = (row: Partial<CaseFlag>, where: Record<string, unknown>) =>
    Object.entries(where).every(([k, v]) => (row as Record<string, unknown>)[k] === v);
  const m = {
    findOne: jest.fn(
      async (_: unknown, opts: { where: Record<string, unknown> }) =>
        rows.find((r) => matches(r, opts.where)) ?? null,
    ),
    create: jest.fn((_: unknown, value: Partial<CaseFlag>) => ({ ...value })),
    save: jest.fn(async (row: Partial<CaseFlag>) => {
      if (!row.id) {
        row.id = `00000000-0000-4000-8000-00000000000${rows.length + 1}`;
        rows.push(row);
      }
      return row;
    }),
    find: jest.fn(async () => []),
  };
  const tx = { run: jest.fn((work: (mm: typeof m) => unknown) => work(m)), manager: m };
  const ledger = { lockForWork: jest.fn(async () => CASE) };
  const events = { append: jest.fn(async () => ({})) };
  const settings = {
    centre: jest.fn(async () => ({
      flagKinds: ['perpetrator_dangerous', 'media_attention', 'child_reabduction_risk'],
    })),
  };
  const service = new CaseFlagsService(
    tx as any,
    {} as any,
    ledger as any,
    events as any,
    settings as any,
    new FakeClock(new Date('2026-12-07T08:00:00Z')),
  );
  return { service, rows, events, ledger };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof AppException ? [e.getStatus(), e.code] : e;
  }
  throw new Error('not refused');
};

describe('CaseFlagsService', () => {
  const writer = actor([Permission.FlagsRead, Permission.FlagsWrite]);

  it('sets a flag of a settings kind and appends `flag.set` with the reason in the details', async () => {
    const { service, rows, events } = setup();
    await service.set(writer, CASE.id, { kind: 'media_attention', reason: 'Wartawan datang' });
    expect(rows).toEqual([
      expect.objectContaining({
        caseId: CASE.id,
        dataKeyId: 'key-1',
        activeCaseId: CASE.id,
        kind: 'media_attention',
        reason: 'Wartawan datang',
        setById: 'u-1',
      }),
    ]);
    expect(events.append).toHaveBeenCalledWith(CASE.id, writer, {
      type: 'flag.set',
      summaryArgs: { kind: 'media_attention' },
      details: { flagId: rows[0].id, reason: 'Wartawan datang' },
    });
  });

  it('refuses an unknown kind and a kind already set (400), and a reader without flags.write (403)', async () => {
    const { service, events } = setup([
      { id: 'f1', caseId: CASE.id, activeCaseId: CASE.id, kind: 'media_attention' },
    ]);
    await expect(codeOf(service.set(writer, CASE.id, { kind: 'bored', reason: 'abc' }))).resolves.toEqual([
      400,
      'FLAG_KIND_UNKNOWN',
    ]);
    await expect(
      codeOf(service.set(writer, CASE.id, { kind: 'media_attention', reason: 'abc' })),
    ).resolves.toEqual([400, 'FLAG_ALREADY_SET']);
    const reader = actor([Permission.FlagsRead]);
    await expect(
      codeOf(service.set(reader, CASE.id, { kind: 'perpetrator_dangerous', reason: 'abc' })),
    ).resolves.toEqual([403, 'FORBIDDEN']);
    expect(events.append).not.toHaveBeenCalled();
  });

  it('removes an active flag with its reason, once', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const { service, rows, events } = setup([
      { id, caseId: CASE.id, activeCaseId: CASE.id, kind: 'perpetrator_dangerous', setById: 'u-2' },
    ]);
    await service.remove(writer, CASE.id, id, 'Pelaku ditahan');
    expect(rows[0]).toEqual(
      expect.objectContaining({ activeCaseId: null, removedById: 'u-1', removalReason: 'Pelaku ditahan' }),
    );
    expect(events.append).toHaveBeenCalledWith(CASE.id, writer, {
      type: 'flag.removed',
      summaryArgs: { kind: 'perpetrator_dangerous' },
      details: { flagId: id, reason: 'Pelaku ditahan' },
    });
    await expect(codeOf(service.remove(writer, CASE.id, id, 'lagi'))).resolves.toEqual([400, 'FLAG_NOT_SET']);
    await expect(codeOf(service.remove(writer, CASE.id, 'not-an-id', 'abc'))).resolves.toEqual([
      404,
      'NOT_FOUND',
    ]);
  });
});

describe('flag kind words', () => {
  it('translates the default kinds and shows an administrator’s kind as typed', () => {
    expect(isDefaultFlagKind('needs_interpreter')).toBe(true);
    expect(flagKindKey('needs_interpreter')).toBe('flags.kinds.needs_interpreter');
    expect(flagKindKey('Korban hamil')).toBeNull();
    expect(flagKindKey('kinds')).toBeNull();
  });
});
