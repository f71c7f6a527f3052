import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import type { Language } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { CaseExportRequest, CaseExportService, ExportFile } from './case-export.service';

export interface ExportJobView {
  id: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  /** Percentage 0–100. */
  percent: number;
  code: string | null;
}

interface Job {
  id: string;
  ownerUserId: string;
  status: ExportJobView['status'];
  done: number;
  total: number;
  code: string | null;
  file: ExportFile | null;
  finishedAt: number | null;
}

/** A finished job (and its file) is kept this long, then forgotten. */
const KEEP_MS = 60 * 60 * 1000;
/** At most this many jobs per user at once. */
const MAX_RUNNING_PER_USER = 2;

/**
 * Case-list exports in the background, with progress. Jobs live in this process's memory only (the
 * file never touches the disk) and only the user who started one may see or download it; a finished
 * job is forgotten after an hour. A restart forgets running jobs: the page then says so (404).
 */
@Injectable()
export class ExportJobsService {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly exports: CaseExportService,
    private readonly clock: Clock,
    private readonly tx: TransactionService,
  ) {}

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_MS) this.jobs.delete(id);
  }

  start(req: FastifyRequest, userId: string, q: CaseExportRequest, lang: Language): ExportJobView {
    this.sweep();
    this.exports.check(q);
    const running = [...this.jobs.values()].filter((j) => j.ownerUserId === userId && j.status === 'running');
    if (running.length >= MAX_RUNNING_PER_USER) throw AppException.rule('CASE_EXPORT_TOO_MANY_JOBS');
    const job: Job = {
      id: randomUUID(),
      ownerUserId: userId,
      status: 'running',
      done: 0,
      total: 0,
      code: null,
      file: null,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    // The job outlives the request: it must not join the request's transaction.
    void this.tx
      .detached(() =>
        this.exports.export(req, q, lang, (done, total) => {
          job.done = done;
          job.total = total;
        }),
      )
      .then(
        (file) => {
          job.file = file;
          job.status = 'done';
        },
        (err: unknown) => {
          job.status = 'failed';
          job.code = err instanceof AppException ? err.code : 'INTERNAL_ERROR';
        },
      )
      .finally(() => {
        job.finishedAt = this.clock.now().getTime();
      });
    return view(job);
  }

  private own(id: string, userId: string): Job {
    this.sweep();
    const job = this.jobs.get(id);
    if (!job || job.ownerUserId !== userId) throw AppException.notFound();
    return job;
  }

  get(id: string, userId: string): ExportJobView {
    return view(this.own(id, userId));
  }

  file(id: string, userId: string): ExportFile {
    const job = this.own(id, userId);
    if (job.status !== 'done' || !job.file) throw AppException.rule('CASE_EXPORT_NOT_READY');
    return job.file;
  }
}

function view(job: Job): ExportJobView {
  const percent =
    job.status === 'done' ? 100 : job.total > 0 ? Math.min(99, Math.floor((job.done / job.total) * 100)) : 0;
  return { id: job.id, status: job.status, done: job.done, total: job.total, percent, code: job.code };
}
