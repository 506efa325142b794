/**
 * Loads the report's template sources. The only module that knows templates live on disk beside the code: a bundle
 * can replace this file with one that imports the same files as text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { assetDir } from '../asset-dir.js';

export interface ReportTemplateSources {
  /** templates/report.html.hbs */
  page: string;
  /** templates/partials/*.hbs, keyed by file name without `.hbs`. */
  partials: Record<string, string>;
  /** Static assets inlined into the page: our own code, never cluster data. */
  css: string;
  script: string;
}

// In a bundle (a Lambda asset or the CLI) the templates are copied beside the code (functions/asset-dir.ts).
const bundleAssets = assetDir();
const TEMPLATES_DIR = bundleAssets ? new URL('templates/', bundleAssets) : new URL('../../templates/', import.meta.url);

let cached: ReportTemplateSources | undefined;

function read(relative: string): string {
  return readFileSync(new URL(relative, TEMPLATES_DIR), 'utf8');
}

export function loadReportTemplates(): ReportTemplateSources {
  if (cached) return cached;
  const partials: Record<string, string> = {};
  for (const file of readdirSync(new URL('partials/', TEMPLATES_DIR)).sort()) {
    if (file.endsWith('.hbs')) partials[file.slice(0, -'.hbs'.length)] = read(`partials/${file}`);
  }
  cached = {
    page: read('report.html.hbs'),
    partials,
    css: read('assets/report.css'),
    script: read('assets/report-filter.js'),
  };
  return cached;
}

export interface EmailTemplateSources {
  /** templates/email.html.hbs: the HTML part (inline styles and tables only, for email clients). */
  html: string;
  /** templates/email.txt.hbs: the plain-text part. */
  text: string;
}

let cachedEmail: EmailTemplateSources | undefined;

export function loadEmailTemplates(): EmailTemplateSources {
  cachedEmail ??= { html: read('email.html.hbs'), text: read('email.txt.hbs') };
  return cachedEmail;
}

let cachedFleet: string | undefined;

/** templates/fleet.html.hbs: the fleet report page (self-contained, no script). */
export function loadFleetTemplate(): string {
  cachedFleet ??= read('fleet.html.hbs');
  return cachedFleet;
}
