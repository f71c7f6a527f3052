import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last case number given per year. Incremented inside the intake transaction, so a failed
 * intake gives its number back: numbers have no gaps, on sqlite and PostgreSQL alike.
 */
@Entity('case_number_counters')
export class CaseNumberCounter {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  value: number;
}
