import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { SUPPORTED_LANGUAGES } from '../../common/request-context';
import { Trim } from '../../common/validation';

export class LoginDto {
  @ApiProperty({ example: 'counselor' })
  @Trim()
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'a long passphrase' })
  @IsString()
  @Length(1, 200)
  password: string;
}

/** The login form: the same fields, plus the CSRF token and where to go next. */
export class LoginFormDto extends LoginDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}

export class SessionUserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ enum: SUPPORTED_LANGUAGES }) language: string;
}

export class PasswordResetNoticeDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'The administrator who reset it' }) by: string;
}

export class LoginUserDto extends SessionUserDto {
  @ApiProperty({
    type: PasswordResetNoticeDto,
    nullable: true,
    description: 'Set when an administrator reset this password since the last login: when and by whom',
  })
  passwordReset: PasswordResetNoticeDto | null;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Opaque token; send as `Authorization: Bearer <token>`' }) accessToken: string;
  @ApiProperty({
    description: 'When the session ends if unused (idle expiry, capped by the absolute maximum)',
  })
  expiresAt: string;
  @ApiProperty({ type: LoginUserDto }) user: LoginUserDto;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ description: 'At least 10 characters, not the username, not a common password' })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}

export class ChangePasswordFormDto extends ChangePasswordDto {
  @IsString()
  @Length(1, 200)
  confirmPassword: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}

export class LanguageDto {
  @ApiProperty({ enum: SUPPORTED_LANGUAGES })
  @IsIn(SUPPORTED_LANGUAGES)
  language: string;
}

export class LanguageFormDto extends LanguageDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}

export class CsrfOnlyFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}
