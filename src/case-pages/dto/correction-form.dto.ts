import { HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, validate } from 'class-validator';
import { REPORTER_NOT_RECORDED } from '../../case/case.constants';
import { CaseDetailDto, UpdateCaseDto } from '../../case/dto/case.dto';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { CsrfFormDto } from '../../web/forms';
import { FormBoolean } from '../../platform/common/validation';
import {
  dropUndefined,
  Field,
  FormLongText,
  List,
  numberOf,
  PERPETRATOR_ROWS,
  perpetratorsOf,
  problemsOf,
  Text,
} from './intake-form.dto';

/** The most perpetrator rows the correction form takes (the API's limit). */
export const MAX_PERPETRATOR_ROWS = 20;

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

  // reporter: none (the victim reported herself) or who reported
  @Field([FormBoolean(), IsOptional()]) selfReported?: boolean;
  @Text() reporterRelationship?: string;
  @Text() reporterName?: string;
  @Text() reporterPhone?: string;
  @Text() reporterAddress?: string;

  // incident
  @Text() incidentDate?: string;
  @Text() incidentDateEnd?: string;
  @Text() incidentTime?: string;
  @Text() incidentPlaceType?: string;
  @Text() incidentLocation?: string;
  @List() violenceTypes: string[] = [];
  @Field([IsOptional(), FormLongText(), IsString(), MaxLength(25000)]) narrative?: string;

  // perpetrators: rows perp1… (declared below, up to MAX_PERPETRATOR_ROWS)
}

// The perpetrator rows perp<n>Sex/Age/Relationship/Name, n = 1…MAX_PERPETRATOR_ROWS.
for (let row = 1; row <= MAX_PERPETRATOR_ROWS; row++)
  for (const part of ['Sex', 'Age', 'Relationship', 'Name'])
    Text()(CorrectionFormDto.prototype, `perp${row}${part}`);

/** How many perpetrator rows the form shows: the recorded ones and at least one empty row to add one. */
export function perpetratorRowCount(recorded: number): number {
  return Math.min(MAX_PERPETRATOR_ROWS, Math.max(PERPETRATOR_ROWS, recorded + 1));
}

/** The perpetrator rows for the view: each row's fields with their names, values and messages. */
export function perpetratorRowsView(
  values: Record<string, unknown>,
  errors: Record<string, string>,
): Record<string, unknown>[] {
  let recorded = 0;
  for (let row = 1; row <= MAX_PERPETRATOR_ROWS; row++)
    if (['Sex', 'Age', 'Relationship', 'Name'].some((p) => values[`perp${row}${p}`])) recorded = row;
  return Array.from({ length: perpetratorRowCount(recorded) }, (_, i) => {
    const row = i + 1;
    const field = (part: string) => ({
      name: `perp${row}${part}`,
      value: values[`perp${row}${part}`] ?? '',
      error: errors[`perp${row}${part}`],
    });
    return {
      row,
      sex: field('Sex'),
      age: field('Age'),
      relationship: field('Relationship'),
      fullName: field('Name'),
    };
  });
}

/** The form's values for a case as it is now (the prefilled form). */
export function correctionValues(detail: CaseDetailDto): Record<string, unknown> {
  const v = detail.victim;
  const i = detail.incident as {
    date?: string | null;
    dateEnd?: string | null;
    time?: string | null;
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
    // Not recorded (a quick intake): neither "the victim reported" nor a reporter, to be chosen.
    selfReported: !detail.reporterRelationship,
    reporterRelationship:
      detail.reporterRelationship === REPORTER_NOT_RECORDED ? '' : (detail.reporterRelationship ?? ''),
    reporterName: (detail.reporter?.name as string | null | undefined) ?? '',
    reporterPhone: (detail.reporter?.phone as string | null | undefined) ?? '',
    reporterAddress: (detail.reporter?.address as string | null | undefined) ?? '',
    incidentDate: i.date ?? '',
    incidentDateEnd: i.dateEnd ?? '',
    incidentTime: i.time ?? '',
    incidentPlaceType: i.placeType ?? '',
    incidentLocation: i.location ?? '',
    violenceTypes: i.violenceTypes ?? [],
    narrative: i.narrative ?? '',
    ...Object.fromEntries(
      detail.perpetrators.flatMap((p, n) => [
        [`perp${n + 1}Sex`, p.sex ?? ''],
        [`perp${n + 1}Age`, p.age === null ? '' : String(p.age)],
        [`perp${n + 1}Relationship`, p.relationship],
        [`perp${n + 1}Name`, p.name ?? ''],
      ]),
    ),
  };
}

/** Not given → null: the API's "clear this value" (refused by the API for the required fields). */
const orNull = (value: string | undefined): string | null => value ?? null;

/** The UpdateCaseDto the form describes, validated with the API's rules (a 400 naming form fields). */
export async function buildUpdateCase(form: CorrectionFormDto): Promise<UpdateCaseDto> {
  const { perpetrators, perpetratorRows } = perpetratorsOf(form, MAX_PERPETRATOR_ROWS);
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
      date: orNull(form.incidentDate),
      dateEnd: orNull(form.incidentDateEnd),
      time: orNull(form.incidentTime),
      placeType: orNull(form.incidentPlaceType),
      location: orNull(form.incidentLocation),
      violenceTypes: form.violenceTypes ?? [],
      narrative: orNull(form.narrative),
    },
    perpetrators,
    // Unticked "the victim reported": the reporter's fields, the relationship required (as at intake).
    reporter: form.selfReported
      ? null
      : {
          relationship: form.reporterRelationship,
          name: orNull(form.reporterName),
          phone: orNull(form.reporterPhone),
          address: orNull(form.reporterAddress),
        },
  };
  const dto = plainToInstance(UpdateCaseDto, dropUndefined(plain));
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new AppException(
      ErrorCode.ValidationFailed,
      HttpStatus.BAD_REQUEST,
      {},
      problemsOf(errors, perpetratorRows),
    );
  }
  return dto;
}

/** Refusals of the correction that belong to one field. */
export const CORRECTION_ERROR_FIELDS: Record<string, string> = {
  [ErrorCode.UnknownDistrict]: 'victimDistrict',
  [ErrorCode.DateInFuture]: 'victimBirthDate',
  [ErrorCode.IncidentPeriodInvalid]: 'incidentDateEnd',
};

/** The form field of a refusal naming the API field it concerns (`args.field`). */
export const CORRECTION_API_FIELDS: Record<string, string> = {
  'victim.birthDate': 'victimBirthDate',
  'incident.date': 'incidentDate',
};
