/**
 * Issue 14, item 12 (validation messages): a refused field is named in the reader's language, with its
 * place in the body — "Kronologi (Kejadian)", "Hubungan (Pelaku 1)" — never as a path such as
 * `incident.narrative`. Generic: every property that class-validator checks in any DTO a route takes as
 * its body or query (nested classes included) has its name in i18n/<lang>/fields.json in both
 * languages, and every list of objects names its elements (fieldItems.json), so no message can fall
 * back to a raw name.
 */
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { SUPPORTED_LANGUAGES } from '../src/platform/common/request-context';
import { Translator } from '../src/platform/i18n/translator';
import { bearer, intakePayload } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';

const { defaultMetadataStorage } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

describe('field names in validation messages (e2e)', () => {
  let t: TestApp;
  let frontdesk: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    frontdesk = await apiLogin(t, 'fd');
  });
  afterAll(() => t.close());

  it('names nested and listed fields in Bahasa Indonesia and in English', async () => {
    const body = intakePayload({
      incident: { narrative: 12345 },
      perpetrators: [{ sex: 'male', age: 30, relationship: 'alien' }],
      victim: { fullName: '' },
    });
    const id = await request(t.server).post('/api/cases').set(bearer(frontdesk)).send(body).expect(400);
    expect(id.body.code).toBe('VALIDATION_FAILED');
    const messages = id.body.details.map((d: any) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Kronologi \(Kejadian\) /),
        'Hubungan (Pelaku 1) bukan pilihan yang tersedia.',
        expect.stringMatching(/Nama lengkap \(Korban\)/),
      ]),
    );
    // the machine-readable field stays the path; the message never shows it
    expect(id.body.details.map((d: any) => d.field)).toEqual(
      expect.arrayContaining(['incident.narrative', 'perpetrators.0.relationship', 'victim.fullName']),
    );
    expect(id.body.message).not.toMatch(/incident\.|perpetrators\.|victim\.|\bnarrative\b/);

    const en = await request(t.server)
      .post('/api/cases')
      .set(bearer(frontdesk))
      .set('Accept-Language', 'en')
      .send(body)
      .expect(400);
    expect(en.body.details.map((d: any) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Narrative \(Incident\) /),
        expect.stringMatching(/^Relationship \(Perpetrator 1\) /),
      ]),
    );
    expect(en.body.message).not.toMatch(/incident\.|perpetrators\.|victim\./);
  });

  it('every field of every route DTO has its name in both languages', () => {
    const translator = t.app.get(Translator);
    const classes = new Set<any>();
    for (const module of t.app.get(ModulesContainer).values())
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as any;
        if (!type) continue;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {};
          const paramTypes: any[] = Reflect.getMetadata('design:paramtypes', type.prototype, name) ?? [];
          for (const [key, arg] of Object.entries<any>(args)) {
            const kind = Number(key.split(':')[0]);
            if (kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) continue;
            const cls = paramTypes[arg.index];
            if (typeof cls === 'function' && ![Object, String, Number, Boolean, Array].includes(cls))
              classes.add(cls);
          }
        }
      }
    expect(classes.size).toBeGreaterThan(50);
    const storage = getMetadataStorage();
    const missing = new Set<string>();
    const seen = new Set<any>();
    const visit = (cls: any) => {
      if (seen.has(cls)) return;
      seen.add(cls);
      for (const m of storage.getTargetValidationMetadatas(cls, '', true, false)) {
        for (const lang of SUPPORTED_LANGUAGES) {
          if (!translator.has(`fields.${m.propertyName}`, lang))
            missing.add(`${lang}: fields.${m.propertyName} (${cls.name})`);
          if (
            m.type === 'nestedValidation' &&
            m.each &&
            !translator.has(`fieldItems.${m.propertyName}`, lang)
          )
            missing.add(`${lang}: fieldItems.${m.propertyName} (${cls.name})`);
        }
        if (m.type === 'nestedValidation') {
          const nested = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName)?.typeFunction();
          if (nested) visit(nested);
        }
      }
    };
    for (const cls of classes) visit(cls);
    expect([...missing].sort()).toEqual([]);
  });
});
