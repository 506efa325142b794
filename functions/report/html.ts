/**
 * report.html: one self-contained page (inline CSS, inline SVG, a small inline filter script, no external URL).
 * Every value from the cluster goes through handlebars' escaping; only our own static CSS and script are inserted
 * raw, and a Content-Security-Policy allows that one script by hash, so an escaping mistake still cannot run code.
 */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { revealInvisibleIn } from '../model/visible-text.js';
import { buildReportModel, type ReportInput } from './model.js';
import { loadReportTemplates } from './templates.js';

type PageTemplate = (context: unknown) => string;

let compiled: PageTemplate | undefined;

function pageTemplate(): PageTemplate {
  if (compiled) return compiled;
  const sources = loadReportTemplates();
  const hbs = Handlebars.create();
  for (const [name, source] of Object.entries(sources.partials)) hbs.registerPartial(name, source);
  compiled = hbs.compile(sources.page, { strict: false });
  return compiled;
}

function scriptHash(script: string): string {
  return `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
}

export function renderHtml(input: ReportInput): string {
  const { css, script } = loadReportTemplates();
  // Handlebars escapes markup; invisible and bidi characters are shown as ⟨U+…⟩ in every value.
  const model = revealInvisibleIn(buildReportModel(input));
  return pageTemplate()({
    model,
    assets: { css, script },
    csp: { scriptHash: scriptHash(script) },
  });
}
