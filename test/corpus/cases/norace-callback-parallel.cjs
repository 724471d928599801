// expect: none
// A dashboard built with the async library: async.parallel loads three widgets, each storing its
// data on the page object and calling back; the final callback renders the page from all of them.
// async calls it from the widget that called back last, after counting the others.
const async = require('async');

const page = { widgets: {} };

function widget(name, ms) {
  return (cb) => {
    setTimeout(() => {
      page.widgets[name] = `${name}:${ms}`;
      cb(null);
    }, ms);
  };
}

async.parallel([widget('sales', 3), widget('stock', 1), widget('alerts', 2)], (err) => {
  if (err) throw err;
  const w = page.widgets;
  console.log(Object.keys(w).sort().join(','), [w.sales, w.stock, w.alerts].join(' '));
});
