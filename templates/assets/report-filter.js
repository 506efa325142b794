// Filters the findings tables in place. Reads only the page's own data-* attributes and the form; no network.
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
  const checks = Array.from(document.querySelectorAll('article.check'));

  function apply() {
    const query = search.value.trim().toLowerCase();
    let shown = 0;
    let total = 0;
    for (const check of checks) {
      const checkMatches =
        (!severity.value || check.dataset.severity === severity.value) &&
        (!framework.value || (check.dataset.frameworks || '').split(' ').includes(framework.value));
      const heading = (check.querySelector('header')?.textContent || '').toLowerCase();
      let visibleRows = 0;
      for (const row of check.querySelectorAll('tr[data-finding]')) {
        total += 1;
        const rowMatches =
          checkMatches &&
          (!status.value || row.dataset.status === status.value) &&
          (!namespace.value || row.dataset.namespace === namespace.value) &&
          (!query || heading.includes(query) || row.textContent.toLowerCase().includes(query));
        row.classList.toggle('is-filtered-out', !rowMatches);
        if (rowMatches) visibleRows += 1;
      }
      check.classList.toggle('is-filtered-out', visibleRows === 0);
      shown += visibleRows;
    }
    summary.textContent = `${shown} of ${total} listed findings shown`;
  }

  form.addEventListener('input', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  apply();
})();
