// expect: race
// A page-view counter that defers its store to process.nextTick with the value read when the view
// was counted. Two views of one page in one turn both store 1: nextTick order decides which store
// lands last, and it does not make the read-then-store atomic.
const views = Object.create(null);

function countView(page) {
  const current = views[page] ?? 0; // race
  return new Promise((resolve) => {
    process.nextTick(() => {
      views[page] = current + 1; // race
      resolve();
    });
  });
}

async function visit(page) {
  await countView(page);
}

Promise.all([visit('home'), visit('home')]).then(() => console.log('home views', views.home));
