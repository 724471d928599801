// expect: race
// The same dashboard, with widgets written as async functions (async.parallel accepts them), and each
// also adds its load time to a running total by reading it, awaiting its fetch and writing it back:
// the widgets run at once, so one overwrites another's addition.
const async = require('async');

const page = { widgets: {}, totalMs: 0 };

function widget(name, ms) {
  return async () => {
    const before = page.totalMs; // race
    await new Promise((r) => setTimeout(r, ms));
    page.widgets[name] = `${name}:${ms}`;
    page.totalMs = before + ms; // race
  };
}

async.parallel([widget('sales', 3), widget('stock', 1), widget('alerts', 2)], (err) => {
  if (err) throw err;
  console.log(Object.keys(page.widgets).sort().join(','), page.totalMs > 0);
});
