import { Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ListSortDefinition, listControlsView, SortDirection } from '../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, PageQueryDto, paginationView } from '../platform/common/pagination';
import { fieldMessages } from './field-messages';
import { AppRequest, AuthContext, languageOf } from '../platform/common/request-context';
import { parseForm } from './form-action';
import { FormError, textOf, validateInput } from './forms';
import { VersionQueryDto } from './input';
import { PageKit } from './page-kit';

/*
 * The generic record pages: list, new, create, show, edit, update and delete with a confirmation, for
 * one record type described by a small spec (its path, form fields, DTOs, service calls and
 * templates). A page controller keeps its Nest routes — each with its own permission decorator — and
 * hands each route to these handlers in one line, so that it holds only its records' own fields.
 */

/** A form as posted (or a record as the form would post it): field name → raw value. */
export type RawForm = Record<string, unknown>;

/** What a form view is built from: the record's id (null when new), the values shown, a problem. */
export interface FormContext<R> {
  id: string | null;
  raw: RawForm;
  problem?: FormError;
  /** The record, where the page read it (edit, and an update that checks the record first). */
  record?: R;
}

interface FormSpec<TInput extends object> {
  dto: Type<TInput>;
  /** The posted form → the DTO's input (empty texts, numbers typed as text, repeated fields). */
  input(raw: RawForm): unknown;
  /** Translation key of the success message. */
  flash: string;
}

export interface CreateSpec<TInput extends object> extends FormSpec<TInput> {
  run(input: TInput, auth: AuthContext): Promise<{ id: string }>;
  /** Where a created record's page is; default `<path>/<id>`. */
  next?: (id: string) => string;
}

export interface UpdateSpec<R, TInput extends object> extends FormSpec<TInput> {
  run(id: string, input: TInput): Promise<unknown>;
  /**
   * Read the record before the form runs (a missing one goes to the error page without an audit
   * entry of the form), and hand it to `next` and the form view.
   */
  readFirst?: boolean;
  /** Where to go after saving; default `<path>/<id>`. */
  next?: (id: string, record: R | undefined) => string;
}

export interface DeleteSpec<R> {
  flash: string;
  run(id: string, version: number): Promise<unknown>;
  /** Where to go after deleting. */
  next: (id: string, record: R) => string;
  /** The confirmation page's text and way back (the form posts to `<path>/<id>/delete`). */
  confirm(
    id: string,
    record: R,
  ): { title: string; confirmKey: string; subject: string; cancelUrl: string; version: number };
}

export interface RecordPageSpec<R, TCreate extends object = object, TUpdate extends object = object> {
  /** The records' pages, e.g. `/programme/prevention`. */
  path: string;
  /** The audit action of the record's forms (the route's permission). */
  action: string;
  /** The form template of new and edit. */
  formView: string;
  /** Reads one record (404 when there is none, or it is not the caller's to see); not for a page that only creates. */
  read?(id: string): Promise<R>;
  /** A record as its edit form posts it (for the edit form). */
  values?(record: R): RawForm;
  /** The form's view model. */
  form(ctx: FormContext<R>): Promise<object> | object;
  create?: CreateSpec<TCreate>;
  update?: UpdateSpec<R, TUpdate>;
  remove?: DeleteSpec<R>;
}

/** The query a pagination link keeps. */
type LinkQuery = NonNullable<Parameters<typeof paginationView>[4]>;

/** The template of every delete confirmation. */
const CONFIRM_VIEW = 'pug/confirm';

/** The text values of a form's fields, as typed (for re-display). */
export function posted(raw: RawForm, fields: string[]): Record<string, string> {
  return Object.fromEntries(fields.map((k) => [k, textOf(raw[k])]));
}

export class RecordPages<R, TCreate extends object = object, TUpdate extends object = object> {
  constructor(
    private readonly kit: PageKit,
    private readonly spec: RecordPageSpec<R, TCreate, TUpdate>,
  ) {}

  /** GET new: the empty form (its defaults, e.g. a region chosen on the page it came from). */
  async newForm(defaults: RawForm = {}): Promise<object> {
    return this.spec.form({ id: null, raw: defaults });
  }

  /** POST create: validate, create, audit, flash, 303 to the new record; re-render on a refusal. */
  async create(req: AppRequest, reply: FastifyReply, auth: AuthContext, body: unknown): Promise<void> {
    const create = this.required(this.spec.create);
    const raw = (body ?? {}) as RawForm;
    await this.kit.form(
      req,
      reply,
      { action: this.spec.action, flash: create.flash },
      async () => {
        const { id } = await create.run(await parseForm(create.dto, create.input(raw)), auth);
        return create.next ? create.next(id) : `${this.spec.path}/${id}`;
      },
      async (problem) => this.rerender(req, reply, { id: null, raw, problem }),
    );
  }

  /** GET edit: the form with the record's values. */
  async editForm(id: string): Promise<object> {
    const record = await this.read(id);
    if (!this.spec.values) throw this.missing();
    return this.spec.form({ id, raw: this.spec.values(record), record });
  }

  /** POST update: validate, save, audit, flash, 303; re-render with what was typed on a refusal. */
  async update(req: AppRequest, reply: FastifyReply, id: string, body: unknown): Promise<void> {
    const update = this.required(this.spec.update);
    const raw = (body ?? {}) as RawForm;
    const record = update.readFirst ? await this.read(id) : undefined;
    await this.kit.form(
      req,
      reply,
      { action: this.spec.action, resourceId: id, flash: update.flash },
      async () => {
        await update.run(id, await parseForm(update.dto, update.input(raw)));
        return update.next ? update.next(id, record) : `${this.spec.path}/${id}`;
      },
      async (problem) => this.rerender(req, reply, { id, raw, problem, record }),
    );
  }

  /** GET delete: the confirmation page. */
  async confirmDelete(id: string, problem?: FormError): Promise<object> {
    return this.confirmation(id, await this.read(id), problem);
  }

  /** POST delete: checks the version read, deletes, audits, flashes, 303; the confirmation again on a refusal. */
  async remove(req: AppRequest, reply: FastifyReply, id: string, body: unknown): Promise<void> {
    const remove = this.required(this.spec.remove);
    const raw = (body ?? {}) as RawForm;
    const record = await this.read(id);
    await this.kit.form(
      req,
      reply,
      { action: this.spec.action, resourceId: id, flash: remove.flash },
      async () => {
        const input = await parseForm(VersionQueryDto, { version: raw.version });
        await remove.run(id, input.version);
        return remove.next(id, record);
      },
      async (problem) =>
        this.kit.render(req, reply, CONFIRM_VIEW, this.confirmation(id, record, problem), problem.status),
    );
  }

  private confirmation(id: string, record: R, problem?: FormError) {
    const remove = this.required(this.spec.remove);
    const { title, confirmKey, subject, cancelUrl, version } = remove.confirm(id, record);
    return {
      title,
      confirmKey,
      subject,
      actionUrl: `${this.spec.path}/${id}/delete`,
      cancelUrl,
      version,
      ...problem,
    };
  }

  private async rerender(req: AppRequest, reply: FastifyReply, ctx: FormContext<R>): Promise<void> {
    const problem = ctx.problem as FormError;
    await this.kit.render(
      req,
      reply,
      this.spec.formView,
      (await this.spec.form(ctx)) as Record<string, unknown>,
      problem.status,
    );
  }

  private read(id: string): Promise<R> {
    if (!this.spec.read) throw this.missing();
    return this.spec.read(id);
  }

  private required<T>(part: T | undefined): T {
    if (!part) throw this.missing();
    return part;
  }

  /** A route handed to a part its spec does not have: a programming error, found by the page's tests. */
  private missing(): Error {
    return new Error(`${this.spec.path}: this record page has no such part`);
  }
}

/** A list page's own parts: its filter DTO, what it lists, and how. */
export interface ListSpec<Q extends PageQueryDto, I> {
  /** The filter query's DTO (a refused filter shows the page with the problem and status 400). */
  dto: Type<Q>;
  /** The list's key in the view, e.g. `activities`. */
  key: string;
  /** The page's path (the pagination links' base). */
  path: string;
  fetch(q: Q): Promise<{ items: I[]; total: number }>;
  map(item: I): unknown;
  /** The filters the pagination links keep. */
  filters(q: Q): LinkQuery;
  /**
   * The list's sortable columns (its DTO carries `sort`, `dir` and the page's `pageSize`): the view
   * gets `listing` (sort headers, page-size form, what the filter form keeps), and a refused filter
   * its message beside the field (`errors`, with `filterFields` naming the form's filters).
   */
  sorts?: ListSortDefinition;
}

/**
 * A filtered, paged list page: `base` (title, filter values, options) with the listed records and
 * their pagination, or with the filter's problem (and its status) and nothing listed.
 */
export async function listPage<Q extends PageQueryDto, I>(
  kit: PageKit,
  req: AppRequest,
  reply: FastifyReply,
  raw: RawForm,
  base: object,
  spec: ListSpec<Q, I>,
): Promise<object> {
  const parsed = await validateInput(spec.dto, raw, 'query');
  if (parsed.error) {
    if (spec.sorts) {
      const problem = fieldMessages(kit.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const kept = Object.fromEntries(
        Object.entries(raw).filter(([k]) => !['page', 'pageSize', 'sort', 'dir'].includes(k)),
      );
      const listing = listControlsView(
        spec.sorts,
        spec.path,
        { pageSize: DEFAULT_PAGE_SIZE },
        Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, textOf(v)])),
      );
      return { ...base, ...problem, listing, [spec.key]: [], pagination: null };
    }
    const problem = kit.problem(req, parsed.error);
    reply.status(problem.status);
    return { ...base, ...problem, [spec.key]: [], pagination: null };
  }
  const q = parsed.value;
  const { items, total } = await spec.fetch(q);
  const order = q as Q & { sort?: string; dir?: SortDirection };
  return {
    ...base,
    [spec.key]: items.map((i) => spec.map(i)),
    ...(spec.sorts ? { listing: listControlsView(spec.sorts, spec.path, order, spec.filters(q)) } : {}),
    pagination: paginationView(total, q.page, q.pageSize, spec.path, {
      ...spec.filters(q),
      ...(spec.sorts ? { sort: order.sort, dir: order.dir } : {}),
    }),
  };
}
