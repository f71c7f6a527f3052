import { HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, validate } from 'class-validator';
import { CaseDetailDto, UpdateCaseDto } from '../../case/dto/case.dto';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { CsrfFormDto } from '../../web/forms';
import { dropUndefined, Field, FormLongText, List, numberOf, problemsOf, Text } from './intake-form.dto';

/*
 * The case page's "correct details" form: the fields PATCH /api/cases/:id accepts, under the intake
 * form's field names (so labels, messages and partials are shared), converted into UpdateCaseDto and
 * validated with the API's rules. Every field is sent: an emptied optional field clears the value,
 * an emptied required one (name, place, violence types) is refused as required.
 */
export class CorrectionFormDto extends CsrfFormDto {
  @Text() version?: string;

  // victim
  @Text() victimFullName?: string;
  @Text() victimNik?: string;
  @Text() victimBirthDate?: string;
  @Text() victimAddress?: string;
  @Text() victimDistrict?: string;
  @Text() victimPhone?: string;
  @Text() victimPhoneSafeToCall?: string;
  @Text() victimEducation?: string;
  @Text() victimOccupation?: string;
  @Text() victimMaritalStatus?: string;

  // incident
  @Text() incidentPlaceType?: string;
  @Text() incidentLocation?: string;
  @List() violenceTypes: string[] = [];
  @Field([IsOptional(), FormLongText(), IsString(), MaxLength(25000)]) narrative?: string;
}

/** The form's values for a case as it is now (the prefilled form). */
export function correctionValues(detail: CaseDetailDto): Record<string, unknown> {
  const v = detail.victim;
  const i = detail.incident as {
    placeType?: string;
    location?: string | null;
    violenceTypes?: string[];
    narrative?: string | null;
  };
  return {
    version: String(detail.version),
    victimFullName: v.fullName,
    victimNik: v.nik ?? '',
    victimBirthDate: v.birthDate ?? '',
    victimAddress: v.address ?? '',
    victimDistrict: v.district ?? '',
    victimPhone: v.phone ?? '',
    victimPhoneSafeToCall: v.phoneSafeToCall ?? '',
    victimEducation: v.education ?? '',
    victimOccupation: v.occupation ?? '',
    victimMaritalStatus: v.maritalStatus ?? '',
    incidentPlaceType: i.placeType ?? '',
    incidentLocation: i.location ?? '',
    violenceTypes: i.violenceTypes ?? [],
    narrative: i.narrative ?? '',
  };
}

/** Not given → null: the API's "clear this value" (refused by the API for the required fields). */
const orNull = (value: string | undefined): string | null => value ?? null;

/** The UpdateCaseDto the form describes, validated with the API's rules (a 400 naming form fields). */
export async function buildUpdateCase(form: CorrectionFormDto): Promise<UpdateCaseDto> {
  const plain = {
    version: form.version === undefined ? undefined : numberOf(form.version),
    victim: {
      fullName: orNull(form.victimFullName),
      nik: orNull(form.victimNik?.replace(/\s+/g, '')),
      birthDate: orNull(form.victimBirthDate),
      address: orNull(form.victimAddress),
      district: orNull(form.victimDistrict),
      phone: orNull(form.victimPhone),
      phoneSafeToCall: orNull(form.victimPhoneSafeToCall),
      education: orNull(form.victimEducation),
      occupation: orNull(form.victimOccupation),
      maritalStatus: orNull(form.victimMaritalStatus),
    },
    incident: {
      placeType: orNull(form.incidentPlaceType),
      location: orNull(form.incidentLocation),
      violenceTypes: form.violenceTypes ?? [],
      narrative: orNull(form.narrative),
    },
  };
  const dto = plainToInstance(UpdateCaseDto, dropUndefined(plain));
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, problemsOf(errors, []));
  }
  return dto;
}

/** Refusals of the correction that belong to one field. */
export const CORRECTION_ERROR_FIELDS: Record<string, string> = {
  [ErrorCode.UnknownDistrict]: 'victimDistrict',
  [ErrorCode.DateInFuture]: 'victimBirthDate',
};
