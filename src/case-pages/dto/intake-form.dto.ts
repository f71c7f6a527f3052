import { HttpStatus } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsArray, IsOptional, IsString, MaxLength, validate, ValidationError } from 'class-validator';
import { AppException, ErrorCode, FieldProblem } from '../../platform/common/app.exception';
import { FormArray, FormBoolean } from '../../platform/common/validation';
import { CreateCaseDto, DuplicateCheckDto } from '../../case/dto/case.dto';
import { CsrfFormDto } from '../../web/forms';

/*
 * The intake page's form: flat HTML field names, converted here into the API's CreateCaseDto and
 * validated with the same rules, so that a problem is reported against the form field it came from.
 */

/** How many perpetrator rows the form offers. */
export const PERPETRATOR_ROWS = 3;

/** Form text: trimmed; empty means "not given". Other types are left for the validators to refuse. */
function FormText() {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  });
}

/** Long form text (the narrative): empty means "not given", otherwise kept as typed. */
export function FormLongText() {
  return Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));
}

const TEXT_MAX = 400;

function text() {
  return [IsOptional(), FormText(), IsString(), MaxLength(TEXT_MAX)];
}

/** Applies a list of property decorators (keeps the field declarations below on one line each). */
export function Field(...decorators: PropertyDecorator[][]): PropertyDecorator {
  return (target, key) => decorators.flat().forEach((d) => d(target, key));
}

export const Text = () => Field(text());
export const List = () =>
  Field([FormArray(), IsArray(), IsString({ each: true }), MaxLength(TEXT_MAX, { each: true })]);

export class IntakeFormDto extends CsrfFormDto {
  // complaint
  @Text() channel?: string;
  @Text() receivedAt?: string;
  @Text() referringInstitutionId?: string;

  // victim
  @Text() victimFullName?: string;
  @Text() victimNik?: string;
  @Text() victimSex?: string;
  @Text() victimBirthDate?: string;
  @Text() victimEstimatedAge?: string;
  @Text() victimAddress?: string;
  @Text() victimDistrict?: string;
  @Text() victimPhone?: string;
  @Text() victimPhoneSafeToCall?: string;
  @Text() victimEducation?: string;
  @Text() victimOccupation?: string;
  @Text() victimMaritalStatus?: string;
  @List() victimDisabilities: string[] = [];
  @Text() victimNationality?: string;

  // reporter
  @Field([FormBoolean(), IsOptional()]) selfReported?: boolean;
  @Text() reporterRelationship?: string;
  @Text() reporterName?: string;
  @Text() reporterPhone?: string;
  @Text() reporterAddress?: string;

  // perpetrators (rows 1..3)
  @Text() perp1Sex?: string;
  @Text() perp1Age?: string;
  @Text() perp1Relationship?: string;
  @Text() perp1Name?: string;
  @Text() perp2Sex?: string;
  @Text() perp2Age?: string;
  @Text() perp2Relationship?: string;
  @Text() perp2Name?: string;
  @Text() perp3Sex?: string;
  @Text() perp3Age?: string;
  @Text() perp3Relationship?: string;
  @Text() perp3Name?: string;

  // incident
  @Text() incidentDate?: string;
  @Text() incidentDateEnd?: string;
  @Text() incidentTime?: string;
  @Text() incidentPlaceType?: string;
  @Text() incidentLocation?: string;
  @List() violenceTypes: string[] = [];
  @List() gbvApplies: string[] = [];
  @Field([IsOptional(), FormLongText(), IsString(), MaxLength(25000)]) narrative?: string;
  @Text() immediateDanger?: string;

  // duplicate check: the choice made ("new" or a registered victim's id) and what was checked
  @Text() victimChoice?: string;
  @Text() checkedKey?: string;
}

export type IntakeField = Exclude<keyof IntakeFormDto, '_csrf'>;

/** The form values to re-display (text as typed, lists as lists). */
export function formValues(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === '_csrf') continue;
    if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') out[key] = value;
  }
  for (const key of ['victimDisabilities', 'violenceTypes', 'gbvApplies']) {
    const v = out[key];
    out[key] = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  }
  out.selfReported = raw.selfReported === 'on' || raw.selfReported === 'true' || raw.selfReported === true;
  return out;
}

/** "yes"/"no" of a form as a boolean; anything else stays as typed (and is refused by the rules). */
export function yesNo(value: string | undefined): boolean | string | undefined {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return value;
}

/** A digits-only text as a number; anything else stays as typed (and is refused by the rules). */
export function numberOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^\d{1,4}$/.test(value) ? Number(value) : value;
}

interface Built {
  dto: CreateCaseDto;
  /** Which form row each entry of `dto.perpetrators` came from (1-based). */
  perpetratorRows: number[];
}

/** The plain CreateCaseDto the form describes (not yet validated). */
/**
 * The perpetrators a form's rows perp1…perpN describe (rows left empty are skipped), and which row
 * each came from (1-based), so a problem is reported beside its row.
 */
export function perpetratorsOf(
  form: object,
  rows: number,
): { perpetrators: Record<string, unknown>[]; perpetratorRows: number[] } {
  const perpetrators: Record<string, unknown>[] = [];
  const perpetratorRows: number[] = [];
  for (let row = 1; row <= rows; row++) {
    const get = (part: string) =>
      (form as unknown as Record<string, string | undefined>)[`perp${row}${part}`];
    const [sex, age, relationship, name] = [get('Sex'), get('Age'), get('Relationship'), get('Name')];
    if (sex === undefined && age === undefined && relationship === undefined && name === undefined) continue;
    perpetrators.push({ sex, age: numberOf(age), relationship, name });
    perpetratorRows.push(row);
  }
  return { perpetrators, perpetratorRows };
}

export function buildCreateCase(form: IntakeFormDto, matchToken: string | undefined): Built {
  const { perpetrators, perpetratorRows } = perpetratorsOf(form, PERPETRATOR_ROWS);
  const plain: Record<string, unknown> = {
    channel: form.channel,
    receivedAt: form.receivedAt,
    referringInstitutionId: form.channel === 'institution_referral' ? form.referringInstitutionId : undefined,
    // Attached to an earlier record or not, the victim is kept as this intake typed her.
    matchToken,
    victim: {
      fullName: form.victimFullName,
      nik: form.victimNik?.replace(/\s+/g, ''),
      sex: form.victimSex,
      birthDate: form.victimBirthDate,
      estimatedAge: form.victimBirthDate ? undefined : numberOf(form.victimEstimatedAge),
      address: form.victimAddress,
      district: form.victimDistrict,
      phone: form.victimPhone,
      phoneSafeToCall: form.victimPhoneSafeToCall,
      education: form.victimEducation,
      occupation: form.victimOccupation,
      maritalStatus: form.victimMaritalStatus,
      disabilities: form.victimDisabilities?.length ? form.victimDisabilities : undefined,
      nationality: form.victimNationality?.toUpperCase(),
    },
    reporter: form.selfReported
      ? undefined
      : {
          relationship: form.reporterRelationship,
          name: form.reporterName,
          phone: form.reporterPhone,
          address: form.reporterAddress,
        },
    perpetrators,
    incident: {
      date: form.incidentDate,
      dateEnd: form.incidentDateEnd,
      time: form.incidentTime,
      placeType: form.incidentPlaceType,
      location: form.incidentLocation,
      violenceTypes: form.violenceTypes ?? [],
      gbvApplies: form.gbvApplies?.length ? form.gbvApplies : undefined,
      narrative: form.narrative,
    },
    immediateDanger: yesNo(form.immediateDanger),
  };
  const dto = plainToInstance(CreateCaseDto, dropUndefined(plain));
  return { dto, perpetratorRows };
}

export function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, dropUndefined(v)]),
    );
  }
  return value;
}

const NESTED_FIELDS: Record<string, string> = {
  'victim.fullName': 'victimFullName',
  'victim.nik': 'victimNik',
  'victim.sex': 'victimSex',
  'victim.birthDate': 'victimBirthDate',
  'victim.estimatedAge': 'victimEstimatedAge',
  'victim.address': 'victimAddress',
  'victim.district': 'victimDistrict',
  'victim.phone': 'victimPhone',
  'victim.phoneSafeToCall': 'victimPhoneSafeToCall',
  'victim.education': 'victimEducation',
  'victim.occupation': 'victimOccupation',
  'victim.maritalStatus': 'victimMaritalStatus',
  'victim.disabilities': 'victimDisabilities',
  'victim.nationality': 'victimNationality',
  'reporter.relationship': 'reporterRelationship',
  'reporter.name': 'reporterName',
  'reporter.phone': 'reporterPhone',
  'reporter.address': 'reporterAddress',
  'incident.date': 'incidentDate',
  'incident.dateEnd': 'incidentDateEnd',
  'incident.time': 'incidentTime',
  'incident.placeType': 'incidentPlaceType',
  'incident.location': 'incidentLocation',
  'incident.violenceTypes': 'violenceTypes',
  'incident.gbvApplies': 'gbvApplies',
  'incident.narrative': 'narrative',
  matchToken: 'victimChoice',
  victim: 'victimFullName',
  incident: 'incidentPlaceType',
};

/** The form field a CreateCaseDto property path came from. */
export function formFieldOf(path: string, perpetratorRows: number[]): string {
  const perp = /^perpetrators\.(\d+)\.(\w+)$/.exec(path);
  if (perp) {
    const row = perpetratorRows[Number(perp[1])] ?? 1;
    return `perp${row}${perp[2][0].toUpperCase()}${perp[2].slice(1)}`;
  }
  return NESTED_FIELDS[path] ?? path;
}

/** When a value breaks several rules, the one worth telling: its kind before its size. */
const RULE_ORDER = [
  'whitelistValidation',
  'isDefined',
  'isInt',
  'isNumber',
  'isString',
  'isArray',
  'isIn',
  'matches',
  'isUuid',
  'arrayMinSize',
  'arrayUnique',
];
const rank = (rule: string) => (RULE_ORDER.includes(rule) ? RULE_ORDER.indexOf(rule) : RULE_ORDER.length);

/** class-validator's problems, against the form's fields. A missing value is reported as required. */
export function problemsOf(
  errors: ValidationError[],
  perpetratorRows: number[],
  prefix = '',
): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const field = formFieldOf(path, perpetratorRows);
    const missing =
      e.value === undefined || e.value === null || (Array.isArray(e.value) && e.value.length === 0);
    const own = Object.entries(e.constraints ?? {})
      .sort(([a], [b]) => rank(a) - rank(b))
      .slice(0, 1)
      .map(([rule, message]) => ({
        field,
        rule: missing && rule !== 'whitelistValidation' ? 'isNotEmpty' : rule,
        args: { n: /(\d+)/.exec(message)?.[1] ?? '' },
      }));
    return [...own, ...problemsOf(e.children ?? [], perpetratorRows, path)];
  });
}

/** Validates the built CreateCaseDto with the API's rules; a 400 naming the form fields when refused. */
export async function validateCreateCase(built: Built): Promise<CreateCaseDto> {
  const errors = await validate(built.dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  if (errors.length) {
    throw new AppException(
      ErrorCode.ValidationFailed,
      HttpStatus.BAD_REQUEST,
      {},
      problemsOf(errors, built.perpetratorRows),
    );
  }
  return built.dto;
}

/** The duplicate check's query from the victim's identity fields (invalid values are reported). */
export async function duplicateQueryOf(form: IntakeFormDto): Promise<DuplicateCheckDto> {
  const dto = plainToInstance(
    DuplicateCheckDto,
    dropUndefined({
      nik: form.victimNik?.replace(/\s+/g, ''),
      fullName: form.victimFullName,
      birthDate: form.victimBirthDate,
    }),
  );
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const map: Record<string, string> = {
      nik: 'victimNik',
      fullName: 'victimFullName',
      birthDate: 'victimBirthDate',
    };
    throw new AppException(
      ErrorCode.ValidationFailed,
      HttpStatus.BAD_REQUEST,
      {},
      problemsOf(errors, []).map((p) => ({ ...p, field: map[p.field] ?? p.field })),
    );
  }
  return dto;
}

/** Domain refusals of the intake that belong to one field. */
export const DOMAIN_ERROR_FIELDS: Record<string, string> = {
  [ErrorCode.ReferringInstitutionRequired]: 'referringInstitutionId',
  [ErrorCode.InstitutionNotFound]: 'referringInstitutionId',
  [ErrorCode.IncidentPeriodInvalid]: 'incidentDateEnd',
  [ErrorCode.UnknownDistrict]: 'victimDistrict',
  [ErrorCode.VictimNotFound]: 'victimChoice',
  MATCH_TOKEN_NOT_FOUND: 'victimChoice',
  MATCH_TOKEN_EXPIRED: 'victimChoice',
  MATCH_TOKEN_USED: 'victimChoice',
  MATCH_TOKEN_MISMATCH: 'victimChoice',
  [ErrorCode.VictimRequired]: 'victimFullName',
};
