import { Injectable } from '@nestjs/common';

/** The one source of "now". Tests replace it (`overrideProvider(Clock)`) to move time forward. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests can set and advance. */
export class FakeClock extends Clock {
  constructor(private current = new Date('2026-01-15T08:00:00.000Z')) {
    super();
  }
  override now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}
