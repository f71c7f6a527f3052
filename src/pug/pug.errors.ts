/**
 * Stable codes of the PUG and programme records' refusals (messages in i18n/<lang>/errors.json).
 * HTTP status by kind: 400 input, 409 conflict, 413/415 uploads, 422 a rule of the domain.
 */
export enum PugErrorCode {
  UploadEmpty = 'UPLOAD_EMPTY',
  /** Shared with the referrals module's uploads. */
  UploadTooLarge = 'FILE_TOO_LARGE',
  UploadTypeNotAllowed = 'FILE_TYPE_NOT_ALLOWED',
  UploadFileRequired = 'UPLOAD_FILE_REQUIRED',
  RegionNameTaken = 'PUG_REGION_NAME_TAKEN',
  RegionNotFound = 'PUG_REGION_NOT_FOUND',
  BodyNotFound = 'PUG_BODY_NOT_FOUND',
  DecreeNotFound = 'DECREE_NOT_FOUND',
  RosterRoleTaken = 'PUG_ROSTER_ROLE_TAKEN',
  BodyExists = 'PUG_BODY_EXISTS',
  BodyInstitutionRequired = 'PUG_BODY_INSTITUTION_REQUIRED',
  BodyAlreadyFormed = 'DECREE_BODY_ALREADY_FORMED',
  DecreeReplacesRequired = 'DECREE_REPLACES_REQUIRED',
  DecreeFormationReplaces = 'DECREE_FORMATION_REPLACES',
  DecreeReplacesOtherBody = 'DECREE_REPLACES_OTHER_BODY',
  DecreeReplacesRevocation = 'DECREE_REPLACES_REVOCATION',
  DecreeAlreadyReplaced = 'DECREE_ALREADY_REPLACED',
  DecreeEffectiveBeforeReplaced = 'DECREE_EFFECTIVE_BEFORE_REPLACED',
  DecreeNumberTaken = 'DECREE_NUMBER_TAKEN',
  DecreeIssuerInvalid = 'DECREE_ISSUER_INVALID',
  DecreeRevocationAppointees = 'DECREE_REVOCATION_HAS_APPOINTEES',
  DecreeHasSuccessor = 'DECREE_HAS_SUCCESSOR',
  AppointeeUserNotFound = 'APPOINTEE_USER_NOT_FOUND',
  ActionItemNotInPlan = 'ACTION_ITEM_NOT_IN_PLAN',
  PeriodInvalid = 'PERIOD_INVALID',
  AwardExists = 'PUG_AWARD_EXISTS',
  CommunityGroupNotFound = 'COMMUNITY_GROUP_NOT_FOUND',
  /** Shared with the community module (its volunteer registry). */
  VolunteerNotFound = 'VOLUNTEER_NOT_FOUND',
}
