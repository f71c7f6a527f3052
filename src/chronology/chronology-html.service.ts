import { Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Handlebars from 'handlebars';
import { VIEWS_DIR } from '../platform/common/paths';
import { AppConfig, InjectAppConfig } from '../platform/config/app.config';
import { createHandlebars, registerPartials } from '../web/handlebars';
import { Translator } from '../platform/i18n/translator';
import { ChronologyDocument } from './chronology-document.service';

/**
 * The print view: views/chronology/print.hbs inside views/layouts/print.hbs (A4 print styles, no
 * navigation). The application's view engine always wraps pages in the main layout, so the print
 * view is rendered here, with the same helpers and partials, into a complete HTML document.
 */
@Injectable()
export class ChronologyHtmlService {
  private hbs?: typeof Handlebars;
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly translator: Translator,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  private template(name: string): Handlebars.TemplateDelegate {
    const cached = this.config.isProduction ? this.compiled.get(name) : undefined;
    if (cached) return cached;
    if (!this.hbs || !this.config.isProduction) {
      this.hbs = createHandlebars(this.translator);
      registerPartials(this.hbs, path.join(VIEWS_DIR, 'partials'));
    }
    const compiled = this.hbs.compile(fs.readFileSync(path.join(VIEWS_DIR, `${name}.hbs`), 'utf8'));
    this.compiled.set(name, compiled);
    return compiled;
  }

  render(d: ChronologyDocument, context: Record<string, unknown>): string {
    const data = {
      ...context,
      i18nLang: d.lang,
      lang: d.lang,
      doc: d,
      logoSrc: d.centre.logo
        ? `data:${d.centre.logo.mimeType};base64,${d.centre.logo.data.toString('base64')}`
        : null,
      title: 'chronology.document.title',
      titleSuffix: d.case.number,
    };
    const body = this.template('chronology/print')(data);
    return this.template('layouts/print')({ ...data, body });
  }
}
