// Filters the report in place: the requirement tables, the failing requirements with their checks and findings, and
// the fix list by namespace; a section a filter leaves empty collapses. Reads only the page's own data-* attributes
// and the form; no network. Also keeps in-page links clear of the sticky filter bar.
(() => {
  const form = document.getElementById('filters');
  if (!form) return;
  const field = (id) => document.getElementById(id);
  const severity = field('filter-severity');
  const status = field('filter-status');
  const namespace = field('filter-namespace');
  const framework = field('filter-framework');
  const search = field('filter-search');
  const summary = field('filter-status-text');
  const all = (root, selector) => Array.from(root.querySelectorAll(selector));
  const text = (el) => (el ? el.textContent || '' : '').toLowerCase();
  const hide = (el, hidden) => el.classList.toggle('is-filtered-out', hidden);

  // A link's target lands below the bar while the bar sticks (CSS: [id] { scroll-margin-top }).
  function stickyOffset() {
    const sticky = getComputedStyle(form).position === 'sticky';
    const offset = sticky ? `${Math.ceil(form.getBoundingClientRect().height) + 8}px` : '0.5rem';
    document.documentElement.style.setProperty('--sticky-offset', offset);
  }

  // A requirement's own status; "attested" is a status decided by an attestation.
  function statusMatches(row) {
    if (!status.value) return true;
    if (status.value === 'attested') return row.dataset.verdict === 'attestation';
    return row.dataset.status === status.value;
  }

  function filterChecks(query) {
    const visible = new Map();
    let shown = 0;
    let total = 0;
    for (const check of all(document, 'article.check')) {
      const checkMatches =
        (!severity.value || check.dataset.severity === severity.value) &&
        (!framework.value || (check.dataset.frameworks || '').split(' ').includes(framework.value));
      const heading = text(check.querySelector('header'));
      let rows = 0;
      for (const row of all(check, 'tr[data-finding]')) {
        total += 1;
        const rowMatches =
          checkMatches &&
          (!status.value || row.dataset.status === status.value) &&
          (!namespace.value || row.dataset.namespace === namespace.value) &&
          (!query || heading.includes(query) || text(row).includes(query));
        hide(row, !rowMatches);
        if (rowMatches) rows += 1;
      }
      hide(check, rows === 0);
      visible.set(check.id, rows > 0);
      shown += rows;
    }
    return { visible, shown, total };
  }

  function filterFrameworks(query, checkVisible, active) {
    const findingFilter = Boolean(severity.value || namespace.value);
    let shown = 0;
    let total = 0;
    for (const section of all(document, 'section.framework')) {
      const inFramework = !framework.value || section.dataset.framework === framework.value;
      // Failing requirements: shown while one of their checks is (a check printed elsewhere counts by its link).
      const failingShown = new Map();
      for (const failing of all(section, 'section.failing-requirement')) {
        let any = false;
        for (const article of all(failing, 'article.check')) any = any || checkVisible.get(article.id) === true;
        for (const ref of all(failing, 'p.check-ref')) {
          const on = checkVisible.get(ref.dataset.ref) === true;
          hide(ref, !on);
          any = any || on;
        }
        failingShown.set(failing.dataset.req, inFramework && any);
      }
      const rowShown = new Map();
      for (const row of all(section, 'table.requirements tr[data-req]')) {
        total += 1;
        const id = row.dataset.req;
        const viaChecks = failingShown.get(id) === true;
        const ok =
          inFramework &&
          statusMatches(row) &&
          (!findingFilter || viaChecks) &&
          (!query || text(row).includes(query) || viaChecks);
        rowShown.set(id, ok);
        hide(row, !ok);
        if (ok) shown += 1;
      }
      for (const failing of all(section, 'section.failing-requirement')) {
        const id = failing.dataset.req;
        const byRow = rowShown.get(id) === true && !findingFilter && !status.value;
        hide(failing, !(failingShown.get(id) === true || byRow));
      }
      for (const row of all(section, '.req-group:not([data-group="all"]) tr[data-req]')) {
        hide(row, rowShown.has(row.dataset.req) ? !rowShown.get(row.dataset.req) : !inFramework);
      }
      // A group (the table, failing, passing, manual, not assessed) with nothing left collapses, heading and all.
      let groupsShown = 0;
      for (const group of all(section, '.req-group')) {
        const items = all(group, 'tr[data-req], section.failing-requirement');
        const empty = !items.some((item) => !item.classList.contains('is-filtered-out'));
        hide(group, active && empty);
        if (!(active && empty)) groupsShown += 1;
      }
      hide(section, !inFramework || groupsShown === 0);
    }
    return { shown, total };
  }

  function filterFixes(query) {
    let shown = 0;
    const statusOk = !status.value || status.value === 'fail';
    for (const ns of all(document, 'section.ns-fix')) {
      const inNamespace = !namespace.value || ns.dataset.namespace === namespace.value;
      let rows = 0;
      for (const row of all(ns, 'tr[data-fix-object]')) {
        const object = text(row.querySelector('th'));
        let fixes = 0;
        for (const fix of all(row, 'li[data-severity]')) {
          const ok =
            inNamespace &&
            statusOk &&
            (!severity.value || fix.dataset.severity === severity.value) &&
            (!query || object.includes(query) || text(fix).includes(query));
          hide(fix, !ok);
          if (ok) fixes += 1;
        }
        hide(row, fixes === 0);
        if (fixes > 0) rows += 1;
      }
      hide(ns, rows === 0);
      shown += rows;
    }
    return shown;
  }

  function apply() {
    const query = search.value.trim().toLowerCase();
    const active = Boolean(severity.value || status.value || namespace.value || framework.value || query);
    const checks = filterChecks(query);
    const requirements = filterFrameworks(query, checks.visible, active);
    const objects = filterFixes(query);
    summary.textContent =
      `${checks.shown} of ${checks.total} listed findings, ${requirements.shown} of ${requirements.total} ` +
      `requirements and ${objects} ${objects === 1 ? 'object' : 'objects'} to fix shown`;
    stickyOffset();
  }

  form.addEventListener('input', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  window.addEventListener('resize', stickyOffset);
  apply();
})();
