/**
 * Issue 14, item 10 (server side of what the browser test checks in Chromium): the intake page marks
 * every field it requires — always (`required aria-required="true"`: Jenis kelamin among them), or
 * under a condition the page's script (served from this host) keeps up to date: the reporter's
 * relationship unless "Korban melapor sendiri", the referring institution for a referral, a
 * perpetrator's relationship once the row is used, at least one violence type.
 */
import { Role } from '../src/platform/auth/permissions';
import { createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

describe('intake form: required fields are marked (e2e)', () => {
  let t: TestApp;
  let html: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    html = (await (await pageLogin(t, 'fd')).get('/cases/new').expect(200)).text.replace(/&#x3D;/g, '=');
  });
  afterAll(() => t.close());

  const control = (id: string) =>
    new RegExp(`<(select|input|textarea) id="${id}"[^>]*>`).exec(html)?.[0] ?? '';

  it('marks the always-required fields with required and aria-required', () => {
    for (const id of ['channel', 'receivedAt', 'victimFullName', 'victimSex', 'incidentPlaceType']) {
      expect({ id, required: / required aria-required="true"/.test(control(id)) }).toEqual({
        id,
        required: true,
      });
    }
    expect(html).toMatch(
      /<label for="victimSex">Jenis kelamin <span class="required-mark">\(wajib\)<\/span><\/label>/,
    );
  });

  it('marks the conditional ones for the script, which the page loads from this host', () => {
    expect(control('reporterRelationship')).toContain('data-required-if="unchecked:selfReported"');
    expect(control('referringInstitutionId')).toContain(
      'data-required-if="value:channel=institution_referral"',
    );
    for (const row of [1, 2, 3])
      expect(control(`perp${row}Relationship`)).toContain('data-required-if="filled:fieldset"');
    expect(html).toMatch(
      /<fieldset class="checks" id="violenceTypes" data-required-one="Pilih paling sedikit satu\."/,
    );
    expect(html).toContain('<script src="/static/js/required-if.js" defer></script>');
  });

  it('serves the script', async () => {
    const res = await (await pageLogin(t, 'fd')).get('/static/js/required-if.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain('data-required-if');
  });
});
