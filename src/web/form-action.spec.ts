import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuditService } from '../platform/audit/audit.service';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import type { AppRequest } from '../platform/common/request-context';
import { formAction, runForm } from './form-action';

function harness() {
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const reply = { redirect: jest.fn().mockResolvedValue(undefined), setCookie: jest.fn() };
  return {
    audit,
    reply,
    req: {} as AppRequest,
    a: audit as unknown as AuditService,
    r: reply as unknown as FastifyReply,
  };
}

const rule = () => AppException.rule('SOMETHING_REFUSED');

describe('runForm (the page kit form action)', () => {
  it('on success audits the action as allowed, flashes and answers 303 to the next page', async () => {
    const h = harness();
    const problem = jest.fn();
    await runForm(
      h.req,
      h.r,
      h.a,
      {
        action: 'pug.manage',
        resourceId: 'r1',
        flash: 'pug.flash.saved',
        next: (id: string) => `/x/${id}`,
        problem,
      },
      async () => 'new-id',
    );
    expect(h.audit.record).toHaveBeenCalledWith(h.req, {
      action: 'pug.manage',
      resourceType: 'pug',
      resourceId: 'r1',
      outcome: 'allowed',
    });
    expect(h.reply.setCookie).toHaveBeenCalledWith('flash', 'success:pug.flash.saved', expect.any(Object));
    expect(h.reply.redirect).toHaveBeenCalledWith('/x/new-id', 303);
    expect(problem).not.toHaveBeenCalled();
  });

  it('audits a created record under its new id when asked to', async () => {
    const h = harness();
    await runForm(
      h.req,
      h.r,
      h.a,
      {
        action: 'a.b',
        flash: 'f',
        next: () => '/',
        createdId: (c: { id: string }) => c.id,
        problem: jest.fn(),
      },
      async () => ({ id: 'c9' }),
    );
    expect(h.audit.record.mock.calls[0][1]).toMatchObject({ resourceId: 'c9', outcome: 'allowed' });
  });

  it('answers a success with its own page when given one: audited first, no flash, no redirect', async () => {
    const h = harness();
    const order: string[] = [];
    h.audit.record.mockImplementation(async () => void order.push('audit'));
    const answer = jest.fn(async (id: string) => void order.push(`answer ${id}`));
    await runForm(
      h.req,
      h.r,
      h.a,
      { action: 'a.b', resourceId: 'u1', answer, problem: jest.fn() },
      async () => 'u1',
    );
    expect(order).toEqual(['audit', 'answer u1']);
    expect(h.audit.record.mock.calls[0][1]).toMatchObject({ resourceId: 'u1', outcome: 'allowed' });
    expect(h.reply.setCookie).not.toHaveBeenCalled();
    expect(h.reply.redirect).not.toHaveBeenCalled();
  });

  it('shows a refusal of a rule as the form problem, audited as failed with its code, without a flash', async () => {
    const h = harness();
    const problem = jest.fn().mockResolvedValue(undefined);
    await runForm(
      h.req,
      h.r,
      h.a,
      { action: 'a.b', resourceId: 'r1', flash: 'f', next: () => '/', problem },
      async () => {
        throw rule();
      },
    );
    expect(problem).toHaveBeenCalledWith(expect.objectContaining({ code: 'SOMETHING_REFUSED' }));
    expect(h.audit.record.mock.calls[0][1]).toMatchObject({ outcome: 'failed', code: 'SOMETHING_REFUSED' });
    expect(h.reply.setCookie).not.toHaveBeenCalled();
    expect(h.reply.redirect).not.toHaveBeenCalled();
  });

  it.each([HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN, HttpStatus.UNAUTHORIZED])(
    'sends %s to the error page (rethrown), audited, not shown on the form',
    async (status) => {
      const h = harness();
      const problem = jest.fn();
      const err = new AppException(ErrorCode.NotFound, status);
      await expect(
        runForm(h.req, h.r, h.a, { action: 'a.b', flash: 'f', next: () => '/', problem }, async () => {
          throw err;
        }),
      ).rejects.toBe(err);
      expect(problem).not.toHaveBeenCalled();
      expect(h.audit.record.mock.calls[0][1]).toMatchObject({
        outcome: status === HttpStatus.FORBIDDEN ? 'denied' : 'failed',
      });
    },
  );

  it('lets a form choose which refusals it shows', async () => {
    const h = harness();
    const problem = jest.fn().mockResolvedValue(undefined);
    const forbidden = AppException.forbidden();
    await runForm(
      h.req,
      h.r,
      h.a,
      { action: 'a.b', flash: 'f', next: () => '/', problem, shows: () => true },
      async () => {
        throw forbidden;
      },
    );
    expect(problem).toHaveBeenCalledWith(forbidden);
  });

  it('rethrows what is not an application refusal', async () => {
    const h = harness();
    const boom = new Error('boom');
    await expect(
      runForm(
        h.req,
        h.r,
        h.a,
        { action: 'a.b', flash: 'f', next: () => '/', problem: jest.fn() },
        async () => {
          throw boom;
        },
      ),
    ).rejects.toBe(boom);
  });
});

describe('formAction (a form that goes back to its page)', () => {
  it('goes back to the anchor with a flash, or with ?error=<CODE>', async () => {
    const ok = harness();
    await formAction(
      ok.r,
      ok.req,
      ok.a,
      { back: '/cases/1', anchor: 'referrals', action: 'a.b', flash: 'f', resourceId: '1' },
      async () => undefined,
    );
    expect(ok.reply.redirect).toHaveBeenCalledWith('/cases/1#referrals', 303);
    const refused = harness();
    await formAction(
      refused.r,
      refused.req,
      refused.a,
      { back: '/cases/1', anchor: 'referrals', action: 'a.b', flash: 'f', resourceId: '1' },
      async () => {
        throw rule();
      },
    );
    expect(refused.reply.redirect).toHaveBeenCalledWith('/cases/1?error=SOMETHING_REFUSED#referrals', 303);
    expect(refused.reply.setCookie).not.toHaveBeenCalled();
  });
});
