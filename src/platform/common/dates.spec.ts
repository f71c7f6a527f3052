/**
 * The centre's calendar: "today" and every day boundary are Jakarta's (or the configured zone's), at
 * 00:30 WIB (17:30 UTC the day before) and 23:30 WIB (16:30 UTC the same day) alike, whatever the time
 * zone of the process running the code (`.ci/run` runs this under TZ=UTC and TZ=Asia/Jakarta).
 */
import { FakeClock } from './clock';
import {
  addDays,
  addMonths,
  assertNotFuture,
  centreTimeZone,
  dayOf,
  daysBetween,
  dayStart,
  DEFAULT_CENTRE_TIME_ZONE,
  isTimeZone,
  parseMoment,
  todayOf,
  useCentreTimeZone,
  yearOf,
} from './dates';
import { formatDate, formatDateTime, formatMonth, formatNumber, formatPeriod, formatTime } from './format';

/** 00:30 WIB on 7 December 2026 (17:30 UTC on the 6th). */
const AFTER_MIDNIGHT = new Date('2026-12-06T17:30:00.000Z');
/** 23:30 WIB on 6 December 2026 (16:30 UTC the same day). */
const BEFORE_MIDNIGHT = new Date('2026-12-06T16:30:00.000Z');

describe('the centre calendar (src/platform/common/dates.ts)', () => {
  afterEach(() => useCentreTimeZone(DEFAULT_CENTRE_TIME_ZONE));

  it('defaults to Asia/Jakarta and refuses an unknown zone', () => {
    expect(centreTimeZone()).toBe('Asia/Jakarta');
    expect(isTimeZone('Asia/Makassar')).toBe(true);
    expect(isTimeZone('Asia/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(() => useCentreTimeZone('WIB')).toThrow(/unknown time zone/);
    expect(centreTimeZone()).toBe('Asia/Jakarta');
  });

  it("today is Jakarta's day at 00:30 WIB and at 23:30 WIB (not the UTC date)", () => {
    expect(todayOf(new FakeClock(AFTER_MIDNIGHT))).toBe('2026-12-07');
    expect(todayOf(new FakeClock(BEFORE_MIDNIGHT))).toBe('2026-12-06');
    expect(dayOf(AFTER_MIDNIGHT)).toBe('2026-12-07');
    expect(dayOf(BEFORE_MIDNIGHT)).toBe('2026-12-06');
  });

  it('the year turns at midnight in Jakarta', () => {
    expect(yearOf(new FakeClock(new Date('2026-12-31T17:30:00Z')))).toBe(2027);
    expect(yearOf(new FakeClock(new Date('2026-12-31T16:30:00Z')))).toBe(2026);
  });

  it('follows the configured zone (Asia/Jayapura, +9; UTC)', () => {
    useCentreTimeZone('Asia/Jayapura');
    expect(dayOf(new Date('2026-12-06T15:30:00Z'))).toBe('2026-12-07');
    expect(dayStart('2026-12-07')).toEqual(new Date('2026-12-06T15:00:00Z'));
    useCentreTimeZone('UTC');
    expect(dayOf(AFTER_MIDNIGHT)).toBe('2026-12-06');
  });

  it('refuses a date after the centre day only (DATE_IN_FUTURE), at both ends of the night', () => {
    const night = new FakeClock(AFTER_MIDNIGHT);
    expect(() => assertNotFuture(night, '2026-12-07')).not.toThrow();
    expect(() => assertNotFuture(night, '2026-12-08')).toThrow(
      expect.objectContaining({ code: 'DATE_IN_FUTURE' }),
    );
    const evening = new FakeClock(BEFORE_MIDNIGHT);
    expect(() => assertNotFuture(evening, '2026-12-06', null, undefined)).not.toThrow();
    expect(() => assertNotFuture(evening, '2026-12-07')).toThrow(
      expect.objectContaining({ code: 'DATE_IN_FUTURE' }),
    );
  });

  it('gives the moment a centre day begins (for ranges over timestamps)', () => {
    expect(dayStart('2026-12-07')).toEqual(new Date('2026-12-06T17:00:00.000Z'));
    expect(dayStart('2026-12-31', 1)).toEqual(new Date('2026-12-31T17:00:00.000Z'));
    expect(AFTER_MIDNIGHT >= dayStart('2026-12-07') && AFTER_MIDNIGHT < dayStart('2026-12-07', 1)).toBe(true);
    expect(BEFORE_MIDNIGHT < dayStart('2026-12-07')).toBe(true);
  });

  it('reads API times: a date alone is the centre day, a time without a zone is on the centre clocks', () => {
    expect(parseMoment('2026-12-07')).toEqual(new Date('2026-12-06T17:00:00.000Z'));
    expect(parseMoment('2026-12-07T00:30:00')).toEqual(AFTER_MIDNIGHT);
    expect(parseMoment('2026-12-06T17:30:00Z')).toEqual(AFTER_MIDNIGHT);
    expect(parseMoment('2026-12-07T00:30:00+07:00')).toEqual(AFTER_MIDNIGHT);
  });

  it('does calendar arithmetic without any time zone', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(daysBetween('2026-12-06', '2026-12-07')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
  });
});

describe('the formatter (src/platform/common/format.ts)', () => {
  it('writes calendar dates out in the reader language', () => {
    expect(formatDate('2026-11-24', 'id')).toBe('24 November 2026');
    expect(formatDate('2026-12-07', 'id')).toBe('7 Desember 2026');
    expect(formatDate('2026-12-07', 'en')).toBe('7 December 2026');
    expect(formatDate('2026-12-07', 'id', 'medium')).toBe('7 Des 2026');
    expect(formatDate('2026-09', 'id')).toBe('September 2026');
    expect(formatDate('2026', 'en')).toBe('2026');
    expect(formatMonth('2026-09', 'id')).toBe('September 2026');
    expect(formatPeriod('2026-01-01', '2026-03-31', 'id')).toBe('1 Januari 2026 – 31 Maret 2026');
    expect(formatDate(null, 'id')).toBe('');
  });

  it('shows moments on the centre clocks: 00:30 WIB is 7 December, 23:30 WIB the 6th', () => {
    expect(formatDate(AFTER_MIDNIGHT, 'id')).toBe('7 Desember 2026');
    expect(formatDate(AFTER_MIDNIGHT.toISOString(), 'id')).toBe('7 Desember 2026');
    expect(formatDate(BEFORE_MIDNIGHT, 'id')).toBe('6 Desember 2026');
    expect(formatDateTime(AFTER_MIDNIGHT, 'id')).toBe('7 Desember 2026 pukul 00.30');
    expect(formatDateTime(AFTER_MIDNIGHT, 'id', 'medium')).toBe('7 Des 2026, 00.30');
    expect(formatDateTime(BEFORE_MIDNIGHT, 'en')).toBe('6 December 2026 at 23:30');
    expect(formatTime(AFTER_MIDNIGHT, 'id')).toBe('00.30');
    // sqlite's raw UTC text (no zone designator) is a moment too
    expect(formatDateTime('2026-12-06 17:30:00.000', 'id', 'medium')).toBe('7 Des 2026, 00.30');
  });

  it('writes numbers in the reader notation: the decimal comma in Bahasa Indonesia', () => {
    expect(formatNumber(0.5, 'id')).toBe('0,5');
    expect(formatNumber(0.5, 'en')).toBe('0.5');
    expect(formatNumber(12345, 'id')).toBe('12.345');
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(2.25, 'id', 2)).toBe('2,25');
    expect(formatNumber('7', 'id')).toBe('7');
    expect(formatNumber('-', 'id')).toBe('-');
    expect(formatNumber(null, 'id')).toBe('');
  });
});
