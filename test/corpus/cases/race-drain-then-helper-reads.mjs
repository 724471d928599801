// expect: race
// A background save counts itself once an immediate has run; the test lets
// the timer queue turn once and then asks a helper for the count. A 0 ms
// timer and an immediate set in the main module run in either order, so
// the helper may or may not see the save.
let saved = 0;

async function save() {
  await new Promise((resolve) => setImmediate(resolve));
  saved++; // race
}

async function savedCount() {
  return saved; // race
}

save();
await new Promise((resolve) => setTimeout(resolve, 0));
console.log('checked', (await savedCount()) >= 0);
