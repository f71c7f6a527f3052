import { HttpStatus, Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { AppException, ErrorCode } from '../common/app.exception';
import { checkLogo, LOGO_MAX_BYTES, LOGO_MAX_PIXELS } from './logo';
import { CentreRegionDirectory } from './centre-region.directory';
import { CentreSettings, formatCaseNumber, SettingsService } from './settings.service';
import { CentreSettingsDto } from './dto/centre-settings.dto';
import { checkFlagKinds } from './flag-kinds';

export type CentreChanges = Partial<
  Pick<
    CentreSettings,
    | 'name'
    | 'address'
    | 'phone'
    | 'caseNumberPrefix'
    | 'caseNumberPattern'
    | 'sequenceDigits'
    | 'districts'
    | 'flagKinds'
    | 'regionId'
  >
>;

/** The longest case number the `cases.number` column holds. */
const CASE_NUMBER_MAX = 40;

function badRequest(
  code: string,
  field: string,
  rule: string,
  args: Record<string, unknown> = {},
): AppException {
  return new AppException(code, HttpStatus.BAD_REQUEST, args, [{ field, rule }]);
}

/** Districts from the settings page's textarea: one per line, blank lines dropped. */
export function districtLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * The administrator's side of the centre settings (identity for letterheads, case numbering,
 * districts, the logo). Checks what the DTOs cannot and writes through SettingsService.
 */
@Injectable()
export class CentreSettingsAdminService {
  constructor(
    private readonly settings: SettingsService,
    private readonly regions: CentreRegionDirectory,
  ) {}

  async view(): Promise<CentreSettingsDto> {
    const c = await this.settings.centre();
    return {
      name: c.name,
      address: c.address,
      phone: c.phone,
      caseNumberPrefix: c.caseNumberPrefix,
      caseNumberPattern: c.caseNumberPattern,
      sequenceDigits: c.sequenceDigits,
      districts: c.districts,
      flagKinds: c.flagKinds,
      logo: c.logo ? { mimeType: c.logo.mimeType, size: c.logo.size, sha256: c.logo.sha256 } : null,
      regionId: c.regionId,
      version: c.version,
    };
  }

  async update(given: CentreChanges, version: number, userId: string): Promise<CentreSettingsDto> {
    // Only the fields given change (a DTO instance carries the others as undefined).
    let changes = Object.fromEntries(
      Object.entries(given).filter(([, value]) => value !== undefined),
    ) as CentreChanges;
    const current = await this.settings.centre();
    const next = { ...current, ...changes };
    const pattern = next.caseNumberPattern;
    const rest = pattern.replace(/\{(prefix|year|seq)\}/g, '');
    const once = (p: string) => pattern.split(p).length === 2;
    if (
      !once('{year}') ||
      !once('{seq}') ||
      pattern.split('{prefix}').length > 2 ||
      !/^[A-Za-z0-9/._-]*$/.test(rest)
    )
      throw badRequest('CASE_NUMBER_PATTERN_INVALID', 'caseNumberPattern', 'matches', {
        year: '{year}',
        seq: '{seq}',
      });
    const longest = formatCaseNumber(next, 9999, 10 ** next.sequenceDigits - 1);
    if (longest.length > CASE_NUMBER_MAX)
      throw badRequest(ErrorCode.ValidationFailed, 'caseNumberPattern', 'maxLength', { n: CASE_NUMBER_MAX });
    if (changes.districts) {
      const districts = changes.districts.map((d) => d.trim());
      if (districts.some((d) => !d || d.length > 80))
        throw badRequest(ErrorCode.ValidationFailed, 'districts', 'isLength');
      if (new Set(districts).size !== districts.length)
        throw badRequest(ErrorCode.ValidationFailed, 'districts', 'arrayUnique');
      if (!districts.length || districts.length > 100)
        throw badRequest(ErrorCode.ValidationFailed, 'districts', 'arrayMinSize', { n: 1 });
      changes = { ...changes, districts };
    }
    if (changes.flagKinds) {
      const checked = checkFlagKinds(changes.flagKinds);
      if (!checked.ok) throw badRequest(ErrorCode.ValidationFailed, 'flagKinds', checked.rule);
      changes = { ...changes, flagKinds: checked.kinds };
    }
    if (changes.regionId && !(await this.regions.exists(changes.regionId)))
      throw AppException.rule('PUG_REGION_NOT_FOUND');
    await this.settings.updateCentre(changes, version, userId);
    return this.view();
  }

  /** Sets the logo: a PNG or JPEG (by its content) of at most 1 MB that pdfkit can embed. */
  async setLogo(
    data: Buffer | null | undefined,
    version: number,
    userId: string,
  ): Promise<CentreSettingsDto> {
    if (!data || !data.length) throw badRequest(ErrorCode.ValidationFailed, 'logo', 'isDefined');
    const checked = checkLogo(data);
    if (!checked.ok) {
      if (checked.problem === 'type') throw badRequest('LOGO_TYPE_NOT_ALLOWED', 'logo', 'isLogo');
      if (checked.problem === 'size')
        throw badRequest('LOGO_TOO_LARGE', 'logo', 'maxSize', { max: LOGO_MAX_BYTES / 1024 / 1024 });
      throw badRequest('LOGO_INVALID', 'logo', 'isLogo', { max: LOGO_MAX_PIXELS });
    }
    if (!(await this.embeddable(data)))
      throw badRequest('LOGO_INVALID', 'logo', 'isLogo', { max: LOGO_MAX_PIXELS });
    await this.settings.setCentreLogo({ mimeType: checked.mimeType, data }, version, userId);
    return this.view();
  }

  async removeLogo(version: number, userId: string): Promise<CentreSettingsDto> {
    await this.settings.setCentreLogo(null, version, userId);
    return this.view();
  }

  /** Whether pdfkit reads and embeds the image (what the letterhead of the PDF needs). */
  private embeddable(data: Buffer): Promise<boolean> {
    return new Promise((resolve) => {
      try {
        const doc = new PDFDocument({ size: 'A4' });
        doc.on('data', () => undefined);
        doc.on('end', () => resolve(true));
        doc.on('error', () => resolve(false));
        doc.image(data, 0, 0, { fit: [64, 64] });
        doc.end();
      } catch {
        resolve(false);
      }
    });
  }
}
