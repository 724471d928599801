// expect: none
// The same counter, counted inside the deferred callback: the read and the store are one segment.
const views = Object.create(null);

function countView(page) {
  return new Promise((resolve) => {
    process.nextTick(() => {
      views[page] = (views[page] ?? 0) + 1;
      resolve();
    });
  });
}

async function visit(page) {
  await countView(page);
}

Promise.all([visit('home'), visit('home')]).then(() => console.log('home views', views.home));
