import { MAX_BODY_DEPTH, unacceptableBody } from './bootstrap';

describe('unacceptableBody (bodies and query strings refused with 400 before validation)', () => {
  it('accepts ordinary text, emoji (a surrogate pair) and bodies of the allowed depth', () => {
    expect(unacceptableBody({ name: 'Rumah Aman Melati', note: 'baik 👍', list: ['a', { b: 1 }] }, 32)).toBe(
      false,
    );
    let deep: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH - 1; i++) deep = { a: deep };
    expect(unacceptableBody(deep, MAX_BODY_DEPTH)).toBe(false);
  });

  it('refuses a body nested deeper than allowed', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH + 1; i++) deep = { a: deep };
    expect(unacceptableBody(deep, MAX_BODY_DEPTH)).toBe(true);
  });

  it('refuses a lone surrogate in a value or a key', () => {
    expect(unacceptableBody({ email: 'a\ud800@x.id' }, 32)).toBe(true);
    expect(unacceptableBody({ ['k\udc00']: 'x' }, 32)).toBe(true);
  });

  it('refuses a NUL character in a value or a key, at any depth (PostgreSQL text cannot hold one)', () => {
    expect(unacceptableBody({ name: 'Rumah\u0000Aman' }, 32)).toBe(true);
    expect(unacceptableBody({ list: [{ note: 'x\u0000' }] }, 32)).toBe(true);
    expect(unacceptableBody({ ['a\u0000']: 'x' }, 32)).toBe(true);
    expect(unacceptableBody({ q: ['Siti', 'Aminah\u0000'] }, 32)).toBe(true);
  });
});
