import type { FastifyReply } from 'fastify';
import { IsString } from 'class-validator';
import type { AuditService } from '../platform/audit/audit.service';
import { AppException } from '../platform/common/app.exception';
import type { AppRequest, AuthContext } from '../platform/common/request-context';
import type { Translator } from '../platform/i18n/translator';
import { PageKit } from './page-kit';
import { posted, RecordPages, RecordPageSpec } from './record-pages';

class NameDto {
  @IsString() name: string;
}

type Thing = { id: string; name: string; version: number };

function setup(over: Partial<RecordPageSpec<Thing, NameDto, NameDto>> = {}) {
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const reply = {
    redirect: jest.fn().mockResolvedValue(undefined),
    setCookie: jest.fn(),
  };
  const kit = new PageKit({} as Translator, audit as unknown as AuditService);
  const rendered: { view: string; data: Record<string, unknown>; status?: number }[] = [];
  jest.spyOn(kit, 'render').mockImplementation(async (_req, _reply, view, data, status) => {
    rendered.push({ view, data, status });
  });
  jest.spyOn(kit, 'problem').mockImplementation((_req, err) => ({
    status: err.getStatus(),
    errorKey: `errors.${err.code}`,
    fieldErrors: [],
    invalid: {},
  }));
  const thing: Thing = { id: 't1', name: 'Pokja', version: 3 };
  const spec: RecordPageSpec<Thing, NameDto, NameDto> = {
    path: '/things',
    action: 'things.manage',
    formView: 'things/form',
    read: jest.fn().mockResolvedValue(thing),
    values: (t) => ({ name: t.name, version: t.version }),
    form: ({ id, raw, problem, record }) => ({
      id,
      form: posted(raw, ['name', 'version']),
      record,
      ...problem,
    }),
    create: {
      dto: NameDto,
      input: (raw) => ({ name: raw.name }),
      run: async () => ({ id: 'n1' }),
      flash: 'created',
    },
    update: { dto: NameDto, input: (raw) => ({ name: raw.name }), run: jest.fn(), flash: 'updated' },
    remove: {
      run: jest.fn(),
      next: () => '/things',
      flash: 'deleted',
      confirm: (id, t) => ({
        title: 't',
        confirmKey: 'k',
        subject: t.name,
        cancelUrl: `/things/${id}`,
        version: t.version,
      }),
    },
    ...over,
  };
  const pages = new RecordPages(kit, spec);
  return { pages, spec, reply, r: reply as unknown as FastifyReply, req: {} as AppRequest, rendered, thing };
}

const auth = { userId: 'u1' } as AuthContext;

describe('RecordPages', () => {
  it('creates and goes to the new record, or re-renders the form with what was typed and the status', async () => {
    const s = setup();
    await s.pages.create(s.req, s.r, auth, { name: 'Pokja' });
    expect(s.reply.redirect).toHaveBeenCalledWith('/things/n1', 303);
    const bad = setup();
    await bad.pages.create(bad.req, bad.r, auth, { name: 7 });
    expect(bad.reply.redirect).not.toHaveBeenCalled();
    expect(bad.rendered).toEqual([
      {
        view: 'things/form',
        data: expect.objectContaining({
          id: null,
          form: { name: '7', version: '' },
          errorKey: 'errors.VALIDATION_FAILED',
        }),
        status: 400,
      },
    ]);
  });

  it('edits from the record, and an update that reads first hands the record to where it goes next', async () => {
    const s = setup();
    expect(await s.pages.editForm('t1')).toMatchObject({ id: 't1', form: { name: 'Pokja', version: '3' } });
    const next = jest.fn().mockReturnValue('/elsewhere');
    const u = setup({
      update: {
        dto: NameDto,
        input: (raw) => ({ name: raw.name }),
        run: jest.fn(),
        readFirst: true,
        next,
        flash: 'updated',
      },
    });
    await u.pages.update(u.req, u.r, 't1', { name: 'Renamed' });
    expect(next).toHaveBeenCalledWith('t1', u.thing);
    expect(u.reply.redirect).toHaveBeenCalledWith('/elsewhere', 303);
  });

  it('confirms a delete with the version read and posts it to <path>/<id>/delete; a stale version shows the confirmation again', async () => {
    const s = setup();
    expect(await s.pages.confirmDelete('t1')).toEqual({
      title: 't',
      confirmKey: 'k',
      subject: 'Pokja',
      actionUrl: '/things/t1/delete',
      cancelUrl: '/things/t1',
      version: 3,
    });
    (s.spec.remove!.run as jest.Mock).mockRejectedValueOnce(AppException.versionConflict());
    await s.pages.remove(s.req, s.r, 't1', { version: '2' });
    expect(s.spec.remove!.run).toHaveBeenCalledWith('t1', 2);
    expect(s.rendered[0]).toMatchObject({
      view: 'pug/confirm',
      status: 409,
      data: { actionUrl: '/things/t1/delete' },
    });
  });

  it('refuses a route handed to a part the spec does not have', async () => {
    const s = setup({ remove: undefined });
    await expect(s.pages.remove(s.req, s.r, 't1', { version: '1' })).rejects.toThrow('no such part');
  });
});
