import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { Optional } from './validation';

class Plain {
  @Optional() @IsString() name?: string;
}
class Nullable {
  @Optional({ nullable: true }) @IsString() name?: string | null;
}

const errors = (cls: any, body: object) => validateSync(plainToInstance(cls, body) as object).length;

describe('Optional()', () => {
  it('accepts a missing field and refuses null unless nullable', () => {
    expect(errors(Plain, {})).toBe(0);
    expect(errors(Plain, { name: 'x' })).toBe(0);
    expect(errors(Plain, { name: null })).toBe(1);
    expect(errors(Plain, { name: 3 })).toBe(1);
  });
  it('with nullable accepts null too', () => {
    expect(errors(Nullable, {})).toBe(0);
    expect(errors(Nullable, { name: null })).toBe(0);
    expect(errors(Nullable, { name: 3 })).toBe(1);
  });
});
