import { HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { QuickCaseDto } from '../../case/dto/case.dto';
import { CsrfFormDto } from '../../web/forms';
import { dropUndefined, List, numberOf, problemsOf, Text, yesNo } from './intake-form.dto';

/*
 * The quick intake page's form (a crisis walk-in): the few flat HTML fields a front desk needs to open
 * a case safely, converted into the API's QuickCaseDto and validated with its rules, so that a problem
 * is reported against the form field it came from.
 */

export class QuickIntakeFormDto extends CsrfFormDto {
  @Text() channel?: string;
  @Text() receivedAt?: string;
  @Text() referringInstitutionId?: string;
  @Text() victimFullName?: string;
  @Text() victimSex?: string;
  @Text() victimEstimatedAge?: string;
  @Text() victimBirthYear?: string;
  @Text() victimPhone?: string;
  @Text() victimPhoneSafeToCall?: string;
  @List() violenceTypes: string[] = [];
  @Text() immediateDanger?: string;
}

/** The quick form's fields, in the order of the page (what the front desk fills at most). */
export const QUICK_FIELDS = [
  'channel',
  'receivedAt',
  'referringInstitutionId',
  'victimFullName',
  'victimSex',
  'victimEstimatedAge',
  'victimBirthYear',
  'victimPhone',
  'victimPhoneSafeToCall',
  'violenceTypes',
  'immediateDanger',
] as const;

const QUICK_PATHS: Record<string, string> = {
  'victim.fullName': 'victimFullName',
  'victim.sex': 'victimSex',
  'victim.estimatedAge': 'victimEstimatedAge',
  'victim.birthYear': 'victimBirthYear',
  'victim.phone': 'victimPhone',
  'victim.phoneSafeToCall': 'victimPhoneSafeToCall',
  victim: 'victimFullName',
};

/** The form field a QuickCaseDto property path came from. */
export function quickFieldOf(path: string): string {
  return QUICK_PATHS[path] ?? path;
}

/** The QuickCaseDto the form describes, validated with the API's rules (a 400 naming the form's fields). */
export async function buildQuickCase(form: QuickIntakeFormDto): Promise<QuickCaseDto> {
  const plain = {
    channel: form.channel,
    receivedAt: form.receivedAt,
    referringInstitutionId: form.channel === 'institution_referral' ? form.referringInstitutionId : undefined,
    victim: {
      fullName: form.victimFullName,
      sex: form.victimSex,
      estimatedAge: numberOf(form.victimEstimatedAge),
      birthYear: form.victimEstimatedAge === undefined ? numberOf(form.victimBirthYear) : undefined,
      phone: form.victimPhone,
      phoneSafeToCall: form.victimPhoneSafeToCall,
    },
    violenceTypes: form.violenceTypes ?? [],
    immediateDanger: yesNo(form.immediateDanger),
  };
  const dto = plainToInstance(QuickCaseDto, dropUndefined(plain));
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new AppException(
      ErrorCode.ValidationFailed,
      HttpStatus.BAD_REQUEST,
      {},
      problemsOf(errors, []).map((p) => ({ ...p, field: quickFieldOf(p.field) })),
    );
  }
  return dto;
}
